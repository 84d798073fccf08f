package dev.syncr.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Operator-facing events, one per line: the seed's words first (so the seed's log searches still work), then
 * {@code key=value} fields.
 *
 * <pre>
 * INFO sync_server Updated doc.txt: v1 → v2 event=updated file_id=doc.txt from=1 to=2 client_id=ClientA
 * </pre>
 */
public final class EventLog {

    private static final Logger LOG = Logger.getLogger("sync_server");

    private EventLog() {
    }

    public static void info(String text, Object... fields) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(event(Level.INFO, text, fields, null));
        }
    }

    public static void warn(String text, Object... fields) {
        LOG.log(event(Level.WARNING, text, fields, null));
    }

    public static void error(String text, Throwable cause, Object... fields) {
        LOG.log(event(Level.SEVERE, text, fields, cause));
    }

    /**
     * An event as a log record: the message is the one-line text form ({@code text key=value ...}), and the text and
     * fields ride along apart for the JSON form ({@code --log-format json}), which must not parse them back.
     */
    private static LogRecord event(Level level, String text, Object[] fields, Throwable cause) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            named.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        LogRecord record = new Event(level, line(text, fields), text, named);
        record.setLoggerName(LOG.getName());
        record.setThrown(cause);
        return record;
    }

    /** A log record that keeps an event's text and fields apart. */
    public static final class Event extends LogRecord {
        private final transient String text;
        private final transient Map<String, Object> fields;

        Event(Level level, String line, String text, Map<String, Object> fields) {
            super(level, line);
            this.text = text;
            this.fields = fields;
        }

        public String text() {
            return text;
        }

        public Map<String, Object> fields() {
            return fields;
        }
    }

    /**
     * The one-line form. A value that needs quoting (a file id with a space or an {@code =}) is quoted in the text as
     * well as in its field, so a file named {@code a event=deleted} cannot make a line that seems to say more.
     */
    private static String line(String text, Object... fields) {
        String safe = text;
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String value = String.valueOf(fields[i + 1]);
            String quoted = quoted(value);
            if (!quoted.equals(value) && !value.isEmpty()) {
                safe = safe.replace(value, quoted);
            }
        }
        StringBuilder out = new StringBuilder(safe);
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
