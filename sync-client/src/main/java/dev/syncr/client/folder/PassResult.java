package dev.syncr.client.folder;

import java.util.List;

/** How a sync pass ended. */
public sealed interface PassResult {

    /** The plan was carried out (operations that hit a race are left for the next pass, listed in skipped). */
    /**
     * @param conflicts files both sides edited that were kept both (a conflicted copy each)
     * @param merged    files both sides edited that the server merged
     */
    record Completed(List<Operation> planned, int uploaded, int downloaded, int deletedLocally, int deletedRemotely,
                     int conflicts, int merged, List<String> skipped) implements PassResult {

        public boolean changedAnything() {
            return uploaded + downloaded + deletedLocally + deletedRemotely + conflicts + merged > 0;
        }
    }

    /** The pass would delete too much at once, and did nothing; rerun with {@code --allow-mass-delete} if meant. */
    record StoppedMassDelete(int deletes, int trackedFiles, List<Operation> planned) implements PassResult {
    }
}
