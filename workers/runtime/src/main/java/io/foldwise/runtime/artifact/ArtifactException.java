package io.foldwise.runtime.artifact;

/** An artifact-store operation failed; the message names the operation and the object URI. */
public class ArtifactException extends RuntimeException {
    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }

    public ArtifactException(String message) {
        super(message);
    }
}
