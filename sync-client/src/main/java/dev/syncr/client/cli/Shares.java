package dev.syncr.client.cli;

import dev.syncr.api.ShareList;
import dev.syncr.api.ShareView;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code syncr shares}: the folders you share and those shared with you. */
@Command(name = "shares", description = "List the folders you share and those shared with you.")
final class Shares implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;

    @Override
    public Integer call() throws Exception {
        List<ShareView> shares = cli.client().sharing().list();
        StringBuilder human = new StringBuilder();
        for (ShareView s : shares) {
            String others = s.members().stream().filter(m -> !m.role().equals("owner"))
                    .map(m -> m.user() + " (" + m.role() + ")").collect(Collectors.joining(", "));
            human.append(String.format("%6d  %-24s  %-7s  owner %s%s%n", s.id(), s.path(), s.role(), s.owner(),
                    others.isEmpty() ? "" : "; with " + others));
        }
        human.append(shares.size()).append(shares.size() == 1 ? " shared folder" : " shared folders");
        cli.print(human.toString(), new ShareList(shares));
        return ExitCodes.OK;
    }
}
