package dev.syncr.server.http;

import dev.syncr.core.share.Tree;
import dev.syncr.server.accounts.Caller;

/** What an authenticated caller sees: their home with the shared folders they are in (see {@link Tree}). */
@FunctionalInterface
public interface Trees {
    Tree of(Caller caller);
}
