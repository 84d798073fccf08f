package dev.syncr.examples;

import dev.syncr.core.ConflictNames;
import dev.syncr.core.FileId;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** sync-core as a plain library: in-memory stores, one conflict, resolved by keeping both. No server. */
public final class EmbeddedQuickstart {

    public static void main(String[] args) throws IOException {
        SyncService sync = new SyncService(new InMemoryMetadataStore(), new InMemoryBlobStore());
        FileId doc = FileId.of("notes/todo.txt");
        upload(sync, doc, 0, "buy milk", "laptop");                               // created v1
        upload(sync, doc, 1, "buy milk and eggs", "laptop");                      // v1 → v2
        WriteOutcome phone = upload(sync, doc, 1, "buy milk and bread", "phone"); // based on v1: too late
        if (phone instanceof WriteOutcome.Conflict conflict) {
            System.out.println("phone lost: server is at v" + conflict.currentVersion() + "; keeping both");
            FileId copy = ConflictNames.conflictedCopy(doc, "phone", id -> sync.metadata(id).isPresent());
            upload(sync, copy, 0, "buy milk and bread", "phone");
        }
        sync.list().forEach(f -> System.out.println(f.id() + " v" + f.version() + " by " + f.clientId()));
    }

    private static WriteOutcome upload(SyncService sync, FileId id, long expected, String text, String client)
            throws IOException {
        WriteOutcome outcome = sync.upload(new UploadRequest(id, expected, new ByteArrayInputStream(text.getBytes()),
                client));
        if (outcome instanceof WriteOutcome.Committed c) {
            System.out.println(client + " wrote " + id + " v" + c.version().version());
        }
        return outcome;
    }
}
