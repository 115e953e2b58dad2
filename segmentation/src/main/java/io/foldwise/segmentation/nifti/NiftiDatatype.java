package io.foldwise.segmentation.nifti;

import java.util.Optional;

/** The NIfTI voxel datatypes this package reads (and, for some, writes), with their codes. */
public enum NiftiDatatype {
  UINT8(2, "uint8", 1),
  INT16(4, "int16", 2),
  INT32(8, "int32", 4),
  FLOAT32(16, "float32", 4),
  FLOAT64(64, "float64", 8),
  INT8(256, "int8", 1),
  UINT16(512, "uint16", 2),
  UINT32(768, "uint32", 4);

  private final int code;
  private final String label;
  private final int bytes;

  NiftiDatatype(int code, String label, int bytes) {
    this.code = code;
    this.label = label;
    this.bytes = bytes;
  }

  /** The NIfTI {@code datatype} header code. */
  public int code() {
    return code;
  }

  /** The usual name, e.g. {@code "int16"}. */
  public String label() {
    return label;
  }

  /** Bytes per voxel. */
  public int bytes() {
    return bytes;
  }

  /** True for float32 and float64, the types that can hold NaN or infinity. */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** The supported datatype with this code, if any. */
  public static Optional<NiftiDatatype> ofCode(int code) {
    for (NiftiDatatype t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The standard's name for any datatype code, supported or not ({@code "unknown"} if none). */
  public static String nameOf(int code) {
    Optional<NiftiDatatype> supported = ofCode(code);
    if (supported.isPresent()) {
      return supported.get().label;
    }
    return switch (code) {
      case 0 -> "unknown";
      case 1 -> "binary";
      case 32 -> "complex64";
      case 128 -> "rgb24";
      case 1024 -> "int64";
      case 1280 -> "uint64";
      case 1536 -> "float128";
      case 1792 -> "complex128";
      case 2048 -> "complex256";
      case 2304 -> "rgba32";
      default -> "not a NIfTI datatype";
    };
  }

  /** The supported type names, for error messages. */
  static String supportedList() {
    StringBuilder sb = new StringBuilder();
    for (NiftiDatatype t : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.label);
    }
    return sb.toString();
  }
}
