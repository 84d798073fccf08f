package dev.syncr.server.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The secret a scraper sends to read {@code /metrics} (--metrics-token-file), kept only as its SHA-256 and compared in
 * constant time, like every other secret of the server.
 */
public final class MetricsToken {

    private final byte[] digest;

    private MetricsToken(String token) {
        this.digest = sha256(token);
    }

    /** The first line of {@code file}; an empty one is refused, as it would let anyone in. */
    public static MetricsToken fromFile(Path file) throws IOException {
        String token = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        if (token.isEmpty()) {
            throw new IOException("--metrics-token-file " + file + " is empty");
        }
        return new MetricsToken(token);
    }

    /** Whether an {@code Authorization} header carries this token as {@code Bearer TOKEN}. */
    public boolean matches(String authorization) {
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(value.substring(7).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
