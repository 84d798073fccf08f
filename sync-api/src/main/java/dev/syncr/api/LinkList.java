package dev.syncr.api;

import java.util.List;

/** {@code GET /links}: your links (without their tokens). */
public record LinkList(List<LinkView> links) {
}
