package dev.syncr.server.http;

import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import dev.syncr.core.share.Tree;
import dev.syncr.server.accounts.Caller;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request as a handler receives it: the call, and for an {@link Endpoint.Access#ACCOUNT} endpoint who the caller
 * is and their {@link Tree}: their home and the shared folders they are in, each with its quota and their role. A
 * handler never sees the unscoped service, so none can reach a namespace the caller is not in.
 *
 * @param caller null on an open endpoint
 * @param tree   null on an open endpoint
 * @param params the path's placeholders, still percent-encoded
 */
public record Request(HttpCall call, Caller caller, Tree tree, Map<String, String> params) {

    /** The {@code {file_id}} of the path, percent-decoded and checked. */
    public FileId fileId() {
        try {
            return FileId.of(percentDecode(params.get("file_id")));
        } catch (InvalidFileIdException e) {
            throw ApiException.invalidFileId(e);
        }
    }

    /** The {@code {version}} of the path: versions start at 1. */
    public long version() {
        return HttpCall.parseLong("version", params.get("version"), 1, Long.MAX_VALUE);
    }

    /** A placeholder's value, percent-decoded (a path keeps its slashes; a trailing one is dropped). */
    public String decoded(String name) {
        String raw = params.get(name);
        return raw == null ? null : percentDecode(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
    }

    /** A placeholder's raw value. */
    public String param(String name) {
        return params.get(name);
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
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
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
