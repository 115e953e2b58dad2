#!/usr/bin/env python3
"""How often Conductor's retry race ends a retried execution again at once with its old failure.

Against the local stack with a train worker that fails fold 1 (the fault switch):

    ./foldwise stack up
    ./foldwise stack workers down && FOLDWISE_FAULT_FAIL_FOLDS=1 ./foldwise stack workers up
    python3 bench/retry-race.py --executions 4 --retries 60
    ./foldwise stack workers down && ./foldwise stack workers up      # the workers without the fault again

Each execution of phantom-smoke ends FAILED (fold 1); it is then retried through Conductor's API again and again
(fold 1 fails again within a second, so each retry ends FAILED anew). A retry whose execution is FAILED again
within 3 s with its *old* failure is the race (the JOIN was evaluated before the fold's new attempt existed); the
execution is then terminated and the next one launched. Prints one line per execution and the totals.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def call(url, method="GET"):
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req) as r:
        body = r.read()
    return json.loads(body) if method == "GET" else None


def failed_execution():
    out = subprocess.run([os.path.join(ROOT, "foldwise"), "run", "phantom-smoke", "--wait", "--no-stack"],
                         capture_output=True, text=True).stdout
    m = re.search(r"resume with: \./foldwise resume ([0-9a-f-]+)", out)
    if not m:
        sys.exit("phantom-smoke did not end FAILED: is the train worker running with FOLDWISE_FAULT_FAIL_FOLDS=1?\n"
                 + out[-2000:])
    return m.group(1)


def probe(api, wid, retries):
    for i in range(retries):
        wf = call(f"{api}/workflow/{wid}?includeTasks=false")
        old = wf.get("reasonForIncompletion")
        t0 = time.time()
        call(f"{api}/workflow/{wid}/retry?resumeSubworkflowTasks=false", "POST")
        while True:
            wf = call(f"{api}/workflow/{wid}?includeTasks=false")
            if wf["status"] != "RUNNING":
                break
            if time.time() - t0 > 120:
                return i + 1, "hang"
            time.sleep(0.2)
        if wf.get("reasonForIncompletion") == old and time.time() - t0 < 3:
            return i + 1, "race"
    return retries, None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--executions", type=int, default=4)
    p.add_argument("--retries", type=int, default=60, help="retries per execution at most")
    p.add_argument("--api", default="http://127.0.0.1:8080/api")
    a = p.parse_args()
    total, races = 0, 0
    for k in range(a.executions):
        wid = failed_execution()
        n, outcome = probe(a.api, wid, a.retries)
        total += n
        races += outcome == "race"
        print(f"execution {wid}: {n} retries, {outcome or 'no race'}", flush=True)
        if call(f"{a.api}/workflow/{wid}?includeTasks=false")["status"] == "RUNNING":
            call(f"{a.api}/workflow/{wid}?reason=retry-race-probe", "DELETE")
        if outcome == "hang":
            break
    print(f"races: {races} in {total} retries")


if __name__ == "__main__":
    main()
