package dev.syncr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Figures and the baselines they are compared with, printed as a table and optionally written as JSON. */
final class Report {

    /**
     * One figure. {@code baseline} names what it is compared with (measured in the same run), {@code ratio} is
     * value / baseline value (for latencies, lower is better and the ratio says so).
     */
    record Row(String workload, int clients, String metric, double value, String unit, String baseline,
               Double baselineValue) {

        Double ratio() {
            return baselineValue == null || baselineValue == 0 ? null : value / baselineValue;
        }
    }

    final List<Row> rows = new ArrayList<>();
    final Map<String, Object> environment;

    Report(Map<String, Object> environment) {
        this.environment = environment;
    }

    void add(String workload, int clients, String metric, double value, String unit) {
        rows.add(new Row(workload, clients, metric, value, unit, null, null));
    }

    void add(String workload, int clients, String metric, double value, String unit, String baseline,
             double baselineValue) {
        rows.add(new Row(workload, clients, metric, value, unit, baseline, baselineValue));
    }

    void print(PrintStream out) {
        out.printf("%-10s %3s  %-28s %12s %-6s  %-34s %12s %7s%n", "workload", "C", "metric", "value", "unit",
                "baseline (same run)", "value", "ratio");
        for (Row r : rows) {
            out.printf("%-10s %3d  %-28s %12.1f %-6s  %-34s %12s %7s%n", r.workload(), r.clients(), r.metric(),
                    r.value(), r.unit(), r.baseline() == null ? "" : r.baseline(),
                    r.baselineValue() == null ? "" : String.format("%.1f", r.baselineValue()),
                    r.ratio() == null ? "" : String.format("%.0f%%", 100 * r.ratio()));
        }
    }

    void writeJson(Path file) throws IOException {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("workload", r.workload());
            m.put("clients", r.clients());
            m.put("metric", r.metric());
            m.put("value", r.value());
            m.put("unit", r.unit());
            m.put("baseline", r.baseline());
            m.put("baseline_value", r.baselineValue());
            m.put("ratio", r.ratio());
            json.add(m);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), Map.of("environment", environment, "results", json));
    }
}
