#!/usr/bin/env python3
"""Where a training step's time goes: oneDNN's own execution time per primitive kind and implementation.

Runs one framework's training step of the peers' benchmark (the whole U-Net, 160x160x80, batch 1 by default):
Foldwise's `./foldwise bench peer-foldwise train`, or, with --framework, the TensorFlow + MIScnn or PyTorch peer
of `./foldwise bench peers` with the same settings (oneDNN on in TensorFlow). oneDNN's verbose mode is on; the
script keeps the calls of the timed steps only (the warm-up step creates the primitives), and prints one Markdown
table: per primitive kind, pass and implementation, the calls per step, ms per step and the share of the step's
wall time; then the time outside oneDNN (the framework's own ops and kernels, Adam, copies).

    python3 bench/onednn-profile.py                       # Foldwise, the CPU's own build (FOLDWISE_NATIVE=auto)
    FOLDWISE_NATIVE=avx2 python3 bench/onednn-profile.py  # the AVX2 build on an AVX-512 CPU
    ./foldwise stack install peers                        # once, for the peers:
    python3 bench/onednn-profile.py --framework tensorflow
    python3 bench/onednn-profile.py --framework pytorch
    python3 bench/onednn-profile.py --log target/onednn-profile/foldwise-auto.log   # a saved run's table again

A Foldwise process holds two oneDNN libraries: ND4J's own, inside libnd4jcpu (marker `dnnl_verbose`), which
runs ND4J ops such as max pooling, and the dnnl preset's that the direct layers call (`onednn_verbose`); the
table names which one ran each row. Threads: OMP_NUM_THREADS (default 2), for the peers also their own setting.
"""
import argparse
import json
import os
import re
import subprocess
import sys

from peers_venv import ROOT, peers_python

# <marker>,[v1,primitive,]exec,cpu,<kind>,<impl>,<prop_kind>,...,<ms>
EXEC = re.compile(r"^(onednn|dnnl)_verbose,(?:v1,primitive,)?exec,cpu,([^,]+),([^,]+),([^,]+),.*,([\d.]+)$")
VERSION = re.compile(r"^(onednn|dnnl)_verbose,(?:v1,)?info,oneDNN v(\d+\.\d+\.\d+)")
LIBRARY = {}  # marker -> whose oneDNN, for the framework profiled
LIBRARIES = {"foldwise": {"onednn": "direct layers", "dnnl": "ND4J's"},
             "tensorflow": {"onednn": "TensorFlow's", "dnnl": "TensorFlow's"},
             "pytorch": {"onednn": "PyTorch's", "dnnl": "PyTorch's"}}


