package dev.syncr.client;

import dev.syncr.client.cli.SyncrCli;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code syncr} armed to freeze at a {@link FreezePoint}, for crash tests that kill it there:
 * {@code FrozenSyncrCli POINT SIGNAL_FILE syncr-arguments...}. Test code: no released jar contains it.
 */
public final class FrozenSyncrCli {

    private FrozenSyncrCli() {
    }

    public static void main(String[] args) {
        FreezePoint.arm(args[0], Path.of(args[1]));
        SyncrCli.main(Arrays.copyOfRange(args, 2, args.length));
    }
}
