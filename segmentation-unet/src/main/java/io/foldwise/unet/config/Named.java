package io.foldwise.unet.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A constant of a setting that has a name in experiment files ({@code poly}, {@code tversky_crossentropy}). */
interface Named {
  /** The name in experiment files. */
  String id();

  /** The constant of {@code type} named {@code id}, or an error naming {@code what} and every allowed name. */
  static <E extends Enum<E> & Named> E byId(Class<E> type, String id, String what) {
    E[] all = type.getEnumConstants();
    for (E e : all) {
      if (e.id().equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + id + "'; use one of "
        + Arrays.stream(all).map(Named::id).collect(Collectors.joining(", ")));
  }
}
