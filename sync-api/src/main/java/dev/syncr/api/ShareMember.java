package dev.syncr.api;

/** Someone a shared folder is shared with, and their role ({@code owner}, {@code editor} or {@code viewer}). */
public record ShareMember(String user, String role) {
}
