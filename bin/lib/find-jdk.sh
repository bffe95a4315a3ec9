# Finds a JDK that can build and run Outpost. Sourced by bin/outpost and bin/test; run directly
# (bash bin/lib/find-jdk.sh) it prints the JDK's home directory, or the problem and exits 1.
#
# Order: $JAVA_HOME if it is new enough, else the newest JDK under $OUTPOST_JVM_DIR
# (default /usr/lib/jvm), else the `java` on PATH. A JDK needs bin/java and bin/javac.

OUTPOST_MIN_JAVA=21

# Prints the major version of the Java installation at $1 (8 for 1.8), or fails.
outpost_java_major() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] || return 1
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case $version in 1.*) version=${version#1.} ;; esac
  version=${version%%[!0-9]*}
  [ -n "$version" ] || return 1
  echo "$version"
}

# Describes the installation at $1 for the error message, e.g. "/usr/lib/jvm/x (17)".
outpost_describe_java() {
  local home=$1 major
  if ! major=$(outpost_java_major "$home"); then
    echo "$home (not a Java installation)"
  elif [ ! -x "$home/bin/javac" ]; then
    echo "$home ($major, no javac)"
  else
    echo "$home ($major)"
  fi
}

# Succeeds when $1 is a JDK (java and javac) of at least OUTPOST_MIN_JAVA.
outpost_usable_jdk() {
  local major
  major=$(outpost_java_major "$1") || return 1
  [ "$major" -ge "$OUTPOST_MIN_JAVA" ] && [ -x "$1/bin/javac" ]
}

# Sets OUTPOST_JAVA_HOME, or prints what was found instead and fails.
outpost_find_jdk() {
  local found=() candidate best="" best_major=0 major java_on_path
  if [ -n "${JAVA_HOME:-}" ]; then
    if outpost_usable_jdk "$JAVA_HOME"; then
      OUTPOST_JAVA_HOME=$JAVA_HOME
      return 0
    fi
    found+=("JAVA_HOME=$(outpost_describe_java "$JAVA_HOME")")
  fi
  for candidate in "${OUTPOST_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
    if outpost_usable_jdk "$candidate"; then
      major=$(outpost_java_major "$candidate")
      if [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    elif outpost_java_major "$candidate" >/dev/null; then
      found+=("$(outpost_describe_java "$candidate")")
    fi
  done
  if [ -n "$best" ]; then
    OUTPOST_JAVA_HOME=$best
    return 0
  fi
  if java_on_path=$(command -v java); then
    candidate=$(readlink -f "$java_on_path")
    candidate=${candidate%/bin/java}
    if outpost_usable_jdk "$candidate"; then
      OUTPOST_JAVA_HOME=$candidate
      return 0
    fi
    found+=("java on PATH: $(outpost_describe_java "$candidate")")
  fi
  local list="none"
  if [ ${#found[@]} -gt 0 ]; then
    list=$(printf '%s, ' "${found[@]}")
    list=${list%, }
  fi
  echo "Outpost needs a JDK $OUTPOST_MIN_JAVA or newer; found: $list; install e.g. openjdk-$OUTPOST_MIN_JAVA-jdk or set JAVA_HOME" >&2
  return 1
}

# Fails with a clear message when Maven is not installed.
outpost_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Outpost needs Maven (mvn) to build; install e.g. the maven package" >&2
    return 1
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  outpost_find_jdk || exit 1
  echo "$OUTPOST_JAVA_HOME"
fi
