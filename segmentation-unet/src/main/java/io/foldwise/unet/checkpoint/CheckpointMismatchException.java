package io.foldwise.unet.checkpoint;

/** A checkpoint written under another configuration or split than the training that found it. */
public final class CheckpointMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public CheckpointMismatchException(String message) {
    super(message);
  }
}
