#!/usr/bin/env bash
# Fetches NIfTI files written by other tools into DEST (default: ${FOLDWISE_CACHE:-$HOME/.cache/foldwise}/testdata)
# for the reader tests, and checks their SHA-256. Idempotent: files already present with the right
# hash are kept. Exits non-zero, naming what failed, when a file cannot be fetched or does not match.
#   DEST/nibabel/<file>          from Debian's python3-nibabel (apt-get download + dpkg -x)
#   DEST/nifti-reader-js/<file>  from npm nifti-reader-js@0.5.4 (npm pack)
set -euo pipefail
DEST="${1:-${FOLDWISE_CACHE:-$HOME/.cache/foldwise}/testdata}"
NIBABEL_VERSION="5.0.0-2" # Debian 12; the pinned hashes below are of this version's files

NIBABEL_FILES="
daaf4ef0ed55d15205dd5d0aab7451c1717378de59617a6d4a166f35937eb52b example_nifti2.nii.gz
42097dfbab9d2a036b41ae5c97a359591cf2cf5c3f8dc6ca6455c0b8a7f22696 example4d.nii.gz
1c089f37b6597a38bb4157a1e1b3f7f13f1bc9d4e7a8cfdfaf91d85cd8f66594 anatomical.nii
1840a0022a316e2acacab3e18e716a15a140f2057ff88b7770a0ab3f9dd31cc3 resampled_anat_moved.nii
0591d9f8c21f1a0af46567c47f96307ae8faf6b70771a881f4cc477502af7b26 functional.nii
712a51f8534cec0681cc42af7586c85a4677dca21a7df81fb2a8f4b7a947988e standard.nii.gz
"
NRJ_FILES="
6cea25b13977c86cf89096ab910cfc0231b6b0baf9600c2a9f4989dd3a21f36f 5D.nii
04bf2f27eeae640d6527bba185dc362e0aa649be94ac7da82b2ff1697509227e avg152T1_LR_nifti2.nii.gz
c01a50caa7a563158ecda43d93a1466bfc8aa939bc16b06452ac1089c54661c8 avg152T1_LR_nifti.nii.gz
518447c30014d0ff3cd6b7a21907871ea3f7f28a736aa7918f7006a8f3d72441 big.nii.gz
31e632affb9f62accda848b6eeec30a4aa7a66b706c2e6f49d5cdeefeb2318a8 little.nii.gz
7b1cc227c11af3034f33044182e04171cc484dccffc1087d7ffe339cd598ded6 not-nifti.nii
c3f67c0883088eb507f596ceb90455911dd036dc9ab053995b22dc3bc3e6835b with_extension.nii.gz
"

fail() { echo "fetch-nifti-testdata: $*" >&2; exit 1; }

all_present() { # dir, list
  local dir="$1" list="$2" sum name
  while read -r sum name; do
    [[ -z "$sum" ]] && continue
    [[ -f "$dir/$name" ]] || return 1
    [[ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" == "$sum" ]] || return 1
  done <<<"$list"
}

install_checked() { # source dir, dest dir, list
  local src="$1" dir="$2" list="$3" sum name got
  mkdir -p "$dir"
  while read -r sum name; do
    [[ -z "$sum" ]] && continue
    [[ -f "$src/$name" ]] || fail "$name is missing from the fetched package ($src)"
    got="$(sha256sum "$src/$name" | cut -d' ' -f1)"
    [[ "$got" == "$sum" ]] || fail "$name has SHA-256 $got, expected $sum; the package changed, update the pinned hashes and the test facts"
    cp "$src/$name" "$dir/$name.part" && mv "$dir/$name.part" "$dir/$name"
  done <<<"$list"
}

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if ! all_present "$DEST/nibabel" "$NIBABEL_FILES"; then
  command -v dpkg >/dev/null || fail "dpkg is needed to unpack python3-nibabel; install dpkg"
  (
    cd "$WORK"
    apt-get download "python3-nibabel=$NIBABEL_VERSION" >/dev/null 2>&1 \
      || { [[ "$(id -u)" == 0 ]] && apt-get update -qq >/dev/null 2>&1 && apt-get download "python3-nibabel=$NIBABEL_VERSION" >/dev/null 2>&1; } \
      || fail "cannot download python3-nibabel=$NIBABEL_VERSION (apt-get download, after apt-get update); check the apt sources"
  )
  deb="$(ls "$WORK"/python3-nibabel_*.deb | head -n 1)"
  dpkg -x "$deb" "$WORK/deb" || fail "dpkg -x $deb failed"
  install_checked "$(find "$WORK/deb" -type d -path '*/nibabel/tests/data' | head -n 1)" "$DEST/nibabel" "$NIBABEL_FILES"
fi

if ! all_present "$DEST/nifti-reader-js" "$NRJ_FILES"; then
  command -v npm >/dev/null || fail "npm is needed to fetch nifti-reader-js@0.5.4; install Node.js"
  (cd "$WORK" && npm pack --silent nifti-reader-js@0.5.4 >/dev/null 2>&1) \
    || fail "npm pack nifti-reader-js@0.5.4 failed; check the network or the npm registry"
  tar -xzf "$WORK/nifti-reader-js-0.5.4.tgz" -C "$WORK" || fail "cannot untar nifti-reader-js-0.5.4.tgz"
  install_checked "$WORK/package/tests/data" "$DEST/nifti-reader-js" "$NRJ_FILES"
fi
echo "$DEST"
