#!/usr/bin/env bash
# The GPU check of issue 8, run on a lent GPU machine from the repository root, with .device
# (made by scripts/device-bundle.sh) carried. It unpacks what .device holds into $DEVICE_BASE
# (default /opt/diffink-device), so parts may also travel in separate runs on the same warm
# machine, and measures once the runtime, TornadoVM and the jars are all there (until then it
# exits 3; it exits 1 when a measurement failed). It runs here too,
# against PoCL, with DEVICE_BASE pointing to a scratch folder; DEVICE_QUICK=1 makes it a short
# smoke test (standard scenes, 2 runs).
#
# Writes to $OUT (or ./device-out): doctor.txt, bench-tornado.json (binning on the device),
# bench-tornado-hostbinning.json (binning on the host), bench-jvm.json, profile.txt,
# vectorize-tornado.json, vectorize-jvm.json, nvidia-smi.txt (8 files at most come back).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base="${DEVICE_BASE:-/opt/diffink-device}"
out="${OUT:-$PWD/device-out}"
case "$base" in
  *[[:space:]\&\#]*) echo "device-gpu-check: DEVICE_BASE must not contain spaces, & or #" >&2; exit 2 ;;
esac
mkdir -p "$base" "$out"
failed=0
for part in .device/*.tar.xz; do
  [[ -f "$part" ]] || continue
  echo "device-gpu-check: unpacking $part" >&2
  name=$(basename "$part" .tar.xz)
  rm -rf "${base:?}/$name"
  if command -v xz >/dev/null; then
    xz -dc "$part" | tar -C "$base" -xf -
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$part" \
      | tar -C "$base" -xf -
  fi || { echo "device-gpu-check: cannot unpack $part" >&2; exit 1; }
done
java="$base/jre/bin/java"
if [[ ! -x "$java" || ! -d "$base/tornado" || ! -d "$base/app" ]]; then
  echo "device-gpu-check: have$( [[ -x "$java" ]] && echo ' runtime')$( [[ -d "$base/tornado" ]] && echo ' tornado')$( [[ -d "$base/app" ]] && echo ' app'); carry the other part next" >&2
  exit 3
fi

# OpenCL: the carried ICD loader, pointed at NVIDIA's OpenCL driver when the machine has one
# (containers often mount the driver without /etc/OpenCL/vendors); else the system's vendors.
nv=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so.*x86-64/ && !found {print $NF; found = 1}')
[[ -n "$nv" ]] || nv=$(find / -xdev -name 'libnvidia-opencl.so*' 2>/dev/null | head -1)
if [[ -n "$nv" ]]; then
  mkdir -p "$base/vendors"
  echo "$nv" > "$base/vendors/nvidia.icd"
  export OCL_ICD_VENDORS="$base/vendors"
fi
echo "device-gpu-check: NVIDIA OpenCL driver: ${nv:-none found}" | tee "$out/doctor.txt" >&2
export LD_LIBRARY_PATH="$base/app/ocl:$base/tornado/lib:${LD_LIBRARY_PATH:-}"
export TORNADOVM_HOME="$base/tornado"
sed "s#@TORNADO@#$base/tornado#g" "$base/tornado/tornado-argfile.in" > "$base/tornado/tornado-argfile"
command -v nvidia-smi >/dev/null && nvidia-smi > "$out/nvidia-smi.txt" 2>&1

cp_="$base/app/diffink.jar:$(ls "$base"/app/diffink-tornadovm-*.jar | head -1)"
run() {
  "$java" ${JAVA_OPTS:-} @"$base/tornado/tornado-argfile" --enable-native-access=ALL-UNNAMED \
    -Ddiffink.home="$PWD" -cp "$cp_" dev.diffink.cli.DiffInkCli "$@"
}
run doctor >> "$out/doctor.txt" 2>&1
cat "$out/doctor.txt" >&2
threads=$(nproc)
bench=(--scenes all --runs 15 --warmup-ms 3000)
profile=(--scenes published --runs 5 --warmup-ms 2000)
if [[ "${DEVICE_QUICK:-0}" == 1 ]]; then
  bench=(--scenes standard --runs 2 --warmup-ms 200)
  profile=(--scenes standard --runs 2 --warmup-ms 200)
fi
# The standard scenes and the published-comparison scene, TornadoVM first, then the JVM on
# every core as the same run's reference.
JAVA_OPTS="-Ddiffink.tornado.binning=device" run bench raster "${bench[@]}" --backend tornado --json > "$out/bench-tornado.json" \
  || { echo "device-gpu-check: the TornadoVM bench failed" >&2; failed=1; }
JAVA_OPTS="-Ddiffink.tornado.binning=host" run bench raster "${bench[@]}" --backend tornado --json \
  > "$out/bench-tornado-hostbinning.json" || { echo "device-gpu-check: the host-binning bench failed" >&2; failed=1; }
run bench raster "${bench[@]}" --backend jvm --threads "$threads" --json > "$out/bench-jvm.json" \
  || { echo "device-gpu-check: the JVM bench failed" >&2; failed=1; }
# Profiled: where a call's time goes, with the tile lists' counting sort in 32 chunks (the
# default) and in 512, shorter walks per work item for a GPU (both in profile.txt).
: > "$out/profile.txt"
for chunks in 32 512; do
  echo "== -Ddiffink.tornado.chunks=$chunks" >> "$out/profile.txt"
  JAVA_OPTS="-Ddiffink.tornado.profile=true -Ddiffink.tornado.chunks=$chunks" run bench raster "${profile[@]}" \
    --backend tornado >> "$out/profile.txt" 2>&1 || { echo "device-gpu-check: the profiled run failed" >&2; failed=1; }
done
# A user's whole command, through TornadoVM and on the JVM (start-up and kernel compilation included).
for backend in tornado jvm; do
  start=$(date +%s%N)
  run vectorize examples/lighthouse.png -o "$base/lighthouse-$backend.svg" --backend "$backend" --json \
    > "$out/vectorize-$backend.json" 2>> "$out/profile.txt" || { echo "device-gpu-check: vectorize on $backend failed" >&2; failed=1; }
  echo "vectorize --backend $backend: $(( ($(date +%s%N) - start) / 1000000 )) ms whole command" >> "$out/profile.txt"
done
cat "$out/bench-tornado.json" "$out/bench-tornado-hostbinning.json" "$out/bench-jvm.json" "$out/profile.txt" "$out"/vectorize-*.json >&2
exit "$failed"
