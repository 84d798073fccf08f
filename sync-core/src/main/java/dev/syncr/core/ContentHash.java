package dev.syncr.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 content hashing, computed while the bytes stream past, and the content-addressed key layout. */
public final class ContentHash {

    private static final HexFormat HEX = HexFormat.of();

    private ContentHash() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /** A CRC-32C as it travels: 8 lower-case hex digits, like the hashes ({@code X-Content-CRC32C}, manifests). */
    public static String crc32cText(long crc) {
        return HexFormat.of().toHexDigits((int) crc);
    }

    public static String of(byte[] content) {
        return HEX.formatHex(newDigest().digest(content));
    }

    /** The hash of {@code length} bytes of {@code content} from {@code offset}. */
    public static String of(byte[] content, int offset, int length) {
        MessageDigest digest = newDigest();
        digest.update(content, offset, length);
        return HEX.formatHex(digest.digest());
    }

    private static final int SMALL_READ = 8 * 1024;

    /** The hash of a file's content, streamed through a small buffer: any size in bounded memory. */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            // most files in a synced folder are small: they get a buffer of their own size, not 64 KiB to zero
            byte[] first = in.readNBytes(SMALL_READ);
            digest.update(first);
            if (first.length == SMALL_READ) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HEX.formatHex(digest.digest());
    }

    public static boolean isValid(String hash) {
        if (hash == null || hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A hash a client claims, normalized; refused with a message a person can act on when it is not a SHA-256.
     *
     * @throws IllegalArgumentException when it is not 64 hexadecimal characters
     */
    public static String parse(String claimed) {
        String hash = normalize(claimed);
        if (!isValid(hash)) {
            throw new IllegalArgumentException("content_hash must be a SHA-256 digest: 64 hexadecimal characters");
        }
        return hash;
    }

    /** A client may send its hash in upper case; we store and compare lower case. */
    public static String normalize(String hash) {
        return hash == null ? null : hash.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The blob key for a hash: {@code sha256/ab/cd/abcd…}. Two levels of fan-out keep any folder small on a
     * filesystem and spread keys across S3 partitions.
     */
    public static String storageKey(String hash) {
        return "sha256/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash;
    }

    /** Wraps a stream so the hash and byte count are known once it has been read to the end. */
    public static Hashing hashing(InputStream in) {
        return new Hashing(in);
    }

    /** An input stream that digests and counts everything read through it. */
    public static final class Hashing extends FilterInputStream {
        private final MessageDigest digest = newDigest();
        private long count;

        private Hashing(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                digest.update(buf, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            // skipping would leave bytes out of the hash
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readlimit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported while hashing");
        }

        /** The finished ref; call once, after the stream has been read to the end. */
        public ContentRef finish() {
            return ContentRef.of(HEX.formatHex(digest.digest()), count);
        }
    }
}
