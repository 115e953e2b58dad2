#!/usr/bin/env bash
# The README test command (./foldwise test; CI runs it through .ci/run): brings up a private test stack (profile
# "test": own ports, fresh data directory), runs every module's tests with `mvn -B verify` against it, always
# brings the test stack down again, and exits with Maven's status. Extra arguments go to Maven.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DATA="$(load_profile test && printf '%s' "$DATA")" # the profile's settings stay out of this environment:
export FOLDWISE_PROFILE=test FOLDWISE_ROOT="$ROOT" # the tests read them from stack/test.env like any program
cd "$ROOT"
start=$SECONDS

# docker-compose parses docker-compose.yml in the consistency test (no engine needed)
command -v docker-compose >/dev/null || { source "$STACK_DIR/install.sh"; apt_install docker-compose; }
# the console's browser tests drive Debian's Chromium through its chromedriver
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || { source "$STACK_DIR/install.sh"; install_browser; }

"$STACK_DIR/stack.sh" down --profile test >/dev/null 2>&1 || true # leftovers of an interrupted run
PGHOME="$(load_profile test && pg_home)" # PostgreSQL's files, outside DATA when user postgres cannot reach it
[[ -n "$DATA" && "$DATA" != / ]] && rm -rf "$DATA"
[[ "$PGHOME" == /var/lib/foldwise/* ]] && rm -rf "$PGHOME"
trap '"$STACK_DIR/stack.sh" down --profile test || true' EXIT
"$STACK_DIR/stack.sh" up --profile test
say "test stack up after $((SECONDS - start)) s; running mvn -B --fail-at-end verify $*"

source "$STACK_DIR/native.sh"
auto="$(native_resolve)" || exit 2 # FOLDWISE_NATIVE, if set, picks the build of the main run
native_export "$auto"
set +e
mvn -B --fail-at-end verify "$@"
rc=$?
set -e

# The U-Net tests again under every other native build this CPU runs (on AVX-512: avx2 and plain; on
# AVX2: plain), so a test that holds on one ISA only fails here too. No stack needed; skipped when Maven
# was given a module selection or extra goals (then the caller chose what to run).
if [[ $# -eq 0 && "${FOLDWISE_TEST_OTHER_BUILDS:-1}" != 0 ]]; then
  for build in $(native_supported); do
    [[ "$build" == "$auto" ]] && continue
    say "segmentation-unet tests under FOLDWISE_NATIVE=$build ($((SECONDS - start)) s so far)"
    set +e
    (unset DNNL_MAX_CPU_ISA ONEDNN_MAX_CPU_ISA; native_export "$build"
      mvn -B -q verify -pl segmentation,segmentation-unet -Dfoldwise.skipCoreTests=true)
    brc=$?
    set -e
    say "segmentation-unet under FOLDWISE_NATIVE=$build: status $brc"
    [[ $brc -ne 0 && $rc -eq 0 ]] && rc=$brc
  done
fi
say "tests finished with status $rc after $((SECONDS - start)) s in total"
exit $rc
