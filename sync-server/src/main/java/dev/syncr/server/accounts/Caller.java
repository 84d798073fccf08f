package dev.syncr.server.accounts;

import dev.syncr.core.Namespace;

/**
 * Who sent a request, as far as the server has established: the namespace it acts in and, once accounts exist, the
 * user and the token it authenticated with.
 *
 * @param user    null in the open local mode
 * @param tokenId null in the open local mode
 * @param device  the token's label ({@code laptop}), the name a write is recorded under when the client gives none;
 *                null in the open local mode
 * @param quotaBytes what the user's files may hold ({@code SyncService.NO_QUOTA}: no limit)
 */
public record Caller(UserName user, String tokenId, Namespace namespace, String device, long quotaBytes) {

    /** Anyone, on a server with no accounts bound to loopback (or run with --insecure-no-auth). */
    public static final Caller OPEN = new Caller(null, null, Namespace.LOCAL, null, Long.MAX_VALUE);

    public Caller(UserName user, String tokenId, Namespace namespace, String device) {
        this(user, tokenId, namespace, device, Long.MAX_VALUE);
    }
}
