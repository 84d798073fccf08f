package dev.syncr.server.accounts;

import dev.syncr.core.Namespace;
import java.time.Instant;

/** A person with a password and a private home namespace. */
public record User(UserName name, Namespace home, Instant createdAt) {
}
