package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.ETags;
import dev.syncr.server.http.HttpCall;
import dev.syncr.core.share.Tree;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The version a write is based on, from the body's {@code expected_version}, the {@code If-Match} header, or both
 * (then they must agree).
 *
 * @param fromHeader a stale {@code If-Match} is answered 412, a stale {@code expected_version} 409
 */
record ExpectedVersion(long version, boolean fromHeader) {

    static Optional<ExpectedVersion> resolve(HttpCall call, OptionalLong fromBody, FileId id, Tree service) {
        Optional<String> ifMatch = call.header("If-Match");
        if (ifMatch.isEmpty()) {
            return fromBody.isPresent() ? Optional.of(new ExpectedVersion(fromBody.getAsLong(), false))
                    : Optional.empty();
        }
        OptionalLong tagged = ETags.expectedVersion(ifMatch.get());
        long version;
        if (tagged.isPresent()) {
            version = tagged.getAsLong();
        } else {
            // If-Match: * : whatever version exists now, as long as one does
            Optional<FileVersion> head = service.metadata(id).filter(h -> !h.deleted());
            if (head.isEmpty()) {
                throw new ApiException(412, "precondition_failed", "If-Match: * but " + id + " does not exist")
                        .with("file_id", id.value()).with("current_version", 0);
            }
            version = head.get().version();
        }
        if (fromBody.isPresent() && fromBody.getAsLong() != version) {
            throw ApiException.badRequest("expected_version " + fromBody.getAsLong() + " and If-Match " + version
                    + " disagree; send one of them");
        }
        return Optional.of(new ExpectedVersion(version, true));
    }

    static ExpectedVersion require(HttpCall call, OptionalLong fromBody, FileId id, Tree service) {
        return resolve(call, fromBody, id, service).orElseThrow(() -> new ApiException(400, "missing_field",
                "expected_version is required (0 to create a file, else the version your change is based on)"));
    }
}
