package dev.syncr.server.dav;

import dev.syncr.core.WriteOutcome;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A client's {@code OC-Checksum} header ({@code SHA256:hex}, as the capabilities ask): the SHA-256 is our content
 * hash, so the upload is refused (400, nothing stored) when the bytes that arrived are not the ones the client
 * hashed. Other types (a client that ignores the capabilities) are not checked.
 */
final class Checksums {

    private static final Pattern SHA256 = Pattern.compile("(?i)SHA256:([0-9a-f]{64})");

    private Checksums() {
    }

    static Optional<String> sha256(HttpCall call) {
        return call.header("OC-Checksum").map(String::strip).flatMap(value -> {
            var m = SHA256.matcher(value);
            return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
        });
    }

    static ApiException mismatch(WriteOutcome.HashMismatch m) {
        return new ApiException(400, "hash_mismatch", "the content's SHA-256 is " + m.actual()
                + ", not the OC-Checksum sent (" + m.claimed() + "); nothing was stored");
    }
}
