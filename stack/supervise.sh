#!/usr/bin/env bash
# stack/supervise.sh NAME STATE_FILE COMMAND [ARGS...]
# Runs a worker service and starts it again when it dies (the kernel's OOM killer, a crash), so the task
# Conductor retries after the dead worker's lease runs out finds a worker to poll it. `stack workers up` runs
# every worker under it; `stack workers down` (TERM to the process group) stops both without a restart.
#   - an exit with a status (not a signal) in the first FOLDWISE_WORKER_MIN_UPTIME seconds (default 60) of the
#     first start is a set-up problem (wrong settings, the stack not reachable): no restart, its status is returned;
#     a kill by a signal (the OOM killer's SIGKILL, a crash's SIGSEGV) is restarted however early it comes
#   - later deaths are restarted after FOLDWISE_WORKER_RESTART_DELAY seconds (default 5), doubled for each death
#     within the minimum uptime of its start (at most 60 s); FOLDWISE_WORKER_MAX_QUICK_DEATHS (default 5) such
#     deaths in a row stop the supervisor with the last exit status
#   - a worker that exits with status 0 (it chose to stop) is not restarted
# Each death is logged to standard error (the service's log) with its cause; STATE_FILE holds the restart count.
set -uo pipefail

name="${1:?usage: supervise.sh NAME STATE_FILE COMMAND [ARGS...]}"
state="${2:?usage: supervise.sh NAME STATE_FILE COMMAND [ARGS...]}"
shift 2
(($#)) || { echo "supervise.sh: no command to run for $name" >&2; exit 2; }

positive_int() { # NAME DEFAULT: the variable's value, checked
  local v="${!1:-$2}"
  if [[ ! "$v" =~ ^[0-9]+$ ]] || ((v < 1 || v > 86400)); then
    echo "foldwise: $1 must be a whole number of 1..86400, got '$v'; fix it in the environment or the profile" >&2
    exit 2
  fi
  echo "$v"
}
min_uptime="$(positive_int FOLDWISE_WORKER_MIN_UPTIME 60)" || exit 2
delay0="$(positive_int FOLDWISE_WORKER_RESTART_DELAY 5)" || exit 2
max_quick="$(positive_int FOLDWISE_WORKER_MAX_QUICK_DEATHS 5)" || exit 2

# milliseconds since the epoch: whole seconds from `date +%s` would call a 0.1 s life that crosses a second
# boundary a 1 s one, and so a quick death a healthy run
# (bash 5's EPOCHREALTIME; an older bash falls back to whole seconds)
now_ms() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local t="${EPOCHREALTIME/[.,]/}"
    echo $((10#$t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}

log() { printf '%s foldwise supervise %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" "$*" >&2; }

cause() { # exit status -> words
  local rc="$1"
  if ((rc > 128)); then
    local sig
    sig="$(kill -l $((rc - 128)) 2>/dev/null || echo "$((rc - 128))")"
    if [[ "$sig" == KILL ]]; then
      echo "killed by SIGKILL (exit $rc): the kernel's out-of-memory killer does this when memory runs out (see 'dmesg' or 'journalctl -k')"
    else
      echo "killed by SIG$sig (exit $rc)"
    fi
  else
    echo "exited with status $rc"
  fi
}

stopping=0
child=0
on_stop() {
  stopping=1
  ((child > 0)) && kill -TERM "$child" 2>/dev/null
}
trap on_stop TERM INT HUP

restarts=0
quick=0
delay="$delay0"
printf '0\n' >"$state"
while :; do
  started_ms="$(now_ms)"
  "$@" &
  child=$!
  rc=0
  wait "$child" || rc=$?
  while kill -0 "$child" 2>/dev/null; do # woken by a signal: wait for the worker itself
    rc=0
    wait "$child" || rc=$?
  done
  ((stopping)) && exit 0
  if ((rc == 0)); then
    log "the worker (pid $child) exited with status 0; not restarting it"
    exit 0
  fi
  uptime_ms=$(($(now_ms) - started_ms))
  uptime=$((uptime_ms / 1000))
  quick_death=$((uptime_ms < min_uptime * 1000))
  if ((restarts == 0 && quick_death && rc <= 128)); then
    log "the worker (pid $child) $(cause "$rc") $uptime s after its first start; not restarting it (a set-up problem: see the lines above)"
    exit "$rc"
  fi
  if ((quick_death)); then
    quick=$((quick + 1))
    if ((quick >= max_quick)); then
      log "the worker (pid $child) $(cause "$rc") after $uptime s, the $quick. death in a row within $min_uptime s of its start; giving up (fix the cause above, then ./foldwise stack workers up)"
      exit "$rc"
    fi
  else
    quick=0
    delay="$delay0"
  fi
  restarts=$((restarts + 1))
  printf '%s\n' "$restarts" >"$state"
  log "the worker (pid $child) $(cause "$rc") after $uptime s; restart $restarts in $delay s (Conductor retries its task once the lease runs out)"
  sleep "$delay" &
  wait $! || true
  ((stopping)) && exit 0
  if ((quick_death)); then delay=$((delay * 2 > 60 ? 60 : delay * 2)); fi
done
