package io.foldwise.runtime.conductor;

/**
 * The task's input is wrong and retrying cannot help: a {@link StageWorker} ends the task
 * FAILED_WITH_TERMINAL_ERROR with this message. Say which input, which value and what to do.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
