package dev.syncr.server.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Password hashes: Argon2id (via password4j) in the PHC string format, which carries its own parameters, so a hash
 * made with other settings still verifies and is upgraded at the next successful login.
 *
 * @param memoryKiB  memory per hash; OWASP's recommendation is 19 MiB with 2 passes
 * @param iterations passes over that memory
 */
public record Passwords(int memoryKiB, int iterations) {

    /** OWASP Password Storage Cheat Sheet (2025): m=19 MiB, t=2, p=1. */
    public static final Passwords OWASP = new Passwords(19 * 1024, 2);
    private static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;

    public Passwords {
        if (memoryKiB < 1024 || iterations < 1) {
            throw new IllegalArgumentException("Argon2id needs at least 1024 KiB and 1 pass, got " + memoryKiB
                    + " KiB and " + iterations);
        }
    }

    private Argon2Function function() {
        return Argon2Function.getInstance(memoryKiB, iterations, PARALLELISM, HASH_BYTES, Argon2.ID);
    }

    String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(function()).getResult();
    }

    boolean verify(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException malformed) {
            return false; // a hash we cannot read never matches
        }
    }

    /** Whether a stored hash was made with other settings than these (and should be redone at the next login). */
    boolean outdated(String hash) {
        return !hash.startsWith("$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + PARALLELISM + "$");
    }
}
