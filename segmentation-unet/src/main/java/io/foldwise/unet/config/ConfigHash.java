package io.foldwise.unet.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that ties a checkpoint to the configuration that produced it: SHA-256 (hex) of the
 * canonical text of the model and training configuration. Any change of either gives another hash,
 * except {@code epochs}: a training may be continued for more epochs under the same hash.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String of(UnetConfig model, TrainingConfig training) {
    return sha256(canonical(model, training.withEpochs(1)));
  }

  /** The canonical text that is hashed (stable: records print their components in order). */
  static String canonical(UnetConfig model, TrainingConfig training) {
    return "unet:" + model + "\ntraining:" + training + "\n";
  }

  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
