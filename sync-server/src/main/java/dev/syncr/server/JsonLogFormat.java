package dev.syncr.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncr.server.http.EventLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code --log-format json}: one JSON object a line, for log shippers (Loki, Elasticsearch, CloudWatch): the same
 * events and fields as the text form ({@code time}, {@code level}, {@code logger}, {@code message}, then each field).
 */
final class JsonLogFormat extends Formatter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Puts every handler of the root logger on this format. */
    static void install() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new JsonLogFormat());
        }
    }

    @Override
    public String format(LogRecord record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        if (record instanceof EventLog.Event event) {
            line.put("message", event.text());
            event.fields().forEach((name, value) -> {
                if (!line.has(name)) {
                    line.putPOJO(name, value instanceof Number || value instanceof Boolean ? value
                            : String.valueOf(value));
                }
            });
        } else {
            line.put("message", formatMessage(record));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("exception", trace.toString());
        }
        return line + System.lineSeparator();
    }
}
