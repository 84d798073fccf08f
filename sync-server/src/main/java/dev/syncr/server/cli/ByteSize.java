package dev.syncr.server.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A size as an operator writes it: {@code 10G}, {@code 500M}, {@code 2GiB}, {@code 1048576}; binary units (K = 1024).
 * {@code none} (or {@code unlimited}) is no limit, {@link Long#MAX_VALUE}.
 */
final class ByteSize implements CommandLine.ITypeConverter<Long> {

    private static final Pattern FORM = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)(i?b)?");

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("unlimited")) {
            return Long.MAX_VALUE;
        }
        Matcher m = FORM.matcher(v);
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (like 10G, 500M, 1048576, "
                    + "or none)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too large");
        }
        return n << shift;
    }

    /** A size for people ({@code 10.0 GiB}); {@code unlimited} for none. */
    static String show(long bytes) {
        return bytes == Long.MAX_VALUE ? "unlimited" : dev.syncr.core.ByteCount.show(bytes);
    }
}
