# FOLDWISE_NATIVE=auto|avx512|avx2|plain for shell entry points (./foldwise, stack/test.sh): the same rule and
# messages as io.foldwise.unet.runtime.NativeBuild, which the JVMs apply again (a test keeps the two in step).
#   avx512  nd4j-native linux-x86_64-onednn-avx512, direct oneDNN layers on
#   avx2    nd4j-native linux-x86_64-onednn-avx2, direct oneDNN layers on, oneDNN capped at AVX2
#   plain   nd4j-native linux-x86_64 (SSE + OpenBLAS), direct oneDNN layers off
#   auto    the first of these the CPU runs (the default)
# FOLDWISE_CPUINFO names another cpuinfo file (tests).

native_flags() { printf ' %s ' "$(grep -m1 '^flags' "${FOLDWISE_CPUINFO:-/proc/cpuinfo}" 2>/dev/null | cut -d: -f2)"; }

native_required() { # build -> the CPU flags it needs
  case "$1" in
    avx512) printf 'avx512f avx512bw avx512dq avx512vl' ;;
    avx2) printf 'avx2 fma' ;;
    *) printf '' ;;
  esac
}

native_missing() { # build -> the flags it needs that this CPU lacks, comma-separated
  local flags f out=()
  flags="$(native_flags)"
  for f in $(native_required "$1"); do
    [[ $flags == *" $f "* ]] || out+=("$f")
  done
  local IFS=,
  printf '%s' "${out[*]}" | sed 's/,/, /g'
}

native_supported() { # the builds this CPU runs, fastest first, one per line
  local b
  for b in avx512 avx2 plain; do
    [[ -z "$(native_missing "$b")" ]] && printf '%s\n' "$b"
  done
  return 0
}

native_resolve() { # the build FOLDWISE_NATIVE names here; a clear error (status 2) when it cannot be used
  local s="${FOLDWISE_NATIVE:-auto}" auto
  s="$(printf '%s' "$s" | tr '[:upper:]' '[:lower:]' | tr -d '[:space:]')"
  auto="$(native_supported | head -n 1)"
  case "$s" in
    '' | auto) printf '%s' "$auto"; return 0 ;;
    avx512 | avx2 | plain) ;;
    *)
      printf "FOLDWISE_NATIVE='%s' is not a native build; use auto, avx512, avx2 or plain\n" "$FOLDWISE_NATIVE" >&2
      return 2 ;;
  esac
  local missing
  missing="$(native_missing "$s")"
  if [[ -n "$missing" ]]; then
    printf 'FOLDWISE_NATIVE=%s needs a CPU with %s; this CPU lacks %s. Use one it runs: auto (%s here)%s\n' \
      "$s" "$(native_required "$s" | sed 's/ /, /g')" "$missing" "$auto" \
      "$(native_supported | sed 's/^/, /' | tr -d '\n')" >&2
    return 2
  fi
  printf '%s' "$s"
}

native_extension() { # build -> JavaCPP platform extension of its ND4J build
  case "$1" in
    avx512) printf -- '-onednn-avx512' ;;
    avx2) printf -- '-onednn-avx2' ;;
    *) printf '' ;;
  esac
}

native_java_opts() { # build -> the JVM options that select it
  printf -- '-Dfoldwise.native=%s -Dorg.bytedeco.javacpp.platform.extension=%s' "$1" "$(native_extension "$1")"
}

native_export() { # build -> exports what native code reads from the environment before a JVM starts
  export FOLDWISE_NATIVE="$1"
  if [[ "$1" == avx2 ]]; then
    # ND4J's own copy of oneDNN reads this (the direct layers are capped through dnnl_set_max_cpu_isa)
    export DNNL_MAX_CPU_ISA=AVX2 ONEDNN_MAX_CPU_ISA=AVX2
  fi
}
