package dev.syncr.server.accounts;

/** A token just created: the only moment its plaintext exists on the server. */
public record IssuedToken(String token, DeviceToken details) {

    @Override
    public String toString() {
        return "IssuedToken[id=" + details.id() + ", user=" + details.user() + "]"; // never the secret
    }
}
