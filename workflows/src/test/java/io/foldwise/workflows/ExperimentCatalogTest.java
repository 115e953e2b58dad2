package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ExperimentConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named experiments and experiment files outside {@code experiments/}. */
class ExperimentCatalogTest {
  private static final Path SMOKE = Path.of("..", "experiments", "phantom-smoke.yaml");

  @TempDir
  Path root;

  private ExperimentCatalog catalog() throws Exception {
    Files.createDirectories(root.resolve("experiments"));
    Files.copy(SMOKE, root.resolve("experiments/phantom-smoke.yaml"));
    return ExperimentCatalog.at(root);
  }

  @Test
  void aFileOutsideTheCatalogLoadsWithItsOwnNameAndClasses() throws Exception {
    ExperimentCatalog catalog = catalog();
    Path mine = root.resolve("elsewhere/head-ct.yaml");
    Files.createDirectories(mine.getParent());
    Files.writeString(mine, Files.readString(SMOKE).replace("name: phantom-smoke", "name: head-ct")
        .replace("groups: {lungs: [lung_L, lung_R]}", "groups: {chest: [lung_L, lung_R, infection]}"));
    ExperimentConfig c = catalog.get(mine.toString());
    assertEquals("head-ct", c.name());
    assertEquals(List.of("lung_L", "lung_R", "infection"), c.evaluation().groups().get("chest"));
    assertEquals(List.of("phantom-smoke"), catalog.names(), "a file elsewhere is not added to the catalog");
  }

  @Test
  void aFileMayNotTakeTheNameOfADifferentCataloguedExperiment() throws Exception {
    ExperimentCatalog catalog = catalog();
    Path copy = root.resolve("mine/phantom-smoke.yaml"); // a file's name must equal its 'name:'
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, Files.readString(SMOKE));
    assertEquals(catalog.get("phantom-smoke").hash(), catalog.get(copy.toString()).hash(), "an identical copy is fine");
    Files.writeString(copy, Files.readString(SMOKE).replace("epochs: 8", "epochs: 9"));
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class, () -> catalog.get(copy.toString()));
    assertEquals(copy + ": its name 'phantom-smoke' is taken by " + root.resolve("experiments/phantom-smoke.yaml")
        + ", which has other settings; give the experiment a name of its own ('name:' in the file)", e.getMessage());
  }

  @Test
  void missingFilesAndUnknownNamesSayWhatExists() throws Exception {
    ExperimentCatalog catalog = catalog();
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class,
        () -> catalog.get(root.resolve("nope.yaml").toString()));
    assertTrue(e.getMessage().endsWith("nope.yaml: no such experiment file; give a path to a YAML experiment file or "
        + "one of the names phantom-smoke"), e.getMessage());
    e = assertThrows(ExperimentConfigException.class, () -> catalog.get("nope"));
    assertTrue(e.getMessage().startsWith("no experiment named 'nope'; known: phantom-smoke"), e.getMessage());
  }
}
