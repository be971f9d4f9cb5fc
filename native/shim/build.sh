#!/usr/bin/env bash
# Builds the libtorch shim into OUT_DIR (the Maven build calls this; it can also be run by hand):
#   native/shim/build.sh OUT_DIR
# Without cmake, a C++ compiler or libtorch it prints what is missing and exits 0, so the rest of
# DiffInk still builds; DIFFINK_REQUIRE_TORCH=1 makes that an error instead.
# DIFFINK_TORCH_PREFIX=/path/to/libtorch selects a libtorch other than the system's (CMake prefix).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"
prefix="${DIFFINK_TORCH_PREFIX:-}"

skip() {
  echo "[diffink-native] torch runtime not built: $1" >&2
  echo "[diffink-native] DiffInk works without it, except the commands that run models." >&2
  if [[ "${DIFFINK_REQUIRE_TORCH:-0}" == "1" ]]; then
    echo "[diffink-native] error: DIFFINK_REQUIRE_TORCH=1 is set, so this is a failure." >&2
    exit 1
  fi
  mkdir -p "$out"
  rm -f "$out/libdiffink_torch.so"
  echo "$1" >"$out/skipped"
  exit 0
}

command -v cmake >/dev/null 2>&1 || skip "cmake not found (Debian: apt-get install cmake)"
command -v c++ >/dev/null 2>&1 || skip "no C++ compiler (Debian: apt-get install g++)"

mkdir -p "$out/build"
args=(-S "$here" -B "$out/build" -DCMAKE_BUILD_TYPE=Release)
[[ -n "$prefix" ]] && args+=("-DCMAKE_PREFIX_PATH=$prefix")
if ! cmake "${args[@]}" >"$out/configure.log" 2>&1; then
  if grep -q -i "Torch" "$out/configure.log"; then
    skip "libtorch not found (Debian: apt-get install --no-install-recommends libtorch-dev; another libtorch: DIFFINK_TORCH_PREFIX=/path/to/libtorch); see $out/configure.log"
  fi
  cat "$out/configure.log" >&2
  echo "[diffink-native] error: cmake could not configure the shim" >&2
  exit 1
fi
if ! cmake --build "$out/build" -j "$(nproc 2>/dev/null || echo 2)" >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log" >&2
  echo "[diffink-native] error: the shim failed to compile; full log: $out/build.log" >&2
  exit 1
fi
cp -f "$out/build/libdiffink_torch.so" "$out/libdiffink_torch.so.tmp"
mv -f "$out/libdiffink_torch.so.tmp" "$out/libdiffink_torch.so"
rm -f "$out/skipped"
echo "[diffink-native] built $out/libdiffink_torch.so ($(grep -o 'libtorch [^ ]* in .*' "$out/configure.log" | head -1))" >&2
