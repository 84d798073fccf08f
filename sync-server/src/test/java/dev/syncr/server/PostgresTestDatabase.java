package dev.syncr.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's real PostgreSQL, one fresh schema per use so tests never see each other's rows. In CI
 * ({@code SYNCR_TEST_REQUIRE_POSTGRES=true}) an unreachable database fails the test; elsewhere it skips it.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String URL = env("SYNCR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/syncr_test");
    public static final String USER = env("SYNCR_TEST_PG_USER", "syncr");
    public static final String PASSWORD = env("SYNCR_TEST_PG_PASSWORD", "syncr");

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");

    private PostgresTestDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    /** A fresh, empty schema; skips (or, in CI, fails) the calling test when PostgreSQL is unreachable. */
    public static PostgresTestDatabase create() {
        try {
            return new PostgresTestDatabase();
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + URL + " as " + USER + ": " + e.getMessage()
                    + " (run .ci/run once, or set SYNCR_TEST_PG_URL/USER/PASSWORD)";
            if (Boolean.parseBoolean(System.getenv("SYNCR_TEST_REQUIRE_POSTGRES"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    /** A JDBC URL whose default schema is this database's own. */
    public String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
