package dev.syncr.api;

/** {@code POST /files/{id}/restore}: make an old version's content the new head. */
public record RestoreWrite(Long version, Long expectedVersion) {

    public RestoreWrite {
        if (version == null || version < 1) {
            throw InvalidBody.missing("version", "the version to restore, 1 or more");
        }
        InvalidBody.requireVersion("expected_version", expectedVersion);
    }
}
