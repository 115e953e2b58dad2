package io.foldwise.unet.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Models written before the U-Net went channels-last (Foldwise 0.1 before the oneDNN layers) have
 * NCDHW layers. Their parameters do not depend on the layout (DL4J keeps convolution weights as
 * [oC, iC, kD, kH, kW] and transposed-convolution weights as [kD, kH, kW, oC, iC] in both), so such a
 * model is the same network: {@link #upgrade} rebuilds it with NDHWC layers and the same parameters
 * and optimizer state, which is what {@link ModelIO#read} returns for it.
 */
final class ChannelsLast {
  private ChannelsLast() {}

  /** The model itself when all its layers are channels-last, else the upgraded copy. */
  static ComputationGraph upgrade(ComputationGraph model) {
    ComputationGraphConfiguration conf = model.getConfiguration().clone();
    if (!toChannelsLast(conf)) {
      return model;
    }
    ComputationGraph upgraded = new ComputationGraph(conf);
    upgraded.init(model.params().dup(), false);
    if (model.getUpdater(false) != null && model.getUpdater(false).getStateViewArray() != null) {
      upgraded.getUpdater(true).getStateViewArray().assign(model.getUpdater(false).getStateViewArray());
    }
    return upgraded;
  }

  /** Switches every 3-D layer of the configuration to NDHWC; true if any was NCDHW. */
  static boolean toChannelsLast(ComputationGraphConfiguration conf) {
    Convolution3D.DataFormat ncdhw = Convolution3D.DataFormat.NCDHW;
    Convolution3D.DataFormat ndhwc = Convolution3D.DataFormat.NDHWC;
    boolean changed = false;
    for (GraphVertex vertex : conf.getVertices().values()) {
      if (!(vertex instanceof LayerVertex lv)) {
        continue;
      }
      Layer layer = lv.getLayerConf().getLayer();
      if (layer instanceof Convolution3D c && c.getDataFormat() == ncdhw) {
        c.setDataFormat(ndhwc);
        changed = true;
      } else if (layer instanceof Deconvolution3D d && d.getDataFormat() == ncdhw) {
        d.setDataFormat(ndhwc);
        changed = true;
      } else if (layer instanceof Subsampling3DLayer s && s.getDataFormat() == ncdhw) {
        s.setDataFormat(ndhwc);
        changed = true;
      } else if (layer instanceof Cnn3DLossLayer l && l.getDataFormat() == ncdhw) {
        l.setDataFormat(ndhwc);
        changed = true;
      }
    }
    return changed;
  }
}
