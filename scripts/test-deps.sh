# Sourced by ./run-tests: makes sure the system packages the tests use are present.
#   librsvg2-bin        rsvg-convert, the independent renderer the compressor is checked against
#   libtorch-dev cmake g++   the torch runtime (native/shim) and its tests
#   inkscape python3-cssselect python3-lxml python3-numpy   Inkscape's inkex, for the extension tests (plugin-inkscape/tests)
# As root on Debian/Ubuntu the missing ones are installed with apt-get (set DIFFINK_NO_INSTALL=1 to
# forbid that); otherwise the command to run is printed. DIFFINK_SKIP_TORCH=1 runs the tests
# without libtorch: the torch tests are then skipped, each saying so; DIFFINK_SKIP_INKSCAPE=1 does the
# same for the Inkscape extension tests.

missing_test_packages() {
  local missing=()
  command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
  if [[ "${DIFFINK_SKIP_TORCH:-0}" != "1" && -z "${DIFFINK_TORCH_PREFIX:-}" ]]; then
    compgen -G "/usr/lib/*/cmake/Torch/TorchConfig.cmake" >/dev/null || missing+=(libtorch-dev)
    command -v cmake >/dev/null 2>&1 || missing+=(cmake)
    command -v c++ >/dev/null 2>&1 || missing+=(g++)
  fi
  if [[ "${DIFFINK_SKIP_INKSCAPE:-0}" != "1" ]]; then
    [[ -f /usr/share/inkscape/extensions/inkex/__init__.py ]] || missing+=(inkscape)
    /usr/bin/python3 -c 'import cssselect, lxml, numpy' >/dev/null 2>&1 || missing+=(python3-cssselect python3-lxml python3-numpy)
  fi
  echo "${missing[@]}"
}

ensure_test_packages() {
  local missing
  missing="$(missing_test_packages)"
  [[ -z "$missing" ]] && return 0
  if [[ "$(id -u)" == "0" && "${DIFFINK_NO_INSTALL:-0}" != "1" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "run-tests: installing the packages the tests need: $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
      return 0
    fi
    echo "run-tests: error: apt-get could not install: $missing" >&2
    exit 2
  fi
  echo "run-tests: error: the tests need these packages: $missing" >&2
  echo "  install them:  sudo apt-get install --no-install-recommends $missing" >&2
  echo "  or skip the torch runtime tests:  DIFFINK_SKIP_TORCH=1 ./run-tests" >&2
  exit 2
}
