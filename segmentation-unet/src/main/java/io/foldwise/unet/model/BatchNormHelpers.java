package io.foldwise.unet.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;

/**
 * Reads and sets a DL4J batch-norm layer's helper (its field is package-private): how
 * {@link OneDnnBatchNormHelper} and {@link NativeBatchNormHelper} get installed, and how tests
 * compare them with DL4J's element-wise path (null helper).
 */
final class BatchNormHelpers {
  private static final Field HELPER = helperField();

  private BatchNormHelpers() {}

  /** Sets the layer's helper (null: DL4J's element-wise path). */
  static void set(BatchNormalization layer, BatchNormalizationHelper helper) {
    try {
      HELPER.set(layer, helper);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set DL4J BatchNormalization.helper", e);
    }
  }

  /** The layer's helper (null for DL4J's element-wise path). */
  static Object get(BatchNormalization layer) {
    try {
      return HELPER.get(layer);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read DL4J BatchNormalization.helper", e);
    }
  }

  private static Field helperField() {
    try {
      Field f = BatchNormalization.class.getDeclaredField("helper");
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("DL4J BatchNormalization has no field 'helper' (DL4J version?)", e);
    }
  }
}
