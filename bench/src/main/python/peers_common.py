"""Shared by the peer scripts of `./foldwise bench peers` (issue 10): arguments, synthetic data, JSON lines.

Each script prints one JSON object per line on stdout (the Java driver, io.foldwise.bench.peers, reads them):
  {"event": "model", "framework": ..., "version": ..., "parameters": N, "threads": T, "fast_path": "..."}
  {"event": "step", "index": i, "warmup": bool, "seconds": s}                      (train)
  {"event": "predict", "windows": w, "seconds": s, "grid": [x, y, z]}              (predict)
  {"event": "done", "peak_rss_mib": m}
Shapes are given as x,y,z like Foldwise's (MIScnn's volume axes); the arrays use that order too.
"""
import argparse
import json
import resource
import sys
import time

EXPECTED_PARAMETERS = 22587204  # MIScnn's standard 3D U-Net, 4 classes, BN moving statistics included


def parse_args(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("mode", choices=["train", "predict"])
    p.add_argument("--patch", default="160x160x80", help="x,y,z of the training patch / prediction window")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--iterations", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--grid", default="226x226x111", help="x,y,z of the volume to predict")
    p.add_argument("--overlap", default="80,80,30", help="x,y,z overlap of neighbouring windows, in voxels")
    p.add_argument("--classes", type=int, default=4)
    a = p.parse_args()
    a.patch = shape(a.patch, "x")
    a.grid = shape(a.grid, "x")
    a.overlap = shape(a.overlap, ",")
    return a


def shape(text, sep):
    parts = [int(v) for v in text.split(sep)]
    if len(parts) != 3:
        raise SystemExit(f"expected three sizes separated by '{sep}', got '{text}'")
    return tuple(parts)


def emit(**fields):
    print(json.dumps(fields), flush=True)


def peak_rss_mib():
    """Peak resident set size of this process (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def synthetic_batch(np, batch, patch, classes, seed=5):
    """Gaussian image and a one-hot label with every class (class k on the k-th slab of z), channels last."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, *patch, 1), dtype=np.float32)
    y = np.zeros((batch, *patch, classes), dtype=np.float32)
    z = patch[2]
    for k in range(classes):
        y[:, :, :, k * z // classes:(k + 1) * z // classes, k] = 1
    return x, y


def synthetic_volume(np, grid, seed=3):
    return np.random.default_rng(seed).standard_normal(grid, dtype=np.float32)


def time_steps(step, warmup, iterations):
    for i in range(warmup + iterations):
        t = time.perf_counter()
        step()
        emit(event="step", index=i, warmup=i < warmup, seconds=time.perf_counter() - t)


def check_parameters(count, framework):
    if count != EXPECTED_PARAMETERS:
        print(f"{framework}: the model has {count} parameters, expected {EXPECTED_PARAMETERS}", file=sys.stderr)
