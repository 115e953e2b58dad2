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

"$STACK_DIR/stack.sh" down --profile test >/dev/null 2>&1 || true # leftovers of an interrupted run
PGHOME="$(load_profile test && pg_home)" # PostgreSQL's files, outside DATA when user postgres cannot reach it
[[ -n "$DATA" && "$DATA" != / ]] && rm -rf "$DATA"
[[ "$PGHOME" == /var/lib/foldwise/* ]] && rm -rf "$PGHOME"
trap '"$STACK_DIR/stack.sh" down --profile test || true' EXIT
"$STACK_DIR/stack.sh" up --profile test
say "test stack up after $((SECONDS - start)) s; running mvn -B --fail-at-end verify $*"

set +e
mvn -B --fail-at-end verify "$@"
rc=$?
set -e
say "tests finished with status $rc after $((SECONDS - start)) s in total"
exit $rc
