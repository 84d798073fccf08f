package dev.syncr.core.gc;

import dev.syncr.core.BlobStore;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that every content a version references is there and hashes right: each chunk, the whole blob, or the
 * inline bytes.
 */
public final class Fsck {

    private final MetadataStore metadata;
    private final BlobStore blobs;

    public Fsck(MetadataStore metadata, BlobStore blobs) {
        this.metadata = metadata;
        this.blobs = blobs;
    }

    /** What was checked, and every problem found (empty: all is well). */
    public record Report(long contents, long blobsChecked, List<String> problems) {

        public boolean clean() {
            return problems.isEmpty();
        }
    }

    public Report check() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> checked = new HashSet<>();
        List<ContentRef> contents = metadata.referencedContent();
        for (ContentRef content : contents) {
            if (content.inline()) {
                Optional<byte[]> bytes = metadata.inlineContent(content.hash());
                if (bytes.isEmpty()) {
                    problems.add("inline content " + content.hash() + " is missing");
                } else if (!ContentHash.of(bytes.get()).equals(content.hash())) {
                    problems.add("inline content " + content.hash() + " hashes to " + ContentHash.of(bytes.get()));
                }
                continue;
            }
            if (!content.chunked()) {
                verify(content.storageKey(), content.hash(), checked, problems, "version content");
                continue;
            }
            Optional<Manifest> manifest = metadata.manifest(content.hash());
            if (manifest.isEmpty()) {
                problems.add("no manifest for " + content.hash());
                continue;
            }
            for (ChunkRef chunk : manifest.get().chunks()) {
                verify(ContentHash.storageKey(chunk.hash()), chunk.hash(), checked, problems,
                        "chunk of " + content.hash());
            }
        }
        return new Report(contents.size(), checked.size(), problems);
    }

    private void verify(String key, String hash, Set<String> checked, List<String> problems, String what)
            throws IOException {
        if (!checked.add(key)) {
            return;
        }
        try (InputStream in = blobs.open(key)) {
            ContentHash.Hashing hashing = ContentHash.hashing(in);
            hashing.transferTo(OutputStream.nullOutputStream());
            String actual = hashing.finish().hash();
            if (!actual.equals(hash)) {
                problems.add(what + ": " + key + " hashes to " + actual);
            }
        } catch (NoSuchFileException e) {
            problems.add(what + ": " + key + " is missing");
        }
    }
}
