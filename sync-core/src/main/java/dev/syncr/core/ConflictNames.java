package dev.syncr.core;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Names for the conflicted copies of keep-both resolution, in the seed's format:
 * {@code docs/document.txt} → {@code docs/document (conflicted copy ClientB).txt}.
 *
 * <ul>
 *   <li>the marker goes before the last extension ({@code archive.tar (conflicted copy B).gz});</li>
 *   <li>dotfiles and names without an extension get it at the end ({@code .bashrc (conflicted copy B)});</li>
 *   <li>an optional date follows the client name ({@code (conflicted copy B 2026-11-24)});</li>
 *   <li>a name already taken gets a counter: {@code (conflicted copy B 2)}, {@code (conflicted copy B 3)}…;</li>
 *   <li>a conflicted copy that conflicts again is renamed from its original name, so markers never nest.</li>
 * </ul>
 */
public final class ConflictNames {

    private static final String MARKER = "conflicted copy";
    /** A marker we wrote earlier, right before the extension (or at the end). */
    private static final Pattern EXISTING_MARKER = Pattern.compile(" \\(" + MARKER + " [^()]*\\)$");
    private static final int MAX_CLIENT_NAME = 64;
    private static final int MAX_ATTEMPTS = 10_000;

    private ConflictNames() {
    }

    /** The first conflicted-copy name for {@code original} that {@code taken} does not report as in use. */
    public static FileId conflictedCopy(FileId original, String clientName, LocalDate date, Predicate<FileId> taken) {
        String label = safeClientName(clientName) + (date == null ? "" : " " + date);
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            FileId candidate = build(original, n == 1 ? label : label + " " + n);
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free conflicted-copy name for " + original + " after " + MAX_ATTEMPTS);
    }

    public static FileId conflictedCopy(FileId original, String clientName, Predicate<FileId> taken) {
        return conflictedCopy(original, clientName, null, taken);
    }

    /** The seed's plain form, without checking whether the name is taken. */
    public static FileId conflictedCopy(FileId original, String clientName) {
        return conflictedCopy(original, clientName, null, id -> false);
    }

    /** Whether {@code id} is a conflicted copy made by this naming scheme. */
    public static boolean isConflictedCopy(FileId id) {
        String[] parts = split(id.name());
        return EXISTING_MARKER.matcher(parts[0]).find();
    }

    /**
     * A client name as it may appear inside a file name: path separators, control characters and parentheses
     * become {@code _}, runs of spaces collapse, and it is cut to a sane length.
     */
    public static String safeClientName(String clientName) {
        if (clientName == null || clientName.isBlank()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder();
        clientName.strip().codePoints().forEach(cp -> {
            boolean unsafe = cp == '/' || cp == '\\' || cp == '(' || cp == ')' || Character.isISOControl(cp);
            out.appendCodePoint(unsafe ? '_' : cp);
        });
        String safe = out.toString().replaceAll("\\s+", " ");
        if (safe.codePointCount(0, safe.length()) > MAX_CLIENT_NAME) {
            safe = safe.substring(0, safe.offsetByCodePoints(0, MAX_CLIENT_NAME)).strip();
        }
        return safe;
    }

    private static FileId build(FileId original, String label) {
        String[] parts = split(original.name());
        String stem = EXISTING_MARKER.matcher(parts[0]).replaceFirst("");
        String suffix = " (" + MARKER + " " + label + ")" + parts[1];
        String parent = original.parent();
        String prefix = parent.isEmpty() ? "" : parent + "/";
        int budget = FileId.MAX_UTF8_BYTES - utf8(prefix) - utf8(suffix);
        return FileId.of(prefix + truncateUtf8(stem, Math.max(budget, 1)) + suffix);
    }

    /** Splits a name into stem and extension ({@code ".txt"}, or empty for dotfiles and names without one). */
    private static String[] split(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return new String[] {name, ""};
        }
        return new String[] {name.substring(0, dot), name.substring(dot)};
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String truncateUtf8(String s, int maxBytes) {
        if (utf8(s) <= maxBytes) {
            return s;
        }
        int end = 0;
        int bytes = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = utf8(new String(Character.toChars(cp)));
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }
}
