package io.foldwise.unet.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's oneDNN batch-norm helper (one native {@code batchnorm} / {@code batchnorm_bp} op per pass
 * instead of about ten element-wise passes) made usable: DL4J 1.0.0-M2.1 never enables it, because
 * its availability check loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class that
 * nd4j-native M2.1 ships under another package. The ops themselves run on any CPU build (oneDNN
 * kernel when present, libnd4j's own otherwise).
 */
final class NativeBatchNormHelper extends MKLDNNBatchNormHelper {
  private static final Field HELPER = helperField();

  NativeBatchNormHelper(DataType dataType) {
    super(dataType);
  }

  @Override
  public boolean checkSupported(double eps, boolean isFixedGammaBeta) {
    return !isFixedGammaBeta;
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  /** Installs the helper into a DL4J batch-norm layer (its field is package-private). */
  static void install(BatchNormalization layer, DataType dataType) {
    try {
      HELPER.set(layer, new NativeBatchNormHelper(dataType));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set DL4J BatchNormalization.helper", e);
    }
  }

  /** The layer's helper (null for DL4J's element-wise path). */
  static Object installed(BatchNormalization layer) {
    try {
      return HELPER.get(layer);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read DL4J BatchNormalization.helper", e);
    }
  }

  /** Back to DL4J's element-wise path (tests compare the two). */
  static void remove(BatchNormalization layer) {
    try {
      HELPER.set(layer, null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set DL4J BatchNormalization.helper", e);
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
