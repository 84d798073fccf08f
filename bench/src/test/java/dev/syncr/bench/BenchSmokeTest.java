package dev.syncr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every workload, tiny, so the benchmark never rots. Checks correctness only (the hot-file workload fails on a
 * lost or doubled update); speed is measured by running the benchmark, never asserted here.
 */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
class BenchSmokeTest {

    private static SyncrBench tiny(String store) {
        SyncrBench bench = new SyncrBench();
        bench.store = store;
        bench.pgUrl = env("SYNCR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/syncr_test");
        bench.pgUser = env("SYNCR_TEST_PG_USER", "syncr");
        bench.pgPassword = env("SYNCR_TEST_PG_PASSWORD", "syncr");
        bench.workloads = List.of("commit", "hot", "read", "large", "auth");
        bench.clients = List.of(1, 3);
        bench.seconds = 0.3;
        bench.warmupSeconds = 0.1;
        bench.serverWarmupSeconds = 0.2;
        bench.largeMb = 4;
        bench.serverHeap = "256m";
        return bench;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void assertEveryWorkloadReported(Report report) {
        assertThat(report.rows).extracting(Report.Row::workload).contains("commit", "hot", "read", "large", "auth");
        assertThat(report.rows).filteredOn(r -> r.metric().equals("HTTP commits/s") && r.workload().equals("commit"))
                .allSatisfy(r -> assertThat(r.value()).isPositive());
        // every authenticated request was accepted: a refused token would make the figure zero
        assertThat(report.rows).filteredOn(r -> r.metric().equals("HTTP commits/s with a token"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.value()).isPositive());
        assertThat(report.rows).filteredOn(r -> r.baseline() != null).allSatisfy(r ->
                assertThat(r.baselineValue()).isPositive());
    }

    @Test
    void every_workload_runs_on_the_embedded_default() throws Exception {
        assertEveryWorkloadReported(tiny("embedded").run());
    }

    @Test
    void every_workload_runs_on_postgresql_and_s3() throws Exception {
        dev.syncr.server.PostgresTestDatabase.create().close(); // skips (or fails in CI) without PostgreSQL
        assertEveryWorkloadReported(tiny("postgres-s3").run());
    }

    @Test
    void a_version_acknowledged_twice_fails_the_benchmark() {
        Map<Long, Integer> winners = new ConcurrentHashMap<>();
        Workloads.winnerForTest(winners, 7, 1);
        assertThatThrownBy(() -> Workloads.winnerForTest(winners, 7, 2))
                .isInstanceOf(Workloads.LostUpdateException.class).hasMessageContaining("LOST UPDATE");
    }
}