def profile(lines):
    """Splits the output at the step events; returns ([step seconds], [{row: [ms]}] per step, {marker: version})."""
    steps, per_step, versions, current = [], [], {}, {}
    for line in lines:
        line = line.strip()
        if line.startswith("{"):
            event = json.loads(line)
            if event.get("event") == "step":
                steps.append((event["seconds"], event["warmup"]))
                per_step.append(current)
                current = {}
            continue
        m = VERSION.match(line)
        if m:
            versions.setdefault(m.group(1), m.group(2))
            continue
        m = EXEC.match(line)
        if m:
            marker, kind, impl, prop, ms = m.groups()
            prop = "forward" if prop.startswith("forward") else prop
            current.setdefault((kind, prop, impl, marker), []).append(float(ms))
    return steps, per_step, versions


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iterations", type=int, default=2, help="timed steps after the warm-up step (default 2)")
    ap.add_argument("--patch", default="160x160x80", help="patch XxYxZ (default 160x160x80)")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--framework", choices=sorted(LIBRARIES), default="foldwise",
                    help="whose training step: Foldwise (default) or a peer of `./foldwise bench peers`")
    ap.add_argument("--log", help="print the table of a saved run's output (target/onednn-profile/*.log) instead of "
                                   "running a step")
    a = ap.parse_args()
    threads = os.environ.get("OMP_NUM_THREADS", "2")
    # the peers' settings are those of `./foldwise bench peers` (PeersBench.run): TensorFlow needs oneDNN switched on
    env = dict(os.environ, OMP_NUM_THREADS=threads, MKL_NUM_THREADS=threads, ONEDNN_VERBOSE="1", DNNL_VERBOSE="1",
               TF_ENABLE_ONEDNN_OPTS="1", TF_USE_LEGACY_KERAS="1")
    build = os.environ.get("FOLDWISE_NATIVE", "auto")
    args = ["train", "--patch", a.patch, "--batch", str(a.batch), "--warmup", "1", "--iterations", str(a.iterations)]
    LIBRARY.update(LIBRARIES[a.framework])
    if a.log:  # a saved run: the table again, nothing is run
        try:
            with open(a.log, encoding="utf-8", errors="replace") as f:
                output = f.read()
        except OSError as e:
            sys.exit(f"cannot read the log {a.log}: {e.strerror}; give the file a run of this script saved")
    else:
        if a.framework == "foldwise":
            cmd = [os.path.join(ROOT, "foldwise"), "bench", "peer-foldwise"] + args
        else:
            cmd = [peers_python(), os.path.join(ROOT, "bench/src/main/python/peer_" + a.framework + ".py")] + args + [
                "--threads", threads]
        print("running: " + " ".join(cmd), file=sys.stderr, flush=True)
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
        if p.returncode != 0:
            sys.exit(f"the {a.framework} step failed ({p.returncode}):\n{(p.stdout + p.stderr)[-3000:]}")
        output = p.stdout
        saved = os.path.join(ROOT, "target", "onednn-profile", f"{a.framework}-{build}.log")
        os.makedirs(os.path.dirname(saved), exist_ok=True)
        with open(saved, "w", encoding="utf-8") as f:
            f.write(output)
        print(f"the run's output is in {saved}: --log {saved} prints the table again", file=sys.stderr, flush=True)
    steps, per_step, versions = profile(output.splitlines())
    timed = [i for i, (_, warm) in enumerate(steps) if not warm]
    if not timed:
        sys.exit(f"no timed step (a JSON line with \"event\": \"step\", \"warmup\": false) in the output of "
                 f"{a.log or 'the run'}:\n" + output[-3000:])
    counts = {len(sum(per_step[i].values(), [])) for i in timed}
    if len(counts) != 1:  # every timed step runs the same primitives; anything else means the split went wrong
        sys.exit(f"the timed steps ran different numbers of oneDNN calls ({sorted(counts)}): output interleaved?")
    wall_ms = sum(steps[i][0] for i in timed) * 1000 / len(timed)
    rows = {}
    for i in timed:
        for key, ms in per_step[i].items():
            rows.setdefault(key, [0, 0.0])
            rows[key][0] += len(ms) / len(timed)
            rows[key][1] += sum(ms) / len(timed)
    run = f"from {a.log}" if a.log else f"FOLDWISE_NATIVE={build}, patch {a.patch}, batch {a.batch}, {threads} threads"
    print(f"{a.framework}, {run}, {len(timed)} timed steps after {len(steps) - len(timed)} warm-up; oneDNN "
          + ", ".join(f"{v} ({LIBRARY[k]})" for k, v in sorted(versions.items())))
    print(f"\nStep wall time {wall_ms / 1000:.3f} s (mean of the timed steps: "
          + ", ".join(f"{steps[i][0]:.3f}" for i in timed) + " s)\n")
    print("| primitive, pass | implementation (library) | calls per step | ms per step | share of the step |")
    print("|---|---|---|---|---|")
    total = 0.0
    for (kind, prop, impl, marker), (n, ms) in sorted(rows.items(), key=lambda kv: -kv[1][1]):
        total += ms
        print(f"| {kind} {prop} | `{impl}` ({LIBRARY[marker]}) | {n:g} | {ms:,.0f} | {100 * ms / wall_ms:.1f}% |")
    print(f"| **all oneDNN calls** | | {sum(r[0] for r in rows.values()):g} | {total:,.0f} | "
          f"{100 * total / wall_ms:.1f}% |")
    outside = "ND4J ops, DL4J, Adam, copies" if a.framework == "foldwise" else "the framework's own kernels, Adam"
    print(f"| **outside oneDNN** ({outside}) | | | {wall_ms - total:,.0f} | "
          f"{100 * (wall_ms - total) / wall_ms:.1f}% |")


if __name__ == "__main__":
    main()
