package io.foldwise.unet.model;

import io.foldwise.unet.runtime.NativeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Writes and reads a U-Net as DL4J's model zip (configuration JSON, parameters and, when asked, the
 * Adam state), so a worker can put it in an object store or MLflow. The streams are not closed.
 */
public final class ModelIO {
  private ModelIO() {}

  /** Writes the model; {@code withUpdater} adds the optimizer state (needed to resume training). */
  public static void write(ComputationGraph model, OutputStream out, boolean withUpdater)
      throws IOException {
    ModelSerializer.writeModel(model, new NonClosing(out), withUpdater);
  }

  /**
   * Reads a model written by {@link #write}; the optimizer state is loaded when present. A model
   * written before the U-Net went channels-last is returned with NDHWC layers (same parameters).
   */
  public static ComputationGraph read(InputStream in) throws IOException {
    NativeBackend.select();
    try {
      ComputationGraph model = ChannelsLast.upgrade(ModelSerializer.restoreComputationGraph(in, true));
      return Workspaces.sizedInFirstLoop(model);
    } catch (RuntimeException e) {
      throw new IOException("not a Foldwise U-Net model zip: " + e.getMessage(), e);
    }
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
