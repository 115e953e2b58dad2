"""PyTorch peer of `./foldwise bench peers`: a faithful re-implementation of MIScnn's standard 3D U-Net.

Same layers as miscnn/neural_network/architecture/unet/standard.py (depth 4, 32-64-128-256 filters, 512 at the
bottleneck; per level two Conv3d 3x3x3 'same' + ReLU + BatchNorm; MaxPool 2; ConvTranspose3d 2 stride 2,
concatenated before the skip; final 1x1x1 conv + softmax), Keras defaults where MIScnn relies on them
(BatchNorm eps 1e-3 and momentum 0.99, i.e. PyTorch momentum 0.01; glorot-uniform kernels, zero biases; Adam
eps 1e-7), MIScnn's learning rate 1e-4 and loss tversky_crossentropy. Arrays are channels first (N, C, x, y, z).
Prediction uses MONAI's sliding_window_inference with the same windows and overlap as Foldwise (constant weights).
CPU path: oneDNN (mkldnn) convolutions, PyTorch's default; threads = torch.set_num_threads.
"""
import os
import time

import peers_common as common

args = common.parse_args(__doc__.splitlines()[0])
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1), nn.ReLU(), nn.BatchNorm3d(cout, eps=1e-3, momentum=0.01),
        nn.Conv3d(cout, cout, 3, padding=1), nn.ReLU(), nn.BatchNorm3d(cout, eps=1e-3, momentum=0.01))


class Unet(nn.Module):
    def __init__(self, channels=1, classes=4, filters=32, depth=4):
        super().__init__()
        sizes = [filters * 2 ** i for i in range(depth)]
        self.down = nn.ModuleList()
        cin = channels
        for f in sizes:
            self.down.append(double_conv(cin, f))
            cin = f
        self.pool = nn.MaxPool3d(2)
        self.middle = double_conv(cin, filters * 2 ** depth)
        cin = filters * 2 ** depth
        self.up = nn.ModuleList()
        self.up_conv = nn.ModuleList()
        for f in reversed(sizes):
            self.up.append(nn.ConvTranspose3d(cin, f, 2, stride=2))
            self.up_conv.append(double_conv(2 * f, f))
            cin = f
        self.out = nn.Conv3d(cin, classes, 1)
        for m in self.modules():
            if isinstance(m, (nn.Conv3d, nn.ConvTranspose3d)):
                nn.init.xavier_uniform_(m.weight)  # Keras glorot_uniform: same fan_in + fan_out
                nn.init.zeros_(m.bias)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.middle(x)
        for up, conv, skip in zip(self.up, self.up_conv, reversed(skips)):
            x = conv(torch.cat([up(x), skip], dim=1))
        return torch.softmax(self.out(x), dim=1)


def parameter_count(model):
    """Trainable parameters plus the BN moving mean and variance, as Keras counts them."""
    bn_stats = sum(m.running_mean.numel() + m.running_var.numel()
                   for m in model.modules() if isinstance(m, nn.BatchNorm3d))
    return sum(p.numel() for p in model.parameters()) + bn_stats


def tversky_crossentropy(y_true, y_pred, smooth=1e-6, alpha=0.5, beta=0.5):
    """MIScnn's loss: per sample sum over classes of (1 - Tversky) + mean categorical cross-entropy."""
    axes = (2, 3, 4)
    tp = (y_true * y_pred).sum(axes)
    fn = (y_true * (1 - y_pred)).sum(axes)
    fp = ((1 - y_true) * y_pred).sum(axes)
    tversky = ((tp + smooth) / (tp + alpha * fn + beta * fp + smooth)).sum(1)
    n = y_true.shape[1]
    eps = 1e-7  # Keras clips probabilities to [eps, 1 - eps]
    crossentropy = -(y_true * torch.log(y_pred.clamp(eps, 1 - eps))).sum(1).mean()
    return (n - tversky + crossentropy).mean()


model = Unet(classes=args.classes)
common.emit(event="model", framework="pytorch", version=torch.__version__, parameters=parameter_count(model),
            threads=torch.get_num_threads(),
            fast_path=f"oneDNN (mkldnn) enabled={torch.backends.mkldnn.enabled}, set_num_threads({args.threads}), "
                      f"ISA {torch.backends.cpu.get_cpu_capability()}"
                      + (f" (ONEDNN_MAX_CPU_ISA={os.environ['ONEDNN_MAX_CPU_ISA']})" if "ONEDNN_MAX_CPU_ISA" in os.environ else ""))

if args.mode == "train":
    x, y = common.synthetic_batch(np, args.batch, args.patch, args.classes)
    x = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, -1, 1)))
    y = torch.from_numpy(np.ascontiguousarray(np.moveaxis(y, -1, 1)))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, eps=1e-7)
    model.train()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = tversky_crossentropy(y, model(x))
        loss.backward()
        optimizer.step()

    common.time_steps(step, args.warmup, args.iterations)
else:
    from monai.inferers import sliding_window_inference

    volume = torch.from_numpy(common.synthetic_volume(np, args.grid))[None, None]
    overlap = [o / p for o, p in zip(args.overlap, args.patch)]
    model.eval()
    windows = 1
    for g, p, o in zip(args.grid, args.patch, args.overlap):
        windows *= 1 if g <= p else -(-(g - p) // (p - o)) + 1
    t = time.perf_counter()
    with torch.inference_mode():
        probabilities = sliding_window_inference(volume, roi_size=args.patch, sw_batch_size=1, predictor=model,
                                                 overlap=overlap, mode="constant")
        labels = probabilities.argmax(1)
    seconds = time.perf_counter() - t
    common.emit(event="predict", windows=windows, seconds=seconds, grid=list(labels.shape[1:]),
                overlap=overlap)
common.emit(event="done", peak_rss_mib=common.peak_rss_mib())
