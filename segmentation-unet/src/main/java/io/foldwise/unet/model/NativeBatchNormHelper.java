package io.foldwise.unet.model;

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
    BatchNormHelpers.set(layer, new NativeBatchNormHelper(dataType));
  }

  /** The layer's helper (null for DL4J's element-wise path). */
  static Object installed(BatchNormalization layer) {
    return BatchNormHelpers.get(layer);
  }

  /** Back to DL4J's element-wise path (tests compare the two). */
  static void remove(BatchNormalization layer) {
    BatchNormHelpers.set(layer, null);
  }
}
