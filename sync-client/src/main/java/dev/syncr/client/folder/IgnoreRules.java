package dev.syncr.client.folder;

import dev.syncr.core.FileId;

/**
 * Paths a folder sync never touches: its own state folder, its temporary files, and the lock and swap files that
 * editors leave beside the document (they are not the user's content and change many times a second).
 */
final class IgnoreRules {

    /** Where a synced folder keeps its state. */
    public static final String STATE_DIR = ".syncr";

    private IgnoreRules() {
    }

    public static boolean ignored(FileId id) {
        String value = id.value();
        if (value.equals(STATE_DIR) || value.startsWith(STATE_DIR + "/")) {
            return true;
        }
        for (String segment : value.split("/")) {
            if (segment.startsWith("~$") || segment.startsWith(".#") || segment.endsWith(".swp")
                    || segment.endsWith(".swx") || segment.endsWith(".tmp") || segment.endsWith(".part")
                    || segment.equals(".DS_Store")) {
                return true;
            }
        }
        return false;
    }
}
