package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.shares.ShareException;

/** A sharing or link action's refusal as the API answers it: 404, 403 not_owner, 400 or 409. */
final class ShareRefusals {

    interface Action<T> {
        T run();
    }

    private ShareRefusals() {
    }

    static <T> T answer(Action<T> action) {
        try {
            return action.run();
        } catch (ShareException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case NOT_OWNER -> new ApiException(403, "not_owner", e.getMessage());
                case REJECTED -> ApiException.badRequest(e.getMessage());
                case TAKEN -> new ApiException(409, "already_exists", e.getMessage());
            };
        }
    }
}
