package dev.syncr.client.folder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a sync pass ended. */
public sealed interface PassResult {

    /**
     * The plan was carried out (operations that hit a race are left for the next pass, listed in skipped).
     *
     * @param conflicts files both sides edited that were kept both (a conflicted copy each)
     * @param merged    files both sides edited that the server merged
     * @param leftAlone paths this pass did not sync at all, with why (an unreadable folder): the pass was partial
     * @param serverReset why, when this pass found the server recreated or restored from a backup and re-listed it
     *                    (every difference then counted as changed on both sides: kept both, nothing deleted)
     */
    record Completed(List<Operation> planned, int uploaded, int downloaded, int deletedLocally, int deletedRemotely,
                     int conflicts, int merged, List<String> skipped, Map<String, String> leftAlone,
                     Optional<String> serverReset) implements PassResult {

        public Completed {
            leftAlone = Map.copyOf(leftAlone);
        }

        public boolean changedAnything() {
            return uploaded + downloaded + deletedLocally + deletedRemotely + conflicts + merged > 0;
        }

        /** Whether some paths were left alone: the folder is not wholly in sync. */
        public boolean partial() {
            return !leftAlone.isEmpty();
        }
    }

    /** The pass would delete too much at once, and did nothing; rerun with {@code --allow-mass-delete} if meant. */
    record StoppedMassDelete(int deletes, int trackedFiles, List<Operation> planned) implements PassResult {
    }
}
