package dev.syncr.api;

/**
 * A new device token, answered once by {@code POST /auth/login}: the server keeps only its hash. Send it as
 * {@code Authorization: Bearer TOKEN} (or as the password of HTTP Basic with the user name).
 *
 * @param tokenId the token's public id, for listing and revoking it
 */
public record DeviceTokenIssued(String token, String tokenId, String username, String label, String createdAt) {

    @Override
    public String toString() {
        return "DeviceTokenIssued[tokenId=" + tokenId + ", username=" + username + ", label=" + label + "]";
    }
}
