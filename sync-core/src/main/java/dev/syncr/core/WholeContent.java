package dev.syncr.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A version's whole content, as a stream, with the CRC-32C of all of it when the server keeps one (see
 * {@link dev.syncr.core.chunk.Manifest#crc32c}): what a download sends for its reader to check.
 */
public record WholeContent(InputStream bytes, OptionalLong crc32c) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
