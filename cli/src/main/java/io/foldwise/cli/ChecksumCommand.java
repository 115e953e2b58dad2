package io.foldwise.cli;

import io.foldwise.segmentation.hash.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foldwise checksum PATH...}: the sha256 an experiment file pins for an archive or a local folder. */
@Command(
    name = "checksum",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the sha256 to put in an experiment's data.images / data.masks for each PATH, as"
          + " '<sha256>  <path>': of the file's bytes for an archive (as sha256sum prints), and for a"
          + " folder the folder checksum (sha256 of the sorted '<sha256>  <relative path>' lines of its"
          + " files, hidden files and __MACOSX left out).",
    })
final class ChecksumCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "archives or folders of NIfTI files")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int status = 0;
    for (Path p : paths) {
      try {
        if (Files.isDirectory(p)) {
          out.println(Sha256.ofFolder(p) + "  " + p);
        } else if (Files.isRegularFile(p)) {
          out.println(Sha256.of(p) + "  " + p);
        } else {
          err.println("checksum: " + p + ": no such file or folder");
          status = 1;
        }
      } catch (IOException | RuntimeException e) {
        err.println("checksum: " + p + ": " + e.getMessage());
        status = 1;
      }
    }
    out.flush();
    err.flush();
    return status;
  }
}
