package dev.syncr.client.cli;

import dev.syncr.api.LinkList;
import dev.syncr.api.LinkView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code syncr links}: your links (their tokens are never shown again). */
@Command(name = "links", description = "List your links.")
final class Links implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;

    @Override
    public Integer call() throws Exception {
        List<LinkView> links = cli.client().sharing().links();
        StringBuilder human = new StringBuilder();
        for (LinkView l : links) {
            human.append(String.format("%-12s  %-6s  %-28s  %s%s%n", l.id(), l.access(), l.path(),
                    l.expiresAt() == null ? "no expiry" : "until " + l.expiresAt(), l.password() ? ", password" : ""));
        }
        human.append(links.size()).append(links.size() == 1 ? " link" : " links");
        cli.print(human.toString(), new LinkList(links));
        return ExitCodes.OK;
    }
}
