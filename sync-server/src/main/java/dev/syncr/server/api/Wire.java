package dev.syncr.server.api;

import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import dev.syncr.server.http.ApiException;

/** Values a request body or form carries, checked: a bad one is a 400 that says which and why. */
final class Wire {

    private Wire() {
    }

    static FileId fileId(String raw) {
        try {
            return FileId.of(raw);
        } catch (InvalidFileIdException e) {
            throw ApiException.invalidFileId(e);
        }
    }

    static String contentHash(String raw) {
        try {
            return ContentHash.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
