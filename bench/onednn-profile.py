#!/usr/bin/env python3
"""Where a Foldwise training step's time goes: oneDNN's own execution time per primitive kind and implementation.

Runs `./foldwise bench peer-foldwise train` (the whole U-Net, 160x160x80, batch 1 by default) with oneDNN's
verbose mode on, keeps the calls of the timed steps only (the warm-up step creates the primitives), and prints
one Markdown table: per primitive kind, pass and implementation, the calls per step, ms per step and the share of
the step's wall time; then the time outside oneDNN (ND4J's own ops, DL4J's Java side, Adam, pooling, copies).

    ./foldwise stack install peers       # not needed: this runs Foldwise only
    python3 bench/onednn-profile.py                       # the CPU's own build (FOLDWISE_NATIVE=auto)
    FOLDWISE_NATIVE=avx2 python3 bench/onednn-profile.py  # the AVX2 build on an AVX-512 CPU

A Foldwise process holds two oneDNN libraries: ND4J's own, inside libnd4jcpu (marker `dnnl_verbose`), which
runs ND4J ops such as max pooling, and the dnnl preset's that the direct layers call (`onednn_verbose`); the
table names which one ran each row. Threads: OMP_NUM_THREADS (default 2).
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# <marker>,[v1,primitive,]exec,cpu,<kind>,<impl>,<prop_kind>,...,<ms>
EXEC = re.compile(r"^(onednn|dnnl)_verbose,(?:v1,primitive,)?exec,cpu,([^,]+),([^,]+),([^,]+),.*,([\d.]+)$")
VERSION = re.compile(r"^(onednn|dnnl)_verbose,(?:v1,)?info,oneDNN v(\d+\.\d+\.\d+)")
LIBRARY = {"onednn": "direct layers", "dnnl": "ND4J's"}


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
    a = ap.parse_args()
    threads = os.environ.get("OMP_NUM_THREADS", "2")
    env = dict(os.environ, OMP_NUM_THREADS=threads, ONEDNN_VERBOSE="1", DNNL_VERBOSE="1")
    cmd = [os.path.join(ROOT, "foldwise"), "bench", "peer-foldwise", "train", "--patch", a.patch, "--batch",
           str(a.batch), "--warmup", "1", "--iterations", str(a.iterations)]
    print("running: " + " ".join(cmd), file=sys.stderr, flush=True)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"the Foldwise step failed ({p.returncode}):\n{(p.stdout + p.stderr)[-3000:]}")
    steps, per_step, versions = profile(p.stdout.splitlines())
    timed = [i for i, (_, warm) in enumerate(steps) if not warm]
    if not timed:
        sys.exit("no timed step in the output:\n" + p.stdout[-3000:])
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
    build = os.environ.get("FOLDWISE_NATIVE", "auto")
    print(f"FOLDWISE_NATIVE={build}, patch {a.patch}, batch {a.batch}, {threads} threads, {len(timed)} timed steps "
          f"after 1 warm-up; oneDNN " + ", ".join(f"{v} ({LIBRARY[k]})" for k, v in sorted(versions.items())))
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
    print(f"| **outside oneDNN** (ND4J ops, DL4J, Adam, copies) | | | {wall_ms - total:,.0f} | "
          f"{100 * (wall_ms - total) / wall_ms:.1f}% |")


if __name__ == "__main__":
    main()
