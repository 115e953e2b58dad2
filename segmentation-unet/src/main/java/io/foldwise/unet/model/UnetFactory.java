package io.foldwise.unet.model;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.loss.SegmentationLoss;
import io.foldwise.unet.runtime.NativeBackend;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Builds MIScnn's standard 3D U-Net as a DL4J ComputationGraph: per level two (Conv3D 3x3x3 same,
 * ReLU, BatchNorm), MaxPool 2x2x2, {@code depth} levels, a bottleneck with baseFilters * 2^depth
 * filters, Conv3DTranspose 2x2x2 stride 2 upsampling, concatenation [up, skip] (read by the next
 * convolution without building it, {@link ConcatConv3d}), and a 1x1x1 conv
 * with softmax over the classes (in the loss layer). Channels-last throughout: input [N, z, y, x, 1]
 * (NDHWC), see {@link io.foldwise.unet.data.Tensors}. Weights Glorot-uniform, biases 0, Adam (Keras defaults,
 * epsilon 1e-7), float32, workspaces enabled.
 */
public final class UnetFactory {
  /** The name of the graph's input. */
  public static final String INPUT = "input";
  /** The name of the graph's output (softmax probabilities, NDHWC). */
  public static final String OUTPUT = "output";

  private UnetFactory() {}

  /** A freshly initialised network (seeded by {@code model.seed()}). */
  public static ComputationGraph create(UnetConfig model, TrainingConfig training) {
    NativeBackend.select();
    ComputationGraph graph =
        Workspaces.sizedInFirstLoop(new ComputationGraph(configuration(model, training)));
    graph.init();
    return graph;
  }

  /** The graph configuration without parameters. */
  public static ComputationGraphConfiguration configuration(UnetConfig model, TrainingConfig training) {
    return configuration(model, training, true);
  }

  /**
   * @param reuseForward {@link Conv3d}/{@link Deconv3d} (backward pass reuses the forward output)
   *     when true, DL4J's own Convolution3D/Deconvolution3D (recomputing it) when false; the
   *     gradients are the same
   */
  static ComputationGraphConfiguration configuration(UnetConfig model, TrainingConfig training,
      boolean reuseForward) {
    NativeBackend.select();
    int[] p = model.patchShape();
    Convolution3D.DataFormat ndhwc = Convolution3D.DataFormat.NDHWC;
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
        .seed(model.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(training.learningRate(), 0.9, 0.999, 1e-7))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .biasInit(0.0)
        .convolutionMode(ConvolutionMode.Same)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional3D(ndhwc, p[2], p[1], p[0], model.inputChannels()));

    String previous = INPUT;
    String[] skips = new String[model.depth()];
    for (int level = 0; level < model.depth(); level++) {
      int filters = model.baseFilters() << level;
      previous = convBlock(g, model, "down" + level, new String[] {previous}, filters, reuseForward);
      skips[level] = previous;
      String pool = "pool" + level;
      g.addLayer(pool, new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX,
              new int[] {2, 2, 2}, new int[] {2, 2, 2})
          .dataFormat(ndhwc).convolutionMode(ConvolutionMode.Same).build(), previous);
      previous = pool;
    }
    previous = convBlock(g, model, "bottom", new String[] {previous},
        model.baseFilters() << model.depth(), reuseForward);
    for (int level = model.depth() - 1; level >= 0; level--) {
      int filters = model.baseFilters() << level;
      String up = "up" + level;
      Deconvolution3D.Builder deconv = new Deconvolution3D.Builder().kernelSize(2, 2, 2)
          .stride(2, 2, 2).convolutionMode(ConvolutionMode.Same).nOut(filters)
          .activation(Activation.IDENTITY).dataFormat(ndhwc);
      Deconvolution3D checked = deconv.build();
      g.addLayer(up, reuseForward ? new Deconv3d(deconv) : checked, previous);
      if (reuseForward) { // the first convolution reads [up, skip] without concatenating them
        previous = convBlock(g, model, "upconv" + level, new String[] {up, skips[level]}, filters, true);
      } else {
        String merge = "concat" + level;
        g.addVertex(merge, new Merge5d(), up, skips[level]);
        previous = convBlock(g, model, "upconv" + level, new String[] {merge}, filters, false);
      }
    }
    g.addLayer("logits", conv(new Convolution3D.Builder().kernelSize(1, 1, 1)
        .nOut(model.classes()).activation(Activation.IDENTITY).dataFormat(ndhwc), reuseForward),
        previous);
    g.addLayer(OUTPUT, new Cnn3DLossLayer.Builder(ndhwc)
        .lossFunction(new SegmentationLoss(training.loss(), model.patchVoxels()))
        .activation(Activation.SOFTMAX).build(), "logits");
    g.setOutputs(OUTPUT);
    return g.build();
  }

  /**
   * Two (conv 3x3x3, ReLU, batch norm); returns the name of the last vertex. With several inputs
   * (the decoder's [up, skip]) the first convolution reads them as one channel concatenation: a
   * {@link ConcatConv3d} (needs reuseForward; its input channels are {@code filters} per input).
   */
  private static String convBlock(ComputationGraphConfiguration.GraphBuilder g, UnetConfig model,
      String prefix, String[] inputs, int filters, boolean reuseForward) {
    String previous = inputs[0];
    for (int i = 0; i < 2; i++) {
      String conv = prefix + "_conv" + i;
      String bn = prefix + "_bn" + i;
      Convolution3D.Builder builder = new Convolution3D.Builder().kernelSize(3, 3, 3).nOut(filters)
          .activation(Activation.RELU).dataFormat(Convolution3D.DataFormat.NDHWC)
          .convolutionMode(ConvolutionMode.Same);
      if (i == 0 && inputs.length > 1) {
        Conv3d layer = new Conv3d(builder.nIn((long) filters * inputs.length));
        layer.setLayerName(conv);
        g.addVertex(conv, new ConcatConv3d(g.getGlobalConfiguration().clone().layer(layer).build()), inputs);
        g.addLayer(bn, new BatchNorm3d(bn, filters, model.bnMomentum(), model.bnEpsilon()), conv);
        previous = bn;
        continue;
      }
      Convolution3D layer = conv(builder, reuseForward);
      if (layer instanceof Conv3d c && INPUT.equals(previous)) {
        c.inputGradientUnused();
      }
      g.addLayer(conv, layer, previous);
      g.addLayer(bn, new BatchNorm3d(bn, filters, model.bnMomentum(), model.bnEpsilon()), conv);
      previous = bn;
    }
    return previous;
  }

  /** The builder's layer (validated by DL4J's build()), as a {@link Conv3d} if reuseForward. */
  private static Convolution3D conv(Convolution3D.Builder builder, boolean reuseForward) {
    Convolution3D checked = builder.build();
    return reuseForward ? new Conv3d(builder) : checked;
  }
}
