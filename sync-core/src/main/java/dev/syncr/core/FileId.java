package dev.syncr.core;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * A file's identity: a path-like name such as {@code docs/report.txt}. Slashes separate folders and are part of
 * the id. Every id is validated and normalized to Unicode NFC, so {@code é} typed as one code point or as
 * {@code e} plus a combining accent names the same file.
 *
 * <pre>{@code
 * FileId id = FileId.of("docs/report.txt");
 * id.name();   // "report.txt"
 * id.parent(); // "docs"
 * }</pre>
 */
public record FileId(String value) implements Comparable<FileId> {

    public static final int MAX_UTF8_BYTES = 1024;

    public FileId {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidFileIdException(value, problem);
        }
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            throw new InvalidFileIdException(value, "must be NFC-normalized; use FileId.of");
        }
    }

    /** Normalizes {@code raw} to NFC and validates it. */
    public static FileId of(String raw) {
        if (raw == null) {
            throw new InvalidFileIdException(null, "file id is required");
        }
        return new FileId(Normalizer.normalize(raw, Normalizer.Form.NFC));
    }

    /** Why {@code raw} (after NFC normalization) is not a valid id, or {@code null} when it is. */
    public static String problemWith(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "file id is empty";
        }
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
            return "file id is longer than " + MAX_UTF8_BYTES + " UTF-8 bytes";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "file id contains a NUL character";
            }
            if (Character.isISOControl(c)) {
                return "file id contains a control character (U+%04X)".formatted((int) c);
            }
            if (c == '\\') {
                return "file id contains a backslash; use '/' to separate folders";
            }
        }
        if (value.startsWith("/")) {
            return "file id starts with '/'; ids are relative, like docs/report.txt";
        }
        if (value.endsWith("/")) {
            return "file id ends with '/'; a file id names a file, not a folder";
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return "file id has an empty segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "file id has a '" + segment + "' segment";
            }
        }
        return null;
    }

    /** The last segment: {@code report.txt} for {@code docs/report.txt}. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** The folder part, or the empty string for a top-level file. */
    public String parent() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? "" : value.substring(0, slash);
    }

    /** The same folder with another last segment. */
    public FileId withName(String name) {
        String parent = parent();
        return FileId.of(parent.isEmpty() ? name : parent + "/" + name);
    }

    @Override
    public int compareTo(FileId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
