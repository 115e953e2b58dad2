package io.foldwise.runtime.artifact;

/** The object asked for does not exist. */
public class ArtifactNotFoundException extends ArtifactException {
    public ArtifactNotFoundException(String uri) {
        super("no object " + uri + " in the artifact store (was the stage that writes it run?)");
    }
}
