package dev.syncr.client.folder;

/** Tests wait on conditions, never on the clock's guess: a slow machine only waits longer. */
final class Waiting {

    private Waiting() {
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Looks every 50 ms until {@code condition} holds; fails after {@code seconds}. */
    static void until(Condition condition, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
