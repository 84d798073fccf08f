package dev.syncr.api;

/**
 * {@code POST /auth/login}: a user name and password, exchanged for a new device token.
 *
 * @param label which device the token is for ({@code laptop}); "device" when left out
 */
public record Login(String username, String password, String label) {

    public Login {
        if (username == null) {
            throw InvalidBody.missing("username", "");
        }
        if (password == null) {
            throw InvalidBody.missing("password", "");
        }
    }

    @Override
    public String toString() {
        return "Login[username=" + username + ", label=" + label + "]"; // never the password
    }
}
