package dev.syncr.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of {@code multipart/form-data} (RFC 7578): parts come one at a time and each part's body is a
 * stream that ends at the next boundary, so a multi-gigabyte file part passes through a fixed 64 KiB buffer.
 * Anything malformed (no boundary, bad headers, a body that ends before the closing boundary) is a 400.
 */
public final class MultipartStream {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** One part: its form field name, its file name if it is a file, and its bytes. */
    public record Part(String name, String filename, Map<String, String> headers, InputStream body) {
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private PartBody current;
    private boolean finished;

    public MultipartStream(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER + delimiter.length];
        // The first boundary has no CRLF before it; pretend it had one so every delimiter looks the same.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary named in a {@code multipart/form-data} Content-Type, or a 400/415 saying what is wrong. */
    public static String boundaryOf(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("multipart/form-data")) {
            throw new ApiException(415, "unsupported_media_type",
                    "POST /files/upload takes multipart/form-data with parts file, file_id and expected_version");
        }
        String boundary = parameters(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new ApiException(400, "invalid_multipart", "multipart/form-data without a boundary parameter");
        }
        if (boundary.length() > 70) {
            throw new ApiException(400, "invalid_multipart", "multipart boundary is longer than 70 characters");
        }
        return boundary;
    }

    /** The next part, or {@code null} after the closing boundary. Unread bytes of the previous part are skipped. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        // skip the rest of the previous part, or the preamble before the first boundary
        PartBody skipping = current != null ? current : new PartBody();
        skipping.drain();
        ensure(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        expectCrlf("after a boundary");
        Map<String, String> headers = readHeaders();
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw malformed("a part has no Content-Disposition header");
        }
        Map<String, String> params = parameters(disposition);
        String name = params.get("name");
        if (name == null) {
            throw malformed("a part's Content-Disposition has no name");
        }
        current = new PartBody();
        return new Part(name, params.get("filename"), headers, current);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (!ensure(1)) {
                    throw malformed("body ended inside a part's headers");
                }
                byte b = buf[pos++];
                if (++total > MAX_HEADER_BYTES) {
                    throw malformed("a part's headers are larger than " + MAX_HEADER_BYTES + " bytes");
                }
                if (b == '\r') {
                    if (!ensure(1) || buf[pos] != '\n') {
                        throw malformed("a part header line does not end with CRLF");
                    }
                    pos++;
                    break;
                }
                line.append((char) (b & 0xff));
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                throw malformed("malformed part header: " + HttpCall.abbreviate(line.toString()));
            }
            // header bytes are UTF-8 in practice (browsers send UTF-8 file names raw)
            String value = new String(line.substring(colon + 1).strip().getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), value);
        }
    }

    private void expectCrlf(String where) throws IOException {
        if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw malformed("expected a line break " + where);
        }
        pos += 2;
    }

    /** Makes at least {@code n} unread bytes available, unless the body ends first. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            fill();
        }
        return lim - pos >= n;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    private int indexOfDelimiter() {
        outer:
        for (int i = pos; i <= lim - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static ApiException malformed(String message) {
        return new ApiException(400, "invalid_multipart", "malformed multipart body: " + message);
    }

    /** Splits {@code type; a=1; b="x;y"} into its parameters, names lower-cased, quotes removed. */
    static Map<String, String> parameters(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int eq = header.indexOf('=', i + 1);
            if (eq < 0) {
                break;
            }
            String key = header.substring(i + 1, eq).strip().toLowerCase(Locale.ROOT);
            int start = eq + 1;
            while (start < header.length() && header.charAt(start) == ' ') {
                start++;
            }
            String value;
            int next;
            if (start < header.length() && header.charAt(start) == '"') {
                StringBuilder quoted = new StringBuilder();
                int j = start + 1;
                while (j < header.length() && header.charAt(j) != '"') {
                    if (header.charAt(j) == '\\' && j + 1 < header.length()) {
                        j++;
                    }
                    quoted.append(header.charAt(j++));
                }
                value = quoted.toString();
                next = header.indexOf(';', j);
            } else {
                next = header.indexOf(';', start);
                value = (next < 0 ? header.substring(start) : header.substring(start, next)).strip();
            }
            params.putIfAbsent(key, value);
            i = next;
        }
        return params;
    }

    /** The bytes of one part, ending where the next delimiter begins. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] out, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int found = indexOfDelimiter();
                if (found == pos) {
                    pos += delimiter.length;
                    done = true;
                    return -1;
                }
                int available = found >= 0 ? found - pos : lim - pos - (delimiter.length - 1);
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buf, pos, out, off, n);
                    pos += n;
                    return n;
                }
                if (eof) {
                    throw malformed("body ended before the closing boundary");
                }
                fill();
            }
        }

        void drain() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // skip
            }
        }
    }
}
