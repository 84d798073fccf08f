package dev.syncr.server.http;

import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Where a {@code /files/…} path points. File ids contain slashes, so the action is read from the end of the path:
 * {@code /files/docs/report.txt/metadata} is the metadata of {@code docs/report.txt}. A file whose own last segment is
 * an action word ({@code docs/metadata}) is reached with an encoded slash: {@code /files/docs%2Fmetadata}.
 */
record FileRoute(FileId id, Action action, long version) {

    enum Action { LIST, FILE, METADATA, DOWNLOAD, VERSIONS, RESTORE, VERSION, VERSION_DOWNLOAD, MANIFEST, MOVE }

    private static final Set<String> SUFFIXES = Set.of("metadata", "download", "versions", "restore", "manifest",
            "move");

    /** Parses the raw (still percent-encoded) path after {@code /files}. */
    static FileRoute parse(String rawPath) {
        String rest = rawPath.substring("/files".length());
        if (rest.isEmpty() || rest.equals("/")) {
            return new FileRoute(null, Action.LIST, 0);
        }
        String[] segments = rest.substring(1).split("/", -1);
        int n = segments.length;
        if (n >= 4 && segments[n - 1].equals("download") && segments[n - 3].equals("versions")
                && isNumber(segments[n - 2])) {
            return new FileRoute(id(segments, n - 3), Action.VERSION_DOWNLOAD, version(segments[n - 2]));
        }
        if (n >= 3 && segments[n - 2].equals("versions") && isNumber(segments[n - 1])) {
            return new FileRoute(id(segments, n - 2), Action.VERSION, version(segments[n - 1]));
        }
        if (n >= 2 && SUFFIXES.contains(segments[n - 1])) {
            Action action = Action.valueOf(segments[n - 1].toUpperCase(java.util.Locale.ROOT));
            return new FileRoute(id(segments, n - 1), action, 0);
        }
        return new FileRoute(id(segments, n), Action.FILE, 0);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit);
    }

    private static long version(String s) {
        long v = Long.parseLong(s);
        if (v < 1) {
            throw ApiException.badRequest("versions start at 1");
        }
        return v;
    }

    private static FileId id(String[] segments, int count) {
        String raw = String.join("/", Arrays.copyOf(segments, count));
        String decoded = percentDecode(raw);
        try {
            return FileId.of(decoded);
        } catch (InvalidFileIdException e) {
            throw invalidId(e);
        }
    }

    static ApiException invalidId(InvalidFileIdException e) {
        return new ApiException(400, "invalid_file_id", "invalid file id: " + e.reason());
    }

    /** Percent-decoding for paths: unlike form decoding, {@code +} stays a plus. Bytes must be valid UTF-8. */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw ApiException.badRequest("malformed percent-encoding in path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw ApiException.badRequest("malformed percent-encoding in path");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("path is not valid UTF-8 after percent-decoding");
        }
    }
}
