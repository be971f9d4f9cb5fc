#!/usr/bin/env bash
# The GPU check of issue 8, run on a lent GPU machine from the repository root, with .device
# (made by scripts/device-bundle.sh) carried. It unpacks what .device holds into $DEVICE_BASE
# (default /opt/diffink-device), so parts may also travel in separate runs on the same warm
# machine, and measures once the runtime, a TornadoVM and the jars are all there (until then it
# exits 3; it exits 1 when a measurement failed). It runs here too, against PoCL, with
# DEVICE_BASE pointing to a scratch folder; DEVICE_QUICK=1 makes it a short smoke test (standard
# scenes, 2 runs).
#
# Each TornadoVM backend that travelled (OpenCL in tornado/, PTX in tornado-ptx/) is measured
# alone: TornadoVM stops at start when any backend it loads finds no device. The steps run most
# wanted first, each under what is left of DEVICE_DEADLINE seconds (default 420), so that a lease
# running short still brings back the published scene's figures.
#
# Writes to $OUT (or ./device-out), 8 files: probe.txt (OverheadProbe per backend: what a task
# graph's operations cost), doctor.txt (drivers, nvidia-smi, `diffink doctor` per backend),
# bench-opencl.txt and bench-ptx.txt (bench raster --json; OpenCL with binning on the device and
# then on the host, PTX on the host; each scene's results are also compared with the JVM
# executor's, and the bench fails when they differ), bench-jvm.json (the same run's JVM reference
# on every core), profile.txt (the published scene as set by default, with 2 rows per work item,
# and with binning on the host), vectorize.txt (a user's whole command), log.txt (every step's
# stderr and wall time, TornadoVM's per-plan kernel and copy times).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base="${DEVICE_BASE:-/opt/diffink-device}"
out="${OUT:-$PWD/device-out}"
deadline=$(( $(date +%s) + ${DEVICE_DEADLINE:-420} ))
case "$base" in
  *[[:space:]\&\#]*) echo "device-gpu-check: DEVICE_BASE must not contain spaces, & or #" >&2; exit 2 ;;
esac
mkdir -p "$base" "$out"
log="$out/log.txt"
: > "$log"
say() { echo "device-gpu-check: $*" | tee -a "$log" >&2; }
for part in .device/*.tar.xz; do
  [[ -f "$part" ]] || continue
  name=$(basename "$part" .tar.xz)
  say "unpacking $part"
  rm -rf "${base:?}/$name"
  if command -v xz >/dev/null; then
    xz -dc "$part" | tar -C "$base" -xf -
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$part" \
      | tar -C "$base" -xf -
  fi || { say "cannot unpack $part"; exit 1; }
done
java="$base/jre/bin/java"
# (tornado-ptx carries only its driver and needs tornado's common jars.)
if [[ ! -x "$java" || ! -d "$base/app" || ! -d "$base/tornado" ]]; then
  have="$( [[ -x "$java" ]] && echo ' runtime')$( [[ -d "$base/tornado" ]] && echo ' tornado')"
  have+="$( [[ -d "$base/tornado-ptx" ]] && echo ' tornado-ptx')$( [[ -d "$base/app" ]] && echo ' app')"
  say "have${have:- nothing}; carry the other parts next (jre, tornado and app are needed)"
  exit 3
fi

# Drivers. OpenCL: the carried ICD loader, pointed at NVIDIA's OpenCL driver when the machine has
# one (containers often mount the driver without /etc/OpenCL/vendors); else the system's vendors.
# PTX: the CUDA driver library, wherever the container mounted it.
find_lib() { # the first path of a shared library, from the loader's cache or the disk
  local p
  p=$(ldconfig -p 2>/dev/null | awk -v n="$1" '$1 == n && /x86-64/ && !found {print $NF; found = 1}')
  [[ -n "$p" ]] || p=$(find / -xdev \( -path /proc -o -path /sys \) -prune -o -name "$1*" -print 2>/dev/null | head -1)
  echo "$p"
}
nv=$(find_lib libnvidia-opencl.so.1)
cuda=$(find_lib libcuda.so.1)
{
  echo "NVIDIA OpenCL driver: ${nv:-none found}"
  echo "CUDA driver: ${cuda:-none found}"
  echo "ICD files in /etc/OpenCL/vendors: $(ls /etc/OpenCL/vendors 2>/dev/null | tr '\n' ' ')"
  command -v nvidia-smi >/dev/null && nvidia-smi 2>&1
} > "$out/doctor.txt"
if [[ -n "$nv" ]]; then
  mkdir -p "$base/vendors"
  echo "$nv" > "$base/vendors/nvidia.icd"
  export OCL_ICD_VENDORS="$base/vendors"
fi

backends=()
[[ -d "$base/tornado" ]] && backends+=(opencl)
if [[ -d "$base/tornado-ptx" ]]; then
  if [[ -n "$cuda" ]]; then backends+=(ptx); else say "PTX backend travelled but no libcuda.so.1 here: skipped"; fi
fi
# The PTX part carries only its driver: the common jars come from the OpenCL SDK, afresh each
# run (a tornado part that came later must not leave older copies beside newer ones).
if [[ -d "$base/tornado-ptx" ]]; then
  find "$base/tornado-ptx/share/java" -name '*.jar' ! -name 'tornado-drivers-ptx*' -delete
  for j in "$base"/tornado/share/java/tornado/*.jar; do
    case "$(basename "$j")" in tornado-drivers-opencl*) ;; *) cp "$j" "$base/tornado-ptx/share/java/tornado/" ;; esac
  done
  cp "$base"/tornado/share/java/graalJars/*.jar "$base/tornado-ptx/share/java/graalJars/"
fi
sdk_of() { [[ "$1" == ptx ]] && echo "$base/tornado-ptx" || echo "$base/tornado"; }
for b in "${backends[@]}"; do
  sdk=$(sdk_of "$b")
  sed "s#@TORNADO@#$sdk#g" "$sdk/tornado-argfile.in" > "$sdk/tornado-argfile"
done
cp_="$base/app/diffink.jar:$(ls "$base"/app/diffink-tornadovm-*.jar | head -1)"
cudadir=$([[ -n "$cuda" ]] && dirname "$cuda")

# run BACKEND(opencl|ptx|jvm) SECONDS-WANTED ARGS...: diffink under what is left of the deadline
# (MAIN=CLASS runs another main class of the jars, on a TornadoVM backend).
failed=0
run() {
  local b=$1 want=$2 left sdk start rc
  shift 2
  left=$(( deadline - $(date +%s) ))
  if (( left < want )); then
    say "skipped ($left s left, $want wanted): $b $*"
    failed=1
    return 1
  fi
  start=$(date +%s%N)
  echo "== $b: $*" >> "$log"
  if [[ "$b" == jvm ]]; then
    timeout "$left" "$java" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -Ddiffink.home="$PWD" \
      -jar "$base/app/diffink.jar" "$@" 2>> "$log"
  else
    sdk=$(sdk_of "$b")
    TORNADOVM_HOME="$sdk" LD_LIBRARY_PATH="$base/app/ocl:$sdk/lib${cudadir:+:$cudadir}:${LD_LIBRARY_PATH:-}" \
      timeout "$left" "$java" ${JAVA_OPTS:-} @"$sdk/tornado-argfile" --enable-native-access=ALL-UNNAMED \
      -Ddiffink.home="$PWD" -cp "$cp_" "${MAIN:-dev.diffink.cli.DiffInkCli}" "$@" 2>> "$log"
  fi
  rc=$?
  echo "== $b: exit $rc after $(( ($(date +%s%N) - start) / 1000000 )) ms" >> "$log"
  (( rc == 0 )) || { say "failed (exit $rc): $b $*"; failed=1; }
  return $rc
}

# (doctor exits 1 here for what the check does not need, such as the torch runtime: not a failure.)
for b in "${backends[@]}"; do
  echo "== diffink doctor, TornadoVM with the $b backend" >> "$out/doctor.txt"
  before=$failed
  run "$b" 30 doctor >> "$out/doctor.txt" 2>&1
  failed=$before
done
working=()
for b in "${backends[@]}"; do
  # Only this backend's section of doctor.txt (up to the next "== " line).
  awk -v h="== diffink doctor, TornadoVM with the $b backend" '$0 == h {on = 1; next} /^== / {on = 0} on' \
    "$out/doctor.txt" | grep -q '^\[ok\] *tornadovm' && working+=("$b")
done
# Binning per backend: OpenCL on the device; PTX on the host (PTX_BINNING; with binning on the
# device, TornadoVM 5.2's PTX backend hit an illegal address once a larger scene rebuilt its plans,
# on an H200).
binning_of() { [[ "$1" == ptx ]] && echo "${PTX_BINNING:-host}" || echo device; }
say "TornadoVM backends that start: ${working[*]:-none}"

threads=$(nproc)
bench=(--scenes all --runs 11 --warmup-ms 1500)
profile=(--scenes published --runs 5 --warmup-ms 2000)
# 0. What a task graph's operations cost on each backend (OverheadProbe: the float image copied
# back to the heap, off the heap, packed to 8 bits, or kept; one task against 32; small transfers
# once against every call), into probe.txt.
: > "$out/probe.txt"
for b in "${working[@]}"; do
  echo "== $b" >> "$out/probe.txt"
  MAIN=dev.diffink.tornado.OverheadProbe run "$b" 20 21 >> "$out/probe.txt"
done
cat "$out/probe.txt" >&2
if [[ "${DEVICE_QUICK:-0}" == 1 ]]; then
  bench=(--scenes standard --runs 2 --warmup-ms 200)
  profile=(--scenes standard --runs 2 --warmup-ms 200)
fi
# DEVICE_COMPARE: settings to compare instead of the steps below, '|' between them, each a list of
# JVM options (e.g. "-Ddiffink.tornado.scan=serial|-Ddiffink.tornado.local=32"; an empty one is
# the defaults): the published scene on the first backend once per setting, in that order, then
# once more in reverse order (halving the effect of drift), into compare.txt; the other files stay
# empty.
if [[ -n "${DEVICE_COMPARE:-}" ]]; then
  : > "$out/compare.txt"
  IFS='|' read -r -a settings <<< "$DEVICE_COMPARE"
  order=("${settings[@]}")
  for (( i = ${#settings[@]} - 1; i >= 0; i-- )); do order+=("${settings[i]}"); done
  for opts in "${order[@]}"; do
    b=${working[0]:-}
    [[ -n "$b" ]] || break
    echo "== $b, ${opts:-defaults}" >> "$out/compare.txt"
    JAVA_OPTS="-Ddiffink.tornado.binning=$(binning_of "$b") $opts" \
      run "$b" 25 bench raster --scenes published --runs 11 --warmup-ms 1500 --backend tornado \
      >> "$out/compare.txt" 2>&1
  done
  (( ${#working[@]} > 0 )) || failed=1
  cat "$out/compare.txt" >&2
  say "done, exit $failed"
  exit "$failed"
fi
# 1. Every scene, the published one included, per backend (binning as binning_of says); then the
# same run's JVM reference on every core.
for b in "${working[@]}"; do
  mode=$(binning_of "$b")
  echo "== binning: $mode" > "$out/bench-$b.txt"
  JAVA_OPTS="-Ddiffink.tornado.binning=$mode" run "$b" 60 bench raster "${bench[@]}" --backend tornado --json \
    >> "$out/bench-$b.txt"
done
run jvm 40 bench raster "${bench[@]}" --backend jvm --threads "$threads" --json > "$out/bench-jvm.json"
# 2. Profiled, the first backend that starts: where a call's time goes (TornadoVM's timers, in
# log.txt, each task's kernel time among them), as set by default (a row of a tile per work item),
# with 2 rows per work item, and with binning on the host (the tile kernels alone on the device).
: > "$out/profile.txt"
if (( ${#working[@]} > 0 )); then
  for opts in "" "-Ddiffink.tornado.rows=2" "-Ddiffink.tornado.binning=host"; do
    echo "== ${working[0]}, ${opts:-defaults}" >> "$out/profile.txt"
    JAVA_OPTS="-Ddiffink.tornado.profile=true -Ddiffink.tornado.binning=$(binning_of "${working[0]}") $opts" \
      run "${working[0]}" 45 bench raster "${profile[@]}" --backend tornado >> "$out/profile.txt" 2>&1
  done
fi
# 3. A user's whole command (start-up and kernel compilation included), on the first backend and
# on the JVM.
: > "$out/vectorize.txt"
for b in ${working[0]:-} jvm; do
  start=$(date +%s%N)
  backend=$([[ "$b" == jvm ]] && echo jvm || echo tornado)
  echo "== vectorize --backend $backend ($b)" >> "$out/vectorize.txt"
  JAVA_OPTS=$([[ "$b" == ptx ]] && echo "-Ddiffink.tornado.binning=$(binning_of ptx)") \
    run "$b" 40 vectorize examples/lighthouse.png -o "$base/lighthouse-$b.svg" --backend "$backend" --json \
    >> "$out/vectorize.txt" && echo "whole command: $(( ($(date +%s%N) - start) / 1000000 )) ms" >> "$out/vectorize.txt"
done
# 4. The first backend with binning on the host (what the auto threshold is to be set from).
if (( ${#working[@]} > 0 )) && [[ "${working[0]}" != ptx ]]; then
  echo "== binning: host" >> "$out/bench-${working[0]}.txt"
  JAVA_OPTS="-Ddiffink.tornado.binning=host" run "${working[0]}" 60 bench raster "${bench[@]}" --backend tornado \
    --json >> "$out/bench-${working[0]}.txt"
fi
(( ${#working[@]} > 0 )) || failed=1
cat "$out"/bench-*.txt "$out/bench-jvm.json" "$out/vectorize.txt" >&2 2>/dev/null
say "done, exit $failed"
exit "$failed"
