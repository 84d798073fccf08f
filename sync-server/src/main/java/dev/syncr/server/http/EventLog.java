package dev.syncr.server.http;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Operator-facing events, one per line: the seed's words first (so the seed's log searches still work), then
 * {@code key=value} fields.
 *
 * <pre>
 * INFO sync_server Updated doc.txt: v1 → v2 event=updated file_id=doc.txt from=1 to=2 client_id=ClientA
 * </pre>
 */
final class EventLog {

    private static final Logger LOG = Logger.getLogger("sync_server");

    private EventLog() {
    }

    static void info(String text, Object... fields) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.info(line(text, fields));
        }
    }

    static void warn(String text, Object... fields) {
        LOG.warning(line(text, fields));
    }

    static void error(String text, Throwable cause, Object... fields) {
        LOG.log(Level.SEVERE, line(text, fields), cause);
    }

    private static String line(String text, Object... fields) {
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.append(' ').append(fields[i]).append('=').append(quoted(String.valueOf(fields[i + 1])));
        }
        return out.toString();
    }

    /** Values with spaces, quotes or line breaks are quoted so each event stays one parseable line. */
    private static String quoted(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '='
                || Character.isISOControl(c));
        if (plain) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                + '"';
    }
}
