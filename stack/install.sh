#!/usr/bin/env bash
# Installs what the stack needs and is missing, idempotently (run by `./foldwise stack up`; may be run alone):
#   PostgreSQL, Redis (Debian packages), the Conductor server boot jar (maven-dependency-plugin:copy),
#   MinIO (go install of the pinned module version), MLflow + boto3 (a virtualenv, pinned).
# Slow-to-build tools live in ${FOLDWISE_CACHE:-$HOME/.cache/foldwise}, outside the clone, so a fresh clone
# (CI) reuses them; each is named by its version, so a new pin installs beside the old one.

apt_install() {
  say "installing Debian packages: $* ..."
  local log="$CACHE/logs/apt.log"
  mkdir -p "$CACHE/logs"
  local sudo=()
  [[ $EUID -eq 0 ]] || sudo=(sudo)
  if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get install $* failed; log: $log"
  fi
}

install_system_packages() {
  local want=()
  [[ -n "$(pg_bin)" ]] || want+=(postgresql)
  command -v pg_isready >/dev/null || want+=(postgresql-client)
  command -v redis-server >/dev/null || want+=(redis-server)
  command -v curl >/dev/null || want+=(curl)
  python3 -c 'import ensurepip, venv' 2>/dev/null || want+=(python3-venv)
  if ((${#want[@]})); then
    apt_install "${want[@]}"
  fi
  [[ -n "$(pg_bin)" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin after installing"
}

install_conductor() {
  [[ -s "$CONDUCTOR_JAR" ]] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch $CONDUCTOR_SERVER_ARTIFACT"
  say "fetching the Conductor server jar $CONDUCTOR_SERVER_ARTIFACT (about 400 MB) ..."
  local start=$SECONDS tmp log="$CACHE/logs/conductor-fetch.log"
  mkdir -p "$CACHE/conductor" "$CACHE/logs"
  tmp="$(mktemp -d "$CACHE/conductor/.fetch-XXXXXX")"
  if ! mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$CONDUCTOR_SERVER_ARTIFACT" -DoutputDirectory="$tmp" >"$log" 2>&1; then
    rm -rf "$tmp"
    tail -n 20 "$log" >&2
    die "could not fetch $CONDUCTOR_SERVER_ARTIFACT; log: $log"
  fi
  mv "$tmp/$CONDUCTOR_SERVER_JAR" "$CONDUCTOR_JAR"
  rm -rf "$tmp"
  say "Conductor server jar ready in $((SECONDS - start)) s: $CONDUCTOR_JAR"
}

install_minio() {
  [[ -x "$MINIO_BIN" ]] && return 0
  command -v go >/dev/null || die "Go 1.24 or newer is needed to build MinIO (go install $MINIO_MODULE@$MINIO_VERSION)"
  local v
  v="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  if [[ "$(printf '%s\n%s\n' 1.24 "$v" | sort -V | head -n 1)" != 1.24 ]]; then
    die "Go $v is too old to build MinIO: install Go 1.24 or newer"
  fi
  say "building MinIO with go install $MINIO_MODULE@$MINIO_VERSION (takes about 3 minutes, once) ..."
  local start=$SECONDS tmp log="$CACHE/logs/minio-build.log"
  mkdir -p "$CACHE/bin" "$CACHE/logs"
  tmp="$(mktemp -d "$CACHE/bin/.build-XXXXXX")"
  if ! GOBIN="$tmp" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "$MINIO_MODULE@$MINIO_VERSION" >"$log" 2>&1; then
    rm -rf "$tmp"
    tail -n 20 "$log" >&2
    die "go install $MINIO_MODULE@$MINIO_VERSION failed; log: $log"
  fi
  mv "$tmp/minio" "$MINIO_BIN"
  rm -rf "$tmp"
  say "MinIO built in $((SECONDS - start)) s: $MINIO_BIN"
}

install_mlflow() {
  [[ -f "$VENV/.foldwise-complete" ]] && return 0
  say "installing MLflow $MLFLOW_VERSION and boto3 $BOTO3_VERSION into $VENV (about a minute, once) ..."
  local start=$SECONDS log="$CACHE/logs/mlflow-install.log"
  mkdir -p "$CACHE/logs"
  rm -rf "$VENV"
  if ! { python3 -m venv "$VENV" &&
         "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow==$MLFLOW_VERSION" "boto3==$BOTO3_VERSION"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -rf "$VENV"
    die "installing mlflow==$MLFLOW_VERSION boto3==$BOTO3_VERSION failed; log: $log"
  fi
  touch "$VENV/.foldwise-complete"
  say "MLflow ready in $((SECONDS - start)) s"
}

# The peers of `./foldwise bench peers` (issue 10), not part of the stack: TensorFlow-CPU + tf-keras + MIScnn and
# PyTorch + MONAI in one virtualenv (several GB: torch brings the CUDA libraries, PyPI has no CPU-only torch wheel).
# Progress goes to the terminal; the marker .foldwise-complete is written last, so a broken install is redone.
install_peers() {
  local venv="$PEERS_VENV"
  if [[ -f "$venv/.foldwise-complete" ]]; then
    say "the peers are installed: $venv"
    return 0
  fi
  say "installing the peers into $venv: tensorflow-cpu $PEERS_TENSORFLOW_VERSION, tf-keras $PEERS_TF_KERAS_VERSION," \
      "miscnn $PEERS_MISCNN_VERSION, torch $PEERS_TORCH_VERSION, monai $PEERS_MONAI_VERSION (about 4 GB, several minutes, once) ..."
  local start=$SECONDS log="$CACHE/logs/peers-install.log"
  mkdir -p "$CACHE/logs"
  rm -rf "$venv"
  local pip=("$venv/bin/pip" install --disable-pip-version-check --progress-bar off)
  if ! { python3 -m venv "$venv" &&
         say "1/3 tensorflow-cpu==$PEERS_TENSORFLOW_VERSION torch==$PEERS_TORCH_VERSION (the large part) ..." &&
         "${pip[@]}" "tensorflow-cpu==$PEERS_TENSORFLOW_VERSION" "torch==$PEERS_TORCH_VERSION" &&
         say "2/3 tf-keras==$PEERS_TF_KERAS_VERSION miscnn==$PEERS_MISCNN_VERSION monai==$PEERS_MONAI_VERSION (--no-deps) ..." &&
         "${pip[@]}" --no-deps "tf-keras==$PEERS_TF_KERAS_VERSION" "miscnn==$PEERS_MISCNN_VERSION" \
             "monai==$PEERS_MONAI_VERSION" &&
         say "3/3 checking the imports ..." &&
         "$venv/bin/python" -c 'import tensorflow, tf_keras, torch, monai.inferers; print("tensorflow", tensorflow.__version__, "torch", torch.__version__, "monai", monai.__version__)'
       } > >(tee "$log" | grep --line-buffered -E '^(foldwise:|Collecting|Successfully|ERROR|tensorflow )' >&2 || true) 2>&1
  then
    tail -n 20 "$log" >&2
    rm -rf "$venv"
    die "installing the peers failed; log: $log"
  fi
  touch "$venv/.foldwise-complete"
  say "peers ready in $((SECONDS - start)) s: $venv"
}

# Chromium and its WebDriver from Debian, for the console's browser tests (Selenium drives /usr/bin/chromedriver).
install_browser() {
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    apt_install chromium chromium-driver
  fi
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
    die "chromium and chromium-driver were installed but /usr/bin/chromium or /usr/bin/chromedriver is missing"
}

install_all() {
  install_system_packages
  # the three downloads/builds are independent: fetch the jar and build the virtualenv while MinIO compiles
  local jar_pid="" venv_pid="" failed=0
  if [[ ! -s "$CONDUCTOR_JAR" ]]; then install_conductor & jar_pid=$!; fi
  if [[ ! -f "$VENV/.foldwise-complete" ]]; then install_mlflow & venv_pid=$!; fi
  install_minio || failed=1
  if [[ -n "$jar_pid" ]]; then wait "$jar_pid" || failed=1; fi
  if [[ -n "$venv_pid" ]]; then wait "$venv_pid" || failed=1; fi
  ((failed == 0)) || die "installing the stack failed (see the messages above)"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
  load_profile "${FOLDWISE_PROFILE:-local}"
  install_all
  say "everything the stack needs is installed (cache: $CACHE)"
fi
