package dev.syncr.api;

/** {@code POST /files/{id}/move}: give the file another name (a rename, or a move into another folder). */
public record MoveWrite(String to, Long expectedVersion) {

    public MoveWrite {
        if (to == null || to.isBlank()) {
            throw InvalidBody.missing("to", "the file's new id, e.g. \"docs/report.txt\"");
        }
        InvalidBody.requireVersion("expected_version", expectedVersion);
    }
}
