#!/usr/bin/env bash
# The README test command: builds, brings up a private test stack (own ports and data directory),
# runs every test with Maven, and brings the test stack down again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec mvn -B verify "$@"
