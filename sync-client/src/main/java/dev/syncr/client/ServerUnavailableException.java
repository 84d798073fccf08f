package dev.syncr.client;

/** The server could not be reached, or kept answering 5xx, through every retry. Retrying the same call later is safe: a write that did land is answered as that same success. */
public class ServerUnavailableException extends RuntimeException {

    public ServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
