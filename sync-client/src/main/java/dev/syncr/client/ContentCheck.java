package dev.syncr.client;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * What a download's bytes are checked against as they go by: the CRC-32C the server computed when it stored them,
 * where it keeps one, else the content's SHA-256. Both are the server's word, so both catch damage in transit or at
 * rest and neither stops a forging server; for that, the CRC-32C is as good and one core computes it about 30 times
 * faster (54 GB/s against 1.7 GB/s here), so checking no longer sets a download's pace.
 */
final class ContentCheck {

    private final String contentHash;
    private final String crc32c;
    private final MessageDigest sha;
    private final CRC32C crc = new CRC32C();

    /**
     * @param contentHash the content's SHA-256 as the server sent it, or null (then nothing is checked)
     * @param crc32c      its CRC-32C as the server sent it, or null (then the SHA-256 is)
     */
    ContentCheck(String contentHash, String crc32c) {
        this.contentHash = contentHash;
        this.crc32c = contentHash == null || crc32c == null ? null : crc32c.strip().toLowerCase(Locale.ROOT);
        this.sha = this.crc32c == null ? ContentHash.newDigest() : null;
    }

    void update(byte[] bytes, int off, int len) {
        if (sha != null) {
            sha.update(bytes, off, len);
        } else {
            crc.update(bytes, off, len);
        }
    }

    /**
     * The content's SHA-256, once all its bytes went by and matched: the one computed, or the server's where the
     * CRC-32C vouched for the bytes.
     *
     * @param damaged what went wrong, for the message, should they not match
     */
    String verify(String damaged) throws IOException {
        if (sha == null) {
            String got = ContentHash.crc32cText(crc.getValue());
            if (!got.equals(crc32c)) {
                throw new IOException(damaged + ": CRC-32C " + got + ", expected " + crc32c);
            }
            return contentHash;
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (contentHash != null && !got.equals(contentHash)) {
            throw new IOException(damaged + ": hash " + got + ", expected " + contentHash);
        }
        return got;
    }
}
