package io.foldwise.unet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.foldwise.unet.model.ModelIO;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A checkpoint is a zip of two entries, in this order: {@code state.json} (the {@link TrainingState})
 * and {@code model.zip} (DL4J's model zip with the Adam state). The state comes first so that a
 * mismatching configuration is refused before the model is read.
 */
public final class CheckpointCodec {
  static final String STATE = "state.json";
  static final String MODEL = "model.zip";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private CheckpointCodec() {}

  public static void write(TrainingState state, ComputationGraph model, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.putNextEntry(new ZipEntry(STATE));
    zip.write(JSON.writeValueAsBytes(state));
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(MODEL));
    ModelIO.write(model, zip, true);
    zip.closeEntry();
    zip.finish();
  }

  /** Reads the state only (cheap). */
  public static TrainingState readState(InputStream in) throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    expect(zip, STATE);
    return JSON.readValue(zip.readAllBytes(), TrainingState.class);
  }

  /** Reads the model, skipping the state; the stream must be positioned at the start. */
  public static ComputationGraph readModel(InputStream in) throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    expect(zip, STATE);
    expect(zip, MODEL);
    return ModelIO.read(new FilterInputStream(zip) {
      @Override
      public void close() {
        // the caller closes the checkpoint stream
      }
    });
  }

  private static void expect(ZipInputStream zip, String name) throws IOException {
    ZipEntry e = zip.getNextEntry();
    if (e == null || !e.getName().equals(name)) {
      throw new IOException("not a Foldwise checkpoint: expected entry " + name + ", found "
          + (e == null ? "end of zip" : e.getName()));
    }
  }
}
