package dev.syncr.server.http;

import java.util.Optional;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14), resolved against the file size. Several ranges
 * at once are answered with the whole file, which the RFC allows and no sync client needs otherwise.
 */
public record ByteRange(long first, long last, boolean satisfiable) {

    public long length() {
        return last - first + 1;
    }

    /** Empty when the header is not a single bytes range we serve (the whole file is sent then). */
    public static Optional<ByteRange> parse(String header, long size) {
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return Optional.empty();
        }
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                // suffix range: the last N bytes
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) {
                    return Optional.of(new ByteRange(0, 0, false));
                }
                return Optional.of(new ByteRange(Math.max(0, size - n), size - 1, true));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
                return Optional.empty();
            }
            if (first >= size) {
                return Optional.of(new ByteRange(first, first, false));
            }
            return Optional.of(new ByteRange(first, last, true));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
