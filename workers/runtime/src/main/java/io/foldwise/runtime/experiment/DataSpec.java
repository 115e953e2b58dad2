package io.foldwise.runtime.experiment;

import java.util.List;

/**
 * The data set: either the two Zenodo-like archives (images, masks) or generated phantoms, and the
 * class names in label order (label 0 first).
 */
public record DataSpec(List<String> classes, ArchiveSource images, ArchiveSource masks,
    PhantomSource phantom) {
  public DataSpec {
    classes = List.copyOf(classes);
  }

  /** True when the data are synthetic phantoms rather than downloaded archives. */
  public boolean isPhantom() {
    return phantom != null;
  }

  static DataSpec read(ConfigNode node) {
    List<String> classes = node.strings("classes");
    if (classes.size() < 2 || classes.size() > 16) {
      throw node.error("classes", "must name between 2 and 16 classes, got " + classes.size());
    }
    boolean phantom = node.has("phantom");
    boolean archives = node.has("images") || node.has("masks");
    if (phantom == archives) {
      throw node.errorHere("must have either 'phantom' or both 'images' and 'masks'");
    }
    DataSpec spec = phantom
        ? new DataSpec(classes, null, null, PhantomSource.read(node.object("phantom")))
        : new DataSpec(classes, ArchiveSource.read(node.object("images")),
            ArchiveSource.read(node.object("masks")), null);
    node.finish();
    return spec;
  }
}
