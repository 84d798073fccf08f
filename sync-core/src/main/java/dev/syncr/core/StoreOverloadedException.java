package dev.syncr.core;

/**
 * A store is up but busy: every connection is in use and none came free in time. Unlike its parent, this says
 * "retry in a moment", not "the store is gone". Nothing was committed.
 */
public class StoreOverloadedException extends StoreException {

    public StoreOverloadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
