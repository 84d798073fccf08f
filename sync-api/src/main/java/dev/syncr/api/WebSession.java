package dev.syncr.api;

/**
 * {@code /auth/session}: whether this browser is signed in to the web page, as whom, and the value each change it
 * makes with the session cookie must carry in {@code X-Syncr-CSRF}; {@code open} when the server has no accounts and
 * the page needs no sign-in.
 */
public record WebSession(boolean signedIn, boolean open, String user, String csrf) {
}
