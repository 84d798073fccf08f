package dev.syncr.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords verified a moment ago. A WebDAV client signing with the account password sends it with every request,
 * and a memory-hard hash per request would make each one cost tens of milliseconds and a slice of the password pool;
 * so a right password is remembered for a few minutes, as a keyed hash (a key made at start-up, never stored), next
 * to the stored hash it matched: a password changed meanwhile (by any process) no longer matches that. Bounded: the
 * oldest is forgotten first.
 */
final class RecentPasswords {

    static final Duration KEPT = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 1024;

    private record Remembered(String storedHash, Instant until) {
    }

    private final byte[] key = new byte[32];
    private final Map<String, Remembered> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    RecentPasswords() {
        new SecureRandom().nextBytes(key);
    }

    /** Whether {@code password} of {@code user} was found right against {@code storedHash} a moment ago. */
    synchronized boolean known(String user, String password, String storedHash, Instant now) {
        Remembered entry = entries.get(mac(user, password));
        return entry != null && entry.storedHash().equals(storedHash) && now.isBefore(entry.until());
    }

    synchronized void remember(String user, String password, String storedHash, Instant now) {
        entries.put(mac(user, password), new Remembered(storedHash, now.plus(KEPT)));
    }

    private String mac(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
