package io.foldwise.segmentation.nifti;

import java.io.IOException;

/**
 * A NIfTI file that cannot be read or written as asked. The message always starts with the file
 * name and says what to do: {@code "<name>: <problem>; <what to do>"}.
 */
public class NiftiException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String fileName;

  /** {@code problemAndAdvice} is the text after {@code "<fileName>: "}. */
  public NiftiException(String fileName, String problemAndAdvice) {
    super(fileName + ": " + problemAndAdvice);
    this.fileName = fileName;
  }

  public NiftiException(String fileName, String problemAndAdvice, Throwable cause) {
    super(fileName + ": " + problemAndAdvice, cause);
    this.fileName = fileName;
  }

  /** The file (or stream) name the problem is about. */
  public String fileName() {
    return fileName;
  }
}
