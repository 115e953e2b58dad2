package io.foldwise.runtime.experiment;

/**
 * Where the preprocess stage stores each case under its prefix: {@code <prefix>/images/<case>.nii.gz}
 * (float32) and {@code <prefix>/labels/<case>.nii.gz}; the train and evaluate stages read them there.
 */
public final class PreprocessedSamples {
  private PreprocessedSamples() {}

  public static String imageKey(String prefix, String caseId) {
    return prefix + "/images/" + caseId + ".nii.gz";
  }

  public static String labelKey(String prefix, String caseId) {
    return prefix + "/labels/" + caseId + ".nii.gz";
  }
}
