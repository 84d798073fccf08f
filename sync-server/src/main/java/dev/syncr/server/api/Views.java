package dev.syncr.server.api;

import dev.syncr.api.ApiJson;
import dev.syncr.api.ChangeEntry;
import dev.syncr.api.ConflictView;
import dev.syncr.api.FileMetadata;
import dev.syncr.api.LineRange;
import dev.syncr.api.MergedFrom;
import dev.syncr.api.VersionInfo;
import dev.syncr.api.WriteResponse;
import dev.syncr.core.share.Tree;
import dev.syncr.core.ConflictRecord;
import dev.syncr.core.FileVersion;
import dev.syncr.core.ThreeWayMerge;
import java.util.List;

/** The domain's values as the API's wire records ({@code dev.syncr.api}). */
final class Views {

    private Views() {
    }

    static FileMetadata metadata(FileVersion r) {
        return new FileMetadata(r.id().value(), r.version(), r.hash(),
                r.content() == null ? null : r.content().storageKey(), r.size(), r.deleted(),
                ApiJson.time(r.createdAt()), r.clientId());
    }

    static VersionInfo version(FileVersion v) {
        return new VersionInfo(v.id().value(), v.version(), v.hash(), v.size(),
                v.content() == null ? null : v.content().storageKey(), v.deleted(), ApiJson.time(v.createdAt()),
                v.clientId(), mergedFrom(v));
    }

    static MergedFrom mergedFrom(FileVersion v) {
        return v.merge() == null ? null : new MergedFrom(v.merge().base(), v.merge().head());
    }

    /** A version the server merged. */
    static WriteResponse merged(FileVersion v) {
        return new WriteResponse("merged", v.id().value(), v.version(), v.hash(), v.content().storageKey(), v.size(),
                v.version() - 1, mergedFrom(v));
    }

    static ConflictView conflict(ConflictRecord c) {
        return new ConflictView(c.id(), c.file().value(), c.baseVersion(), c.winnerVersion(), c.copy().value(),
                c.copyVersion(), c.clientId(), ApiJson.time(c.createdAt()), c.open() ? "open" : "resolved",
                c.open() ? null : c.resolution().wireName(), c.open() ? null : ApiJson.time(c.resolvedAt()),
                c.resolvedBy());
    }

    static List<LineRange> overlaps(List<ThreeWayMerge.LineRange> overlaps) {
        return overlaps.isEmpty() ? null : overlaps.stream().map(r -> new LineRange(r.from(), r.to())).toList();
    }

    static ChangeEntry change(Tree.Entry entry) {
        return switch (entry) {
            case Tree.Entry.Version c -> {
                FileVersion v = c.version();
                yield new ChangeEntry(c.cursor(), v.id().value(), v.version(), v.deleted(), v.hash(), v.size(),
                        v.clientId(), ApiJson.time(v.createdAt()));
            }
            case Tree.Entry.Mounted m -> new ChangeEntry(m.cursor(), m.path().value(), 0, !m.mounted(), null, 0, null,
                    null, m.mounted() ? "mounted" : "unmounted");
        };
    }

    /** A committed write; {@code from} is the head it replaced (0: none). */
    static WriteResponse written(String status, FileVersion v, long from) {
        if (v.deleted()) {
            return new WriteResponse("deleted", v.id().value(), v.version(), null, null, null, from);
        }
        return new WriteResponse(status, v.id().value(), v.version(), v.hash(), v.content().storageKey(), v.size(),
                from == 0 ? null : from);
    }

    /** A write that changed nothing: the head it matched. */
    static WriteResponse unchanged(FileVersion head) {
        return new WriteResponse("unchanged", head.id().value(), head.version(), head.hash(),
                head.content() == null ? null : head.content().storageKey(),
                head.content() == null ? null : head.size(), null);
    }
}
