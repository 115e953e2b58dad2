package io.foldwise.segmentation.dataset;

import java.io.IOException;

/** A data set folder that cannot be used as it is: the message names the case or file and the fix. */
public final class DatasetException extends IOException {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
