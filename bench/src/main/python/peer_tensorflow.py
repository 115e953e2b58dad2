"""TensorFlow peer of `./foldwise bench peers`: MIScnn's own standard 3D U-Net and tversky_crossentropy.

MIScnn's package __init__ imports optional modules (nibabel, tensorflow_addons, batchgenerators, ...), so the
packages on the way to the modules used here are stubbed in sys.modules with their real folders as __path__:
importing miscnn.neural_network.architecture.unet.standard, miscnn.neural_network.metrics and
miscnn.utils.patch_operations then runs those files only (site-packages is not edited). patch_operations imports
batchgenerators' pad_nd_image, which only pads volumes smaller than a window: a stub stands in for it and
refuses to run. Keras 2 (tf-keras, TF_USE_LEGACY_KERAS=1), as MIScnn was written for; Adam with MIScnn's learning
rate 1e-4 (Keras 2's Adam: epsilon 1e-7); model.train_on_batch, what Keras' fit runs per batch; no metrics.
Prediction: MIScnn's slice_matrix / predict_on_batch per window (batch 1) / concat_matrices / argmax, the path of
its Neural_Network.predict. CPU path: oneDNN, which TF 2.21 leaves off on AVX2 unless TF_ENABLE_ONEDNN_OPTS=1.
"""
import importlib.util
import os
import sys
import time
import types

import peers_common as common

args = common.parse_args(__doc__.splitlines()[0])
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(args.threads)
tf.config.threading.set_inter_op_parallelism_threads(1)


def load_miscnn():
    """Stubs miscnn's packages (their __init__ files are not run) so that its plain modules import alone."""
    root = importlib.util.find_spec("miscnn").submodule_search_locations[0]
    for package in ["miscnn", "miscnn.neural_network", "miscnn.neural_network.architecture",
                    "miscnn.neural_network.architecture.unet", "miscnn.utils"]:
        module = types.ModuleType(package)
        module.__path__ = [os.path.join(root, *package.split(".")[1:])]
        sys.modules[package] = module
    if importlib.util.find_spec("batchgenerators") is None:
        bg = types.ModuleType("batchgenerators.augmentations.utils")

        def pad_nd_image(*_args, **_kwargs):
            raise NotImplementedError("padding a volume smaller than a window needs batchgenerators")

        bg.pad_nd_image = pad_nd_image
        for name in ["batchgenerators", "batchgenerators.augmentations"]:
            sys.modules[name] = types.ModuleType(name)
        sys.modules["batchgenerators.augmentations.utils"] = bg
    from miscnn.neural_network.architecture.unet.standard import Architecture
    from miscnn.neural_network.metrics import tversky_crossentropy
    from miscnn.utils import patch_operations
    return Architecture, tversky_crossentropy, patch_operations


Architecture, tversky_crossentropy, patch_operations = load_miscnn()
from tensorflow.keras.optimizers import Adam  # noqa: E402  (tf_keras under TF_USE_LEGACY_KERAS=1)

model = Architecture().create_model_3D((None, None, None, 1), n_labels=args.classes)
model.compile(optimizer=Adam(learning_rate=1e-4), loss=tversky_crossentropy)
onednn = os.environ.get("TF_ENABLE_ONEDNN_OPTS")
common.emit(event="model", framework="tensorflow", version=f"{tf.__version__} (tf-keras, MIScnn 1.4.0)",
            parameters=int(model.count_params()), threads=args.threads,
            fast_path=f"oneDNN TF_ENABLE_ONEDNN_OPTS={onednn}, intra-op {args.threads}, inter-op 1"
                      + (f", ONEDNN_MAX_CPU_ISA={os.environ['ONEDNN_MAX_CPU_ISA']}" if "ONEDNN_MAX_CPU_ISA" in os.environ else ""))

if args.mode == "train":
    x, y = common.synthetic_batch(np, args.batch, args.patch, args.classes)
    common.time_steps(lambda: model.train_on_batch(x, y), args.warmup, args.iterations)
else:
    volume = common.synthetic_volume(np, args.grid)[..., None]
    t = time.perf_counter()
    patches = patch_operations.slice_matrix(volume, args.patch, args.overlap, True)
    predictions = [model.predict_on_batch(p[None])[0] for p in patches]
    probabilities = patch_operations.concat_matrices(patches=np.stack(predictions), image_size=args.grid,
                                                     window=args.patch, overlap=args.overlap, three_dim=True)
    labels = np.argmax(probabilities, axis=-1)
    seconds = time.perf_counter() - t
    common.emit(event="predict", windows=len(patches), seconds=seconds, grid=list(labels.shape))
common.emit(event="done", peak_rss_mib=common.peak_rss_mib())
