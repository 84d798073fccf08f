package dev.syncr.core;

/** A store could not do its job (database or object storage down, disk full). Nothing was committed. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
