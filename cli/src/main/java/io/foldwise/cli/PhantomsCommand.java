package io.foldwise.cli;

import io.foldwise.segmentation.phantom.PhantomDataset;
import io.foldwise.segmentation.phantom.PhantomManifest;
import io.foldwise.segmentation.phantom.PhantomSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foldwise phantoms --out DIR --cases N --seed S}: writes the synthetic CT data set. */
@Command(
    name = "phantoms",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic chest-CT data set (HU volumes with lungs, infection blobs, spine, noise)"
          + " in the layout of the extracted Zenodo archives, the two archives"
          + " COVID-19-CT-Seg_20cases.zip and Lung_and_Infection_Mask.zip, and phantoms.json.",
      "The same options always give byte-identical files."
    })
final class PhantomsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path out;

  @Option(names = "--cases", required = true, paramLabel = "N", description = "number of cases")
  int cases;

  @Option(names = "--seed", required = true, paramLabel = "S", description = "random seed")
  long seed;

  @Option(names = "--shape", defaultValue = "48x48x16", paramLabel = "XxYxZ",
      description = "grid of every case (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--windowed", defaultValue = "0", paramLabel = "N",
      description = "store the last N cases windowed to 0..255 like the radiopaedia cases"
          + " (default: ${DEFAULT-VALUE})")
  int windowed;

  @Option(names = "--noise-hu", defaultValue = "20", paramLabel = "SD",
      description = "Gaussian noise standard deviation in HU (default: ${DEFAULT-VALUE})")
  double noiseHu;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    try {
      PhantomSpec phantoms =
          new PhantomSpec(cases, seed, PhantomSpec.parseShape(shape), noiseHu, windowed);
      PhantomManifest manifest = PhantomDataset.write(out, phantoms, line -> {
        stderr.println(line);
        stderr.flush();
      });
      stdout.println("wrote " + manifest.caseList().size() + " phantom cases (seed " + seed
          + ", shape " + shape + ") to " + out);
      for (String zip : new String[] {PhantomDataset.IMAGES_ZIP, PhantomDataset.MASKS_ZIP}) {
        stdout.println(zip + "  sha256 " + PhantomDataset.sha256(out.resolve(zip)));
      }
      stdout.flush();
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      stderr.println("phantoms: " + e.getMessage());
      return 1;
    }
  }
}
