package dev.syncr.server.cli;

import dev.syncr.server.bootstrap.ServerConfig;
import dev.syncr.server.bootstrap.Stores;
import dev.syncr.core.gc.Fsck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code syncr-server fsck}: every content a version references is there and hashes right. */
@Command(name = "fsck", mixinStandardHelpOptions = true, description = "Check that every chunk and blob a version "
        + "references exists and hashes right. Exit code 1 when something is wrong.")
final class FsckCommand implements Callable<Integer> {

    @ParentCommand
    ServerCommand server;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = server.config();
        try (Stores stores = Stores.forAdmin(config, true)) {
            Fsck.Report report = new Fsck(stores.metadata(), stores.blobs()).check();
            report.problems().forEach(p -> System.out.println("PROBLEM " + p));
            System.out.println((report.clean() ? "clean: " : report.problems().size() + " problem(s): ")
                    + report.contents() + " content(s), " + report.blobsChecked() + " blob(s) checked");
            return report.clean() ? 0 : 1;
        }
    }
}
