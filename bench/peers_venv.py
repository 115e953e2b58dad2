"""The peers' virtualenv for the bench scripts beside this file (`./foldwise stack install peers` makes it)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def peers_python(hint=""):
    """Its python: FOLDWISE_PEERS_VENV, else the stack scripts' `peers_venv`; exits saying how to install it."""
    venv = os.environ.get("FOLDWISE_PEERS_VENV") or subprocess.run(
        ["bash", "-c", f'source "{ROOT}/stack/lib.sh" && load_env_file "$STACK_DIR/versions.env" && peers_venv'],
        capture_output=True, text=True).stdout.strip()
    python = os.path.join(venv, "bin", "python")
    if not venv or not os.path.exists(python):
        sys.exit(f"no peers' python at {python}: run ./foldwise stack install peers first{hint}")
    return python
