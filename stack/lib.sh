# Shared functions of the stack scripts (sourced by stack.sh, install.sh and test.sh; not run directly).
# Everything configurable comes from stack/<profile>.env (environment variables of the same name win) and
# stack/versions.env; tools that are slow to build live in a cache outside the clone.

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$STACK_DIR/.." && pwd)"
CACHE="${FOLDWISE_CACHE:-$HOME/.cache/foldwise}"
SERVICES=(postgres redis minio conductor mlflow)

say() { printf 'foldwise: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Exports every KEY=VALUE of a settings file unless the environment already sets KEY.
load_env_file() {
  local file="$1" line key value
  [[ -f "$file" ]] || die "settings file $file not found (profiles are the files stack/<profile>.env)"
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]] || die "$file: expected KEY=VALUE, got '$line'"
    key="${BASH_REMATCH[1]}"
    value="${BASH_REMATCH[2]}"
    if [[ -z "${!key:-}" ]]; then
      export "$key=$value"
    fi
  done <"$file"
}

# Sets PROFILE, DATA, RUN, LOGS and the FOLDWISE_* settings of a profile.
load_profile() {
  PROFILE="$1"
  [[ "$PROFILE" =~ ^[a-z][a-z0-9-]*$ ]] || die "profile must be a lower-case name such as local or test, got '$PROFILE'"
  PROFILE_FILE="$STACK_DIR/$PROFILE.env"
  export FOLDWISE_PROFILE="$PROFILE" FOLDWISE_ROOT="$ROOT"
  load_env_file "$PROFILE_FILE"
  load_env_file "$STACK_DIR/versions.env"
  local dir="${FOLDWISE_DATA_DIR:-.stack/$PROFILE}"
  [[ "$dir" == /* ]] || dir="$ROOT/$dir"
  DATA="$dir"
  RUN="$DATA/run"
  LOGS="$DATA/logs"
  H="$FOLDWISE_HOST"
  MINIO_BIN="$CACHE/bin/minio-$MINIO_VERSION"
  CONDUCTOR_JAR="$CACHE/conductor/$CONDUCTOR_SERVER_JAR"
  VENV="$CACHE/mlflow-$MLFLOW_VERSION"
  PEERS_VENV="$(peers_venv)"
  # the console (web UI) is a service of the stack; a profile may leave it out of `up`
  # (FOLDWISE_CONSOLE_SERVICE=off: the test profile, whose tests start it with `stack console up`)
  if [[ "${FOLDWISE_CONSOLE_SERVICE:-on}" != off && " ${SERVICES[*]} " != *" console "* ]]; then
    SERVICES+=(console)
  fi
  CH="${FOLDWISE_CONSOLE_HOST:-$H}"
  if [[ "$CH" == 0.0.0.0 || "$CH" == :: ]]; then CH="$H"; fi
}

# The peers' virtualenv (./foldwise bench peers), named by its two framework versions; needs versions.env loaded.
peers_venv() {
  printf '%s/peers-tf%s-torch%s' "$CACHE" "$PEERS_TENSORFLOW_VERSION" "$PEERS_TORCH_VERSION"
}

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$d" ]] && printf '%s' "$d"
}

# Runs a PostgreSQL server command as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# ---- service table ---------------------------------------------------------------------------------------
svc_name() {
  case "$1" in
    postgres) echo PostgreSQL ;; redis) echo Redis ;; minio) echo MinIO ;; conductor) echo Conductor ;;
    mlflow) echo MLflow ;; console) echo Console ;; worker-*) echo "worker ${1#worker-}" ;;
  esac
}
svc_port_key() {
  case "$1" in
    postgres) echo FOLDWISE_POSTGRES_PORT ;; redis) echo FOLDWISE_REDIS_PORT ;; minio) echo FOLDWISE_MINIO_PORT ;;
    conductor) echo FOLDWISE_CONDUCTOR_PORT ;; mlflow) echo FOLDWISE_MLFLOW_PORT ;;
    console) echo FOLDWISE_CONSOLE_PORT ;;
  esac
}
svc_port() { local k; k="$(svc_port_key "$1")"; printf '%s' "${!k}"; }
svc_url() {
  case "$1" in
    postgres) echo "postgresql://$H:$FOLDWISE_POSTGRES_PORT/$FOLDWISE_POSTGRES_DB" ;;
    redis) echo "redis://$H:$FOLDWISE_REDIS_PORT" ;;
    minio) echo "http://$H:$FOLDWISE_MINIO_PORT (console http://$H:$FOLDWISE_MINIO_CONSOLE_PORT)" ;;
    conductor) echo "http://$H:$FOLDWISE_CONDUCTOR_PORT/api (Swagger UI http://$H:$FOLDWISE_CONDUCTOR_PORT/swagger-ui/index.html)" ;;
    mlflow) echo "http://$H:$FOLDWISE_MLFLOW_PORT" ;;
    console) echo "http://$CH:$FOLDWISE_CONSOLE_PORT (Foldwise console: launch, watch, resume, compare)" ;;
    worker-*) echo "polls http://$H:$FOLDWISE_CONDUCTOR_PORT/api" ;;
  esac
}
svc_health_url() {
  case "$1" in
    postgres) echo "pg_isready -h $H -p $FOLDWISE_POSTGRES_PORT" ;;
    redis) echo "redis-cli -h $H -p $FOLDWISE_REDIS_PORT ping" ;;
    minio) echo "http://$H:$FOLDWISE_MINIO_PORT/minio/health/live" ;;
    conductor) echo "http://$H:$FOLDWISE_CONDUCTOR_PORT/health" ;;
    mlflow) echo "http://$H:$FOLDWISE_MLFLOW_PORT/health" ;;
    console) echo "http://$CH:$FOLDWISE_CONSOLE_PORT/health" ;;
  esac
}
# PostgreSQL refuses to run as root, so as root its files must be reachable by user postgres. When the clone
# sits below a folder that user cannot enter (say /root), they live in /var/lib/foldwise/<hash of DATA>.
pg_home() {
  if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1; then
    mkdir -p "$DATA"
    if ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
      local home
      home="/var/lib/foldwise/$(printf '%s' "$DATA" | sha256sum | cut -c1-16)"
      mkdir -p "$home" && chown postgres "$home" && chmod 700 "$home"
      printf '%s' "$home"
      return
    fi
  fi
  printf '%s' "$DATA"
}
pg_data() { printf '%s/postgres' "$(pg_home)"; }
svc_log() {
  if [[ "$1" == postgres && "$(pg_home)" != "$DATA" ]]; then
    printf '%s/postgres.log' "$(pg_home)"
  else
    printf '%s/%s.log' "$LOGS" "$1"
  fi
}
svc_pidfile() { printf '%s/%s.pid' "$RUN" "$1"; }

svc_pid() { # pid of our process for a service, if it is alive
  local f pid
  if [[ "$1" == postgres ]]; then
    f="$(pg_data)/postmaster.pid"
  else
    f="$(svc_pidfile "$1")"
  fi
  [[ -f "$f" ]] || return 1
  pid="$(head -n 1 "$f" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # a pid file left by a crash may name a pid since reused by another program: check what runs there
  local sig
  case "$1" in
    redis) sig="redis-server $H:$FOLDWISE_REDIS_PORT" ;; # redis shows its address as its process title
    minio) sig="$DATA/minio" ;;
    mlflow) sig="$DATA/mlflow" ;;
    conductor) sig="$CONDUCTOR_SERVER_JAR" ;;
    worker-*) sig="io.foldwise.worker.${1#worker-}.Main" # or its supervisor (stack/supervise.sh), as `workers up` starts it
      if [[ -r "/proc/$pid/cmdline" ]] && grep -qF -- "supervise.sh $1 " < <(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null); then
        sig=""
      fi ;;
    console) sig="io.foldwise.console.Console" # or, for a moment after spawn, ./foldwise before it execs java
      if [[ -r "/proc/$pid/cmdline" ]] && grep -qF -- "foldwise console" < <(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null); then
        sig=""
      fi ;;
    *) sig="" ;;
  esac
  if [[ -n "$sig" && -r "/proc/$pid/cmdline" ]] &&
     ! grep -qF -- "$sig" < <(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null); then
    return 1
  fi
  printf '%s' "$pid"
}

svc_healthy() {
  case "$1" in
    postgres) pg_isready -q -h "$H" -p "$FOLDWISE_POSTGRES_PORT" -t 2 ;;
    redis) [[ "$(redis-cli -h "$H" -p "$FOLDWISE_REDIS_PORT" ping 2>/dev/null)" == PONG ]] ;;
    *) curl -sf -m 3 -o /dev/null "$(svc_health_url "$1")" ;;
  esac
}

port_in_use() { (exec 3<>"/dev/tcp/$H/$1") 2>/dev/null; }
port_owner() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*' | head -n 1 | sed 's/users:((//'; }

# Every service that is not already ours and running needs a free port.
check_ports() {
  local s port key owner
  for s in "${SERVICES[@]}"; do
    svc_pid "$s" >/dev/null && continue
    port="$(svc_port "$s")"
    key="$(svc_port_key "$s")"
    if port_in_use "$port"; then
      owner="$(port_owner "$port")"
      [[ -z "$owner" ]] || say "port $port is held by: $owner"
      die "port $port ($key) for $(svc_name "$s") is already in use by another process; stop that process or set another port in $PROFILE_FILE or the environment"
    fi
  done
  if ! svc_pid minio >/dev/null && port_in_use "$FOLDWISE_MINIO_CONSOLE_PORT"; then
    die "port $FOLDWISE_MINIO_CONSOLE_PORT (FOLDWISE_MINIO_CONSOLE_PORT) for the MinIO console is already in use by another process; stop that process or set another port in $PROFILE_FILE or the environment"
  fi
}

# Waits until a service answers its health check; on failure names the service, what was tried and the log.
wait_healthy() {
  local s="$1" timeout="$2" pid waited=0
  while ! svc_healthy "$s"; do
    if ! pid="$(svc_pid "$s")"; then
      say "$(svc_name "$s") exited while starting (health check: $(svc_health_url "$s")); log: $(svc_log "$s")"
      tail -n 25 "$(svc_log "$s")" >&2 2>/dev/null || true
      exit 1
    fi
    if (( waited >= timeout )); then
      say "$(svc_name "$s") did not become healthy within ${timeout}s (tried $(svc_health_url "$s")); log: $(svc_log "$s")"
      tail -n 25 "$(svc_log "$s")" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Starts a command detached (own session) with its output in the service log and its pid in the pid file.
spawn() {
  local s="$1"; shift
  setsid "$@" >>"$(svc_log "$s")" 2>&1 </dev/null 9>&- &
  echo $! >"$(svc_pidfile "$s")"
}

# Stops a spawned service: TERM to its process group, then KILL after a grace period.
stop_pid() {
  local s="$1" pid i
  pid="$(svc_pid "$s")" || { rm -f "$(svc_pidfile "$s")"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$(svc_name "$s") (pid $pid) did not stop within 30 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(svc_pidfile "$s")"
}
