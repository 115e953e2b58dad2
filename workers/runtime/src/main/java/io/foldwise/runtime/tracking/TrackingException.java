package io.foldwise.runtime.tracking;

/** An MLflow call failed; the message names the call, the run or experiment and the server's answer. */
public class TrackingException extends RuntimeException {
    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }

    public TrackingException(String message) {
        super(message);
    }
}
