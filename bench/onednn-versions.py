#!/usr/bin/env python3
"""Would a newer oneDNN make the U-Net's 3-D convolutions faster? The paper's top-level layers, side by side.

Foldwise's direct layers call oneDNN 2.5 (JavaCPP's dnnl 2.5.2-1.5.7 preset, the one ND4J 1.0.0-M2.1 pins).
PyTorch in the peers' virtualenv ships a current oneDNN 3.x. This times the two convolutions at the U-Net's top
level (32->32 and 64->32 channels, 3x3x3, padding 1, 80x160x160 voxels, batch 1, channels-last) in both, in one
run and alternately, with oneDNN's verbose mode on, and prints oneDNN's own execution time per call and the
implementation it chose for each pass (forward, input gradient, weight gradient):

    ./foldwise stack install peers         # once
    python3 bench/onednn-versions.py --rounds 2

Foldwise's side is one training step of `./foldwise bench peer-foldwise train` (160x160x80, the whole U-Net);
only its calls with the top-level problem sizes are counted. Its large input gradients run as forward
convolutions with the flipped kernel, so they count as forward calls there. Threads: OMP_NUM_THREADS (default 2)
for both.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

from peers_venv import ROOT, peers_python

TORCH_SIDE = r"""
import sys, torch
torch.set_num_threads(int(sys.argv[1]))
for cin in (32, 64):
    x = torch.randn(1, cin, 80, 160, 160).to(memory_format=torch.channels_last_3d).requires_grad_(True)
    conv = torch.nn.Conv3d(cin, 32, 3, padding=1).to(memory_format=torch.channels_last_3d)
    for _ in range(int(sys.argv[2])):
        y = conv(x)
        y.backward(torch.ones_like(y))
        x.grad = None
        conv.zero_grad()
"""

# <marker>,[v1,primitive,]exec,cpu,convolution,<impl>,<prop_kind>,<mds>,<attrs>,<alg>,<problem>,<ms>
EXEC = re.compile(r"^(onednn|dnnl)_verbose,(?:v1,primitive,)?exec,cpu,convolution,([^,]+),([^,]+),.*,"
                  r"(mb\d+_ic(\d+)oc(\d+)_id80od80kd3\S*ih160oh160kh3\S*iw160ow160kw3\S*),([\d.]+)$")
VERSION = re.compile(r"^(onednn|dnnl)_verbose,(?:v1,)?info,oneDNN v(\d+\.\d+\.\d+)")


def parse(text, calls):
    """Collects the top-level convolutions' times into calls; returns the version of the oneDNN that ran them.

    A Foldwise process holds two oneDNN libraries: ND4J's own, linked into libnd4jcpu (2.3, marker dnnl_verbose),
    and the dnnl preset's that the direct layers call (marker onednn_verbose); each prints its own version line.
    """
    versions, used = {}, set()
    for line in text.splitlines():
        m = VERSION.match(line.strip())
        if m:
            versions.setdefault(m.group(1), m.group(2))
        m = EXEC.match(line.strip())
        if m:
            marker, impl, prop, _, ic, oc, ms = m.groups()
            used.add(marker)
            prop = "forward" if prop.startswith("forward") else prop
            calls.setdefault((f"{ic}->{oc}", prop), {}).setdefault(impl, []).append(float(ms))
    return " and ".join(sorted(versions[k] for k in used if k in versions)) or None


def run(cmd, env, label):
    print(f"  {label}: {' '.join(cmd)}", file=sys.stderr, flush=True)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"{label} failed ({p.returncode}):\n{(p.stdout + p.stderr)[-3000:]}")
    return p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    ap.add_argument("--iterations", type=int, default=2, help="passes per layer and round in PyTorch (default 2)")
    ap.add_argument("--python", help="the peers' python (default: the virtualenv `stack install peers` made)")
    a = ap.parse_args()
    threads = os.environ.get("OMP_NUM_THREADS", "2")
    python = a.python or peers_python(" (or pass --python)")
    if not os.path.exists(python):
        sys.exit(f"no peers' python at {python}: run ./foldwise stack install peers first (or pass --python)")
    env = dict(os.environ, OMP_NUM_THREADS=threads, ONEDNN_VERBOSE="1", DNNL_VERBOSE="1")
    sides = {"Foldwise": ({}, None), "PyTorch": ({}, None)}
    for r in range(a.rounds):
        print(f"round {r + 1} of {a.rounds}", file=sys.stderr, flush=True)
        out = run([os.path.join(ROOT, "foldwise"), "bench", "peer-foldwise", "train", "--batch", "1",
                   "--warmup", "0", "--iterations", "1"], env, "Foldwise (oneDNN 2.x, one training step)")
        sides["Foldwise"] = (sides["Foldwise"][0], parse(out, sides["Foldwise"][0]) or sides["Foldwise"][1])
        out = run([python, "-c", TORCH_SIDE, threads, str(a.iterations)], env, "PyTorch (oneDNN 3.x, two layers)")
        sides["PyTorch"] = (sides["PyTorch"][0], parse(out, sides["PyTorch"][0]) or sides["PyTorch"][1])

    fw, torch = sides["Foldwise"], sides["PyTorch"]
    print(f"| layer, pass | Foldwise, oneDNN {fw[1]}: ms per call (calls), implementation "
          f"| PyTorch, oneDNN {torch[1]}: ms per call (calls), implementation | ratio |")
    print("|---|---|---|---|")
    for key in sorted(set(fw[0]) | set(torch[0]), key=lambda k: (k[0], ["forward", "backward_data",
                                                                          "backward_weights"].index(k[1]))):
        cells, medians = [], []
        for calls in (fw[0].get(key, {}), torch[0].get(key, {})):
            all_ms = [ms for v in calls.values() for ms in v]
            if not all_ms:
                cells.append("-")
                medians.append(None)
                continue
            medians.append(statistics.median(all_ms))
            cells.append(f"{medians[-1]:,.0f} ({len(all_ms)}), " + ", ".join(
                f"`{impl}`" for impl in sorted(calls, key=lambda i: -len(calls[i]))))
        ratio = f"{medians[0] / medians[1]:.2f}x" if None not in medians else "-"
        print(f"| {key[0]} {key[1]} | {cells[0]} | {cells[1]} | {ratio} |")
    print(f"\n(ratio: Foldwise's ms / PyTorch's; above 1 the newer oneDNN is faster. {a.rounds} rounds, "
          f"{threads} threads.)")


if __name__ == "__main__":
    main()
