package dev.syncr.server.accounts;

import dev.syncr.server.jdbc.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A device signing in through the browser (the Nextcloud clients' login flow v2): the device opens a flow and gets
 * two secrets, one it polls with and one the browser opens; a signed-in user grants the flow in the browser; the
 * device's next poll gets a new device token, once. Both secrets are kept only as hashes, the token is issued at
 * that poll (never stored), and a flow lasts 20 minutes.
 */
public final class LoginFlows {

    static final Duration LASTS = Duration.ofMinutes(20);
    /** Flows waiting at once, over everyone: opening one needs no account, so their number is bounded. */
    static final int MAX_PENDING = 1000;

    /** A new flow's secrets, shown once. */
    public record Opened(String pollToken, String loginToken) {
    }

    /** What a flow's page shows before the user grants it. */
    public record Pending(String label, Instant createdAt) {
    }

    private final Database database;
    private final Accounts accounts;
    private final InstantSource clock;

    public LoginFlows(Database database, Accounts accounts, InstantSource clock) {
        this.database = database;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Opens a flow for a device named {@code label}; empty when too many are waiting. */
    public Optional<Opened> open(String label) {
        String poll = TokenSecret.newToken();
        String login = TokenSecret.newToken();
        Instant now = clock.instant();
        String name = label == null || label.isBlank() ? "device" : label.strip();
        String printable = name.codePoints().filter(ch -> !Character.isISOControl(ch)).limit(Accounts.MAX_LABEL_LENGTH)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return database.transaction("open a login flow", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_flows WHERE created_at < ?")) {
                ps.setLong(1, now.minus(LASTS).toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM login_flows");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= MAX_PENDING) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO login_flows (poll_hash, login_hash, label, "
                    + "created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, TokenSecret.sha256(poll));
                ps.setString(2, TokenSecret.sha256(login));
                ps.setString(3, printable);
                ps.setLong(4, now.toEpochMilli());
                ps.executeUpdate();
            }
            return Optional.of(new Opened(poll, login));
        });
    }

    /** The flow the browser's secret names, while it waits; empty when unknown, granted already, or over. */
    public Optional<Pending> pending(String loginToken) {
        if (!TokenSecret.wellFormed(loginToken)) {
            return Optional.empty();
        }
        return database.call("read a login flow", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT label, created_at FROM login_flows WHERE "
                    + "login_hash = ? AND granted_to IS NULL AND created_at >= ?")) {
                ps.setString(1, TokenSecret.sha256(loginToken));
                ps.setLong(2, clock.instant().minus(LASTS).toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Pending(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                            : Optional.empty();
                }
            }
        });
    }

    /** The signed-in {@code user} lets the flow's device in; false when the flow is not waiting. */
    public boolean grant(String loginToken, UserName user) {
        if (!TokenSecret.wellFormed(loginToken)) {
            return false;
        }
        return database.transaction("grant a login flow", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE login_flows SET granted_to = ? WHERE login_hash = ? "
                    + "AND granted_to IS NULL AND created_at >= ?")) {
                ps.setString(1, user.value());
                ps.setString(2, TokenSecret.sha256(loginToken));
                ps.setLong(3, clock.instant().minus(LASTS).toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The device's poll: once granted, a new device token for the user, exactly once; empty until then. */
    public Optional<IssuedToken> poll(String pollToken) {
        if (!TokenSecret.wellFormed(pollToken)) {
            return Optional.empty();
        }
        String hash = TokenSecret.sha256(pollToken);
        Optional<String[]> granted = database.transaction("take a granted login flow", c -> {
            String user;
            String label;
            try (PreparedStatement ps = c.prepareStatement("SELECT granted_to, label FROM login_flows WHERE "
                    + "poll_hash = ? AND granted_to IS NOT NULL AND created_at >= ?")) {
                ps.setString(1, hash);
                ps.setLong(2, clock.instant().minus(LASTS).toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    user = rs.getString(1);
                    label = rs.getString(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_flows WHERE poll_hash = ?")) {
                ps.setString(1, hash);
                if (ps.executeUpdate() != 1) {
                    return Optional.empty(); // another poll took it first
                }
            }
            return Optional.of(new String[] {user, label});
        });
        return granted.flatMap(g -> accounts.issueForDevice(new UserName(g[0]), g[1]));
    }
}
