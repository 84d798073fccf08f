package dev.syncr.core;

import java.util.Locale;

/** A number of bytes as people read it, in binary units: {@code 12 B}, {@code 300.0 KiB}, {@code 1.5 GiB}. */
public final class ByteCount {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteCount() {
    }

    public static String show(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
