package dev.syncr.server.http;

import dev.syncr.core.share.Tree;
import dev.syncr.server.accounts.Caller;

/**
 * What an authenticated caller sees: their home with the shared folders they are in (see {@link Tree}), and, from
 * the call, the lock tokens it holds (a write to a locked file needs one).
 */
@FunctionalInterface
public interface Trees {
    Tree of(Caller caller, HttpCall call);
}
