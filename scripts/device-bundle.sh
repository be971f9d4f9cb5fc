#!/usr/bin/env bash
# Packs what a bare GPU machine needs to run DiffInk's TornadoVM backend into .device/ (ignored
# by git; about 37 MB, which with the 22 MB working tree fits one 64 MiB transfer):
#   .device/jre.tar.xz       a JDK 25 runtime made by jlink (the GPU machine has no Java)
#   .device/tornado.tar.xz   TornadoVM's SDK (OpenCL backend), trimmed to the modules its runtime
#                            loads, with its argfile's SDK paths made a placeholder
#   .device/tornado-ptx.tar.xz  only when TORNADOVM_PTX_HOME names a TornadoVM SDK built with the PTX
#                            backend (of the same TornadoVM version): its PTX driver and argfile; the
#                            check script completes it with tornado/'s common jars. (TornadoVM stops
#                            at start when any backend it loads finds no device, so each backend is
#                            run alone.)
#   .device/app.tar.xz       DiffInk's jars and the OpenCL ICD loader (libOpenCL.so.1)
# Then scripts/device-gpu-check.sh, run there with .device carried, unpacks them and measures.
#
# Needs: JAVA_HOME = a JDK 25 with jlink; TORNADOVM_HOME = an installed TornadoVM 5.2 SDK (this
# script packs one, it does not build one); a build made with TORNADOVM_HOME set, so that the
# diffink-tornadovm module's jar exists (./diffink --help does that).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
: "${TORNADOVM_HOME:?set TORNADOVM_HOME to a TornadoVM 5.2 SDK}"
app_jar=api/target/diffink.jar
tvm_jar=tornado-kernels/tornadovm/target/diffink-tornadovm-0.1.0-SNAPSHOT.jar
for f in "$app_jar" "$tvm_jar" "$TORNADOVM_HOME/tornado-argfile"; do
  [[ -f "$f" ]] || { echo "device-bundle: $f is missing (build with TORNADOVM_HOME set first)" >&2; exit 1; }
done
# (awk reads to the end: an early exit would kill ldconfig with SIGPIPE, and pipefail this script.)
ocl=$(ldconfig -p | awk '/libOpenCL\.so\.1 .*x86-64/ && !found {print $NF; found = 1}')
[[ -n "$ocl" ]] || { echo "device-bundle: no libOpenCL.so.1 here (apt-get install ocl-icd-libopencl1)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"

# Part 1: the Java runtime. Uncompressed modules, then xz: smaller than jlink's own zip.
if ! "$JAVA_HOME/bin/jlink" --add-modules java.base,java.desktop,java.xml,java.logging,java.management,java.naming,jdk.unsupported,jdk.internal.vm.ci,jdk.incubator.vector,jdk.management,java.sql,jdk.zipfs \
    --strip-debug --no-header-files --no-man-pages --output "$work/jre" > "$work/jlink.log" 2>&1; then
  cat "$work/jlink.log" >&2
  echo "device-bundle: jlink failed (is JAVA_HOME a full JDK 25?)" >&2
  exit 1
fi
tar -C "$work" -cf - jre | xz -9 -T0 > "$work/out/jre.tar.xz"

# Part 2a: TornadoVM, only the modules one backend's runtime requires, as $work/$name.
# With "drivers-only", only the backend's own jars: the check script takes the common ones from
# tornado/ (which must travel too), keeping the transfer under its limit.
pack_tornado() { # name sdk driver-jars native-lib [drivers-only]
  local name=$1 sdk=$2 drivers=$3 lib=$4 only=${5:-} common j
  mkdir -p "$work/$name/share/java/tornado" "$work/$name/share/java/graalJars" "$work/$name/lib"
  common="asm collections commons-lang3 commons-math3 nativeimage snmp4j word tornado-annotation tornado-api
      tornado-drivers-common tornado-runtime"
  [[ -n "$only" ]] && common=""
  for j in $common $drivers; do
    cp "$sdk"/share/java/tornado/$j-[0-9]*.jar "$work/$name/share/java/tornado/"
  done
  if [[ -z "$only" ]]; then
    for j in collections compiler truffle-compiler word; do
      cp "$sdk"/share/java/graalJars/$j-[0-9]*.jar "$work/$name/share/java/graalJars/"
    done
  fi
  cp "$sdk/lib/$lib" "$work/$name/lib/"
  # The argfile names the SDK by absolute path; the check script puts its own back.
  sed "s#$(readlink -f "$sdk")#@TORNADO@#g; s#$sdk#@TORNADO@#g" "$sdk/tornado-argfile" \
    | sed -E 's#-Djava.library.path=[^ ]*#-Djava.library.path=@TORNADO@/lib#' > "$work/$name/tornado-argfile.in"
  grep -q '@TORNADO@' "$work/$name/tornado-argfile.in" \
    || { echo "device-bundle: $sdk's argfile names no SDK path" >&2; exit 1; }
}
pack_tornado tornado "$TORNADOVM_HOME" "tornado-drivers-opencl tornado-drivers-opencl-jni" libtornado-opencl.so
tar -C "$work" -cf - tornado | xz -9 -T0 > "$work/out/tornado.tar.xz"
if [[ -n "${TORNADOVM_PTX_HOME:-}" ]]; then
  [[ -f "$TORNADOVM_PTX_HOME/lib/libtornado-ptx.so" ]] \
    || { echo "device-bundle: $TORNADOVM_PTX_HOME has no PTX backend (lib/libtornado-ptx.so)" >&2; exit 1; }
  pack_tornado tornado-ptx "$TORNADOVM_PTX_HOME" "tornado-drivers-ptx tornado-drivers-ptx-jni" libtornado-ptx.so \
    drivers-only
  # PTX alone: its argfile must not load the OpenCL driver's module.
  # (A line whose module list held only that module goes.)
  python3 - "$work/tornado-ptx/tornado-argfile.in" <<'PY'
import re, sys
path = sys.argv[1]
kept = []
for line in open(path).read().splitlines():
    if line.startswith('--add-reads=tornado.drivers.opencl='):
        continue
    m = re.match(r'^(.*[= ])([A-Za-z0-9_.,-]+)$', line)
    if m and 'tornado.drivers.opencl' in m.group(2).split(','):
        mods = [x for x in m.group(2).split(',') if x != 'tornado.drivers.opencl']
        if not mods:
            continue
        line = m.group(1) + ','.join(mods)
    kept.append(line)
open(path, 'w').write('\n'.join(kept) + '\n')
PY
  tar -C "$work" -cf - tornado-ptx | xz -9 -T0 > "$work/out/tornado-ptx.tar.xz"
fi

# Part 2b: DiffInk itself and the OpenCL ICD loader.
mkdir -p "$work/app/lib" "$work/app/ocl"
cp "$app_jar" "$tvm_jar" "$work/app/"
cp api/target/lib/*.jar "$work/app/lib/"
cp -L "$ocl" "$work/app/ocl/libOpenCL.so.1"
tar -C "$work" -cf - app | xz -9 -T0 > "$work/out/app.tar.xz"

# Replace the old bundle only once the new one is whole.
rm -rf .device
mv "$work/out" .device

du -b .device/* | awk '{printf "%-26s %6.1f MB\n", $2, $1 / 1e6}'
echo "device-bundle: carry .device and run scripts/device-gpu-check.sh there"
