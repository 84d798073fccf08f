package dev.syncr.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Device tokens: {@code syncr_} and 192 random bits in hex, so a leaked one is recognisable (secret scanners, logs)
 * and selects with a double click. Only its SHA-256 is stored: a token has full entropy, so a fast hash is enough
 * (a slow password hash would only slow every request).
 */
final class TokenSecret {

    static final String PREFIX = "syncr_";
    private static final int SECRET_BYTES = 24;
    private static final int ID_BYTES = 6;
    private static final Pattern SHAPE = Pattern.compile("syncr_[0-9a-f]{" + 2 * SECRET_BYTES + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private TokenSecret() {
    }

    static String newToken() {
        return PREFIX + randomHex(SECRET_BYTES);
    }

    /** A token's public id: random, unrelated to its secret. */
    static String newId() {
        return randomHex(ID_BYTES);
    }

    /** Whether a string could be a token at all; anything else is refused before the database is asked. */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    static String sha256(String token) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HEX.formatHex(random);
    }
}
