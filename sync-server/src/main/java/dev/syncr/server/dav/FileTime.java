package dev.syncr.server.dav;

import dev.syncr.server.http.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A modification time a WebDAV client sets on a file: Unix seconds, perhaps with a fraction ({@code X-OC-Mtime},
 * Nextcloud's {@code lastmodified}), or an HTTP date (Windows' {@code Win32LastModifiedTime}).
 */
final class FileTime {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
    /** Later than any file system's time; a bigger number is a client's mistake. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private FileTime() {
    }

    /** The time {@code value} says, or empty when it is neither form. */
    static Optional<Instant> parse(String value) {
        String v = value.strip();
        if (SECONDS.matcher(v).matches()) {
            BigDecimal seconds = new BigDecimal(v);
            Instant at = Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            return at.isAfter(LATEST) ? Optional.empty() : Optional.of(at);
        }
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An {@code X-OC-Mtime} header's time; a value that is not one is the client's mistake (400). */
    static Instant header(String value) {
        return parse(value).orElseThrow(() -> ApiException.badRequest(
                "X-OC-Mtime is a time in Unix seconds, like 1700000000 or 1700000000.5"));
    }
}
