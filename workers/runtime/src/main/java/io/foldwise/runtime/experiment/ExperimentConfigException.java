package io.foldwise.runtime.experiment;

/** A named experiment file or config map that is not valid; the message names the key and value. */
public final class ExperimentConfigException extends IllegalArgumentException {
  public ExperimentConfigException(String message) {
    super(message);
  }

  public ExperimentConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
