package dev.syncr.examples;

import java.util.Arrays;

/** {@code java -jar syncr-examples.jar offline|online|merge|shared|quickstart [--server URL]}: picks a demo to run. */
public final class Demos {

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        try {
            run(which, rest);
        } catch (DemoServer.CannotStart e) {
            System.err.println("syncr-examples: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String which, String[] rest) throws Exception {
        switch (which) {
            case "offline" -> OfflineConflictDemo.main(rest);
            case "online" -> OnlineConflictDemo.main(rest);
            case "merge" -> MergeDemo.main(rest);
            case "shared" -> SharedFolderDemo.main(rest);
            case "quickstart" -> EmbeddedQuickstart.main(rest);
            default -> {
                System.err.println("usage: java -jar syncr-examples.jar offline|online|merge|shared|quickstart "
                        + "[--server URL]");
                System.err.println("  offline     two clients edit while disconnected, then sync (keep both)");
                System.err.println("  online      two clients upload at the same instant; exactly one wins");
                System.err.println("  merge       edits of different lines merge on the server; the same line is "
                        + "kept both and resolved");
                System.err.println("  shared      two people, alice and bob, edit one file of a shared folder "
                        + "(its own embedded server)");
                System.err.println("  quickstart  sync-core embedded as a library, no server");
                System.err.println("  --server    use a running server instead of an embedded one");
                System.exit(2);
            }
        }
    }
}
