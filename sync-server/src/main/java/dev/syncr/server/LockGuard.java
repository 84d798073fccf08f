package dev.syncr.server;

import dev.syncr.core.FileId;
import dev.syncr.core.Namespace;
import dev.syncr.core.share.Tree;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.jdbc.JdbcLocks;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locks bind every API, not only WebDAV: a write through the JSON API, the web page or WebDAV to a file a lock covers
 * passes only with the lock's token in the request's {@code If} header ({@code If: (<opaquelocktoken:…>)}).
 */
final class LockGuard {

    private static final Pattern TOKEN = Pattern.compile("<(opaquelocktoken:[^>]+)>");

    private LockGuard() {
    }

    static Tree.Guard of(JdbcLocks locks, HttpCall call, Clock clock) {
        Set<String> tokens = new LinkedHashSet<>();
        call.header("If").ifPresent(header -> {
            Matcher m = TOKEN.matcher(header);
            while (m.find()) {
                tokens.add(m.group(1));
            }
        });
        return (Namespace namespace, FileId inner) -> locks.lockedFor(inner == null ? namespace.rowPrefix()
                : namespace.rowKey(inner), tokens, clock.instant());
    }
}
