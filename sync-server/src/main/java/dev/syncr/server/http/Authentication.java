package dev.syncr.server.http;

import dev.syncr.server.accounts.Caller;

/** Who a request comes from; throws a 401 {@link ApiException} when that cannot be established. */
@FunctionalInterface
public interface Authentication {
    Caller authenticate(HttpCall call);
}
