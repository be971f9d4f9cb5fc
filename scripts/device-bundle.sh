#!/usr/bin/env bash
# Packs what a bare GPU machine needs to run DiffInk's TornadoVM backend into .device/ (ignored
# by git; about 36 MB, which with the 22 MB working tree fits one 64 MiB transfer):
#   .device/jre.tar.xz       a JDK 25 runtime made by jlink (the GPU machine has no Java)
#   .device/tornado.tar.xz   TornadoVM's SDK (OpenCL backend), trimmed to the modules its runtime
#                            loads, with its argfile's SDK paths made a placeholder
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

# Part 2a: TornadoVM, only the modules its OpenCL runtime requires.
mkdir -p "$work/tornado/share/java/tornado" "$work/tornado/share/java/graalJars" "$work/tornado/lib"
for j in asm collections commons-lang3 commons-math3 nativeimage snmp4j word tornado-annotation tornado-api \
    tornado-drivers-common tornado-drivers-opencl tornado-drivers-opencl-jni tornado-runtime; do
  cp "$TORNADOVM_HOME"/share/java/tornado/$j-[0-9]*.jar "$work/tornado/share/java/tornado/"
done
for j in collections compiler truffle-compiler word; do
  cp "$TORNADOVM_HOME"/share/java/graalJars/$j-[0-9]*.jar "$work/tornado/share/java/graalJars/"
done
cp "$TORNADOVM_HOME"/lib/*.so "$work/tornado/lib/"
# The argfile names the SDK by absolute path; the check script puts its own back.
sed "s#$(readlink -f "$TORNADOVM_HOME")#@TORNADO@#g; s#$TORNADOVM_HOME#@TORNADO@#g" "$TORNADOVM_HOME/tornado-argfile" \
  | sed -E 's#-Djava.library.path=[^ ]*#-Djava.library.path=@TORNADO@/lib#' > "$work/tornado/tornado-argfile.in"
grep -q '@TORNADO@' "$work/tornado/tornado-argfile.in" || { echo "device-bundle: the argfile names no SDK path" >&2; exit 1; }
tar -C "$work" -cf - tornado | xz -9 -T0 > "$work/out/tornado.tar.xz"

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
