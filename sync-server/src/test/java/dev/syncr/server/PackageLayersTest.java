package dev.syncr.server;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The server's packages, over the compiled classes: no import cycle, and dependencies that run one way, from the
 * command line down to the stores. Top to bottom:
 * <ol>
 *   <li>{@code server}: the running server and its route table ({@link SyncServer}, {@code Endpoints});</li>
 *   <li>{@code cli}: the command line and the admin commands;</li>
 *   <li>{@code bootstrap}: the settings and the one place stores are opened;</li>
 *   <li>{@code api}, {@code auth}, {@code web}, {@code ops}, {@code dav}, {@code nextcloud}: the handlers of the
 *   endpoints;</li>
 *   <li>{@code http}: the transport (call, router, errors, JSON, multipart, deadlines);</li>
 *   <li>{@code accounts}, {@code shares}, {@code jdbc}, {@code s3}, {@code merge}, {@code metrics}: the stores and
 *   the domain.</li>
 * </ol>
 */
class PackageLayersTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.syncr.server");

    @Test
    void the_packages_have_no_cycle() {
        EvaluationResult result = slices().matching("dev.syncr.server.(*)..").should().beFreeOfCycles()
                .evaluate(SERVER);
        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void every_package_is_in_a_layer() {
        java.util.Set<String> layered = java.util.Set.of("", "cli", "bootstrap", "api", "auth", "web", "ops", "dav",
                "nextcloud", "http", "accounts", "shares", "jdbc", "s3", "merge", "metrics");
        assertThat(SERVER.stream().map(c -> c.getPackageName().replaceFirst("^dev\\.syncr\\.server\\.?", "")
                .replaceFirst("\\..*", "")).distinct()).allSatisfy(p -> assertThat(layered).contains(p));
    }

    @Test
    void no_package_imports_one_above_it() {
        EvaluationResult result = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("server").definedBy("dev.syncr.server")
                .layer("cli").definedBy("dev.syncr.server.cli..")
                .layer("bootstrap").definedBy("dev.syncr.server.bootstrap..")
                .layer("endpoints").definedBy("dev.syncr.server.api..", "dev.syncr.server.auth..",
                        "dev.syncr.server.web..", "dev.syncr.server.ops..", "dev.syncr.server.dav..",
                        "dev.syncr.server.nextcloud..")
                .layer("http").definedBy("dev.syncr.server.http..")
                .layer("stores").definedBy("dev.syncr.server.accounts..", "dev.syncr.server.jdbc..",
                        "dev.syncr.server.s3..", "dev.syncr.server.merge..", "dev.syncr.server.metrics..",
                        "dev.syncr.server.shares..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("server")
                .whereLayer("bootstrap").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("endpoints").mayOnlyBeAccessedByLayers("server", "cli", "bootstrap")
                .whereLayer("http").mayOnlyBeAccessedByLayers("server", "cli", "bootstrap", "endpoints")
                .evaluate(SERVER);
        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }
}
