#!/usr/bin/env bash
# Runs the Inkscape extension tests with Inkscape's own inkex (Debian: the inkscape package, plus
# python3-cssselect which inkex imports). Without inkex the tests are skipped with a notice, unless
# DIFFINK_REQUIRE_INKEX=1 (CI) makes that an error. When the build made api/target/diffink.jar, the
# tests also run the extensions against the real helper.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
inkex_dir="${INKEX_PATH:-/usr/share/inkscape/extensions}"
python="${DIFFINK_INKEX_PYTHON:-/usr/bin/python3}"
if ! INKEX_PATH="$inkex_dir" "$python" -c 'import os, sys; sys.path.insert(0, os.environ["INKEX_PATH"]); import inkex' \
    >/dev/null 2>&1; then
  msg="Inkscape's inkex was not found in $inkex_dir for $python (Debian/Ubuntu: apt-get install --no-install-recommends inkscape python3-cssselect python3-lxml python3-numpy)"
  if [[ "${DIFFINK_REQUIRE_INKEX:-0}" == "1" ]]; then
    echo "plugin-inkscape: error: $msg" >&2
    exit 1
  fi
  echo "plugin-inkscape: SKIPPED the extension tests: $msg; DIFFINK_REQUIRE_INKEX=1 makes this an error" >&2
  exit 0
fi
jar="$root/api/target/diffink.jar"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [[ -f "$jar" ]]; then
  # shellcheck source=../../scripts/jdk.sh
  source "$root/scripts/jdk.sh"
  cat >"$tmp/diffink" <<WRAP
#!/bin/sh
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Ddiffink.home="$root" -jar "$jar" "\$@"
WRAP
  chmod +x "$tmp/diffink"
  export DIFFINK_TEST_HELPER="$tmp/diffink"
fi
export INKEX_PATH="$inkex_dir"
"$python" -m unittest discover -s "$here" -p 'test_*.py' -v
