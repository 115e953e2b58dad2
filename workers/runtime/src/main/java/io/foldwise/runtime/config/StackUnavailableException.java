package io.foldwise.runtime.config;

/** A stack service cannot be reached; the message names the service, the URL tried and how to start it. */
public class StackUnavailableException extends RuntimeException {
    public StackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
