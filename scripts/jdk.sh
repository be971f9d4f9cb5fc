# Sourced by ./diffink and ./run-tests: finds a JDK 25 or says how to point at one.
# Sets JAVA (the java binary) and exports JAVA_HOME.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

find_jdk25() {
  local candidates=() d j v
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for d in /usr/lib/jvm/*25* /opt/java/*25* "$HOME"/.sdkman/candidates/java/25*; do
    [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java")
  done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for j in "${candidates[@]}"; do
    v="$(java_major "$j" 2>/dev/null || true)"
    if [[ -n "$v" && "$v" -ge 25 ]]; then
      echo "$j"
      return 0
    fi
  done
  return 1
}

if ! JAVA="$(find_jdk25)"; then
  echo "diffink: error: no JDK 25 found. Install one (e.g. Temurin 25) and set JAVA_HOME to it," >&2
  echo "  for example: export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64" >&2
  exit 2
fi
JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")"
export JAVA_HOME

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "diffink: error: Maven (mvn, 3.8 or newer) is needed to build DiffInk; install it (apt-get install maven)" >&2
    exit 2
  fi
}
