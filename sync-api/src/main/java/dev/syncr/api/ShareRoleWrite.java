package dev.syncr.api;

/** {@code PATCH /shares/{id}}: give a member another role (the owner only). */
public record ShareRoleWrite(String with, String role) {

    public ShareRoleWrite {
        if (with == null || with.isBlank()) {
            throw InvalidBody.missing("with", "the member whose role changes");
        }
        if (role == null || role.isBlank()) {
            throw InvalidBody.missing("role", "viewer or editor");
        }
    }
}
