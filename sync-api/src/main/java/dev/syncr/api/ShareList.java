package dev.syncr.api;

import java.util.List;

/** {@code GET /shares}: the folders you have shared and those shared with you. */
public record ShareList(List<ShareView> shares) {
}
