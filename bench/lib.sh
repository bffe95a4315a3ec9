# Shared by the bench/ scripts (sourced, not run): a JDK, the compiled test classes, an Outpost
# started the way an operator starts it (bin/outpost serve --config), and its memory.

bench_root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=../bin/lib/find-jdk.sh
. "$bench_root/bin/lib/find-jdk.sh"
outpost_find_jdk || exit 1
outpost_require_maven || exit 1
export JAVA_HOME=$OUTPOST_JAVA_HOME

# Compiles the test sources (the load generators live there) and writes their class path.
bench_build() {
  (cd "$bench_root" && mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt) >&2
}

# Runs a main class of the test sources: bench_java CLASS ARGS...
bench_java() {
  "$OUTPOST_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "$bench_root/target/classes:$bench_root/target/test-classes:$(cat "$bench_root/target/bench-classpath.txt")" "$@"
}

# Waits until something listens on HOST PORT, for at most SECONDS (default 120); fails when PID dies.
bench_wait_port() {
  local host=$1 port=$2 limit=${3:-120} pid=${4:-}
  local deadline=$((SECONDS + limit))
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "process $pid died" >&2; return 1; fi
    (( SECONDS < deadline )) || { echo "nothing listens on $host:$port after ${limit}s" >&2; return 1; }
    sleep 0.1
  done
}

bench_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts Outpost in the background: bench_start_outpost CONFIG LOG; sets outpost_pid (the JVM's,
# since bin/outpost execs java). OUTPOST_JAVA_OPTS passes JVM options through.
bench_start_outpost() {
  "$bench_root/bin/outpost" serve --config "$1" >"$2" 2>&1 &
  outpost_pid=$!
}

# Stops Outpost gracefully and waits for it to exit.
bench_stop_outpost() {
  [ -n "${outpost_pid:-}" ] || return 0
  kill "$outpost_pid" 2>/dev/null || true
  wait "$outpost_pid" 2>/dev/null || true
  outpost_pid=
}

# Resident set size of PID in MiB, from /proc/PID/status.
bench_rss_mib() {
  awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"
}

# Java heap in use in MiB as jcmd reports it; with "full" after a full GC (live objects only).
bench_heap_mib() {
  [ "${2:-}" = full ] && "$OUTPOST_JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null
  "$OUTPOST_JAVA_HOME/bin/jcmd" "$1" GC.heap_info | awk '/ total .*used/ {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.0f\n", v / 1024; exit } }'
}

# Writes the configuration every relay benchmark runs with: one plain listener on 127.0.0.1 that
# trusts loopback, everything routed to a sink on 127.0.0.1, no HTTP API. Append tables to change
# more. bench_relay_config FILE DATA_DIR LISTEN_PORT ROUTE_PORT
bench_relay_config() {
  cat >"$1" <<CF
[server]
hostname = "bench.localdomain"
data_dir = "$2"

[[listener]]
name = "bench"
address = "127.0.0.1:$3"
tls = "none"
auth = "none"

[relay]
trusted_networks = ["127.0.0.0/8"]

[[route]]
domains = ["*"]
host = "127.0.0.1"
port = $4

[http]
enabled = false
CF
}

# Messages a `smtp-sink -c` has counted, from its output file: bench_sink_count FILE
bench_sink_count() {
  tr '\r' '\n' <"$1" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1
}
