package dev.syncr.server.accounts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A user's name, as typed at login and on the admin command line. Compared without case ({@code Alice} and
 * {@code alice} are one user), so it is kept in lower case.
 */
public record UserName(String value) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    public UserName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new AccountException("a user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a "
                    + "letter or digit" + (value == null ? "" : ", got '" + abbreviate(value) + "'"));
        }
    }

    /** The name as a person typed it: surrounding blanks dropped, case folded. */
    public static UserName parse(String raw) {
        return new UserName(raw == null ? null : raw.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
