#!/usr/bin/env bash
# Load test of the example service with wrk, on loopback: requests/s and p99 latency of
#   1. the bare JDK HttpServer handler   (GET /bare/hello on dev.go4j.examples.service.Service)
#   2. the same handler behind the full middleware chain  (GET /hello)
#   3. the Go twin, net/http, bare and with the same chain  (go/cmd/service)
# and the verdict on the target: the full chain costs at most 10 % of the bare handler's throughput.
#
# Usage, from anywhere:   examples/load/run.sh
# Settings (environment): DURATION=30s WARMUP=10s CONNECTIONS=64 THREADS=2 SKIP_BUILD=1 PIN=1
#   JAVA=/path/to/bin/java (default: a JDK 21+ found on the machine), JAVA_OPTS (default -Xms512m -Xmx512m)
#   PIN=1 pins the server to CPU 0 and wrk to CPU 1 (taskset), so the two do not steal each other's core.
# The access log is off in both services (its cost is the log sink's, not the chain's); the per-client
# rate limit is set high enough never to refuse, but every request still takes a token.
# Takes about (WARMUP + DURATION) x 4 plus the build: 3 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
TOKEN=load-token
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

install() { # Debian packages: wrk, and Go with golang.org/x/time for the twin
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v wrk >/dev/null 2>&1 || install wrk
if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/golang.org/x/time ]; then
  install golang-go golang-golang-x-time-dev
fi

java_ok() { "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); exit !(v[1] >= 21) }'; }
JAVA=${JAVA:-}
if [ -z "$JAVA" ]; then
  for j in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*21*/bin/java "$(command -v java || true)"; do
    if [ -x "$j" ] && java_ok "$j"; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "run.sh: no Java 21 or later found; set JAVA=/path/to/bin/java" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f examples/target/examples.jar ]; then
  echo "building examples/target/examples.jar ..."
  ./mvnw -q -pl examples -am package -DskipTests
fi
(cd go && go build -o "$work/go-service" ./cmd/service)

server_cpu=() wrk_cpu=()
if [ "${PIN:-0}" = 1 ]; then server_cpu=(taskset -c 0); wrk_cpu=(taskset -c 1); fi

# start NAME CMD...: starts a service on a free port, waits for /healthz, sets $port
start() {
  local name=$1; shift
  "${server_cpu[@]}" "$@" --port=0 --token=$TOKEN --access-log=off --rate=1000000000 --burst=1000000000 \
      >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's|^listening on http://[^ ]*:\([0-9]*\)$|\1|p' "$work/$name.out")
    [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "run.sh: $name did not start:" >&2; cat "$work/$name.err" >&2; exit 1
}

results=()
# measure LABEL URL: a warm-up run, then the measured one; appends "label rps p99 non2xx"
measure() {
  local label=$1 url=$2 out
  "${wrk_cpu[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $TOKEN" "$url" >/dev/null
  out=$("${wrk_cpu[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$url")
  echo "$out" > "$work/$label.wrk"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
  results+=("$label|$rps|$p99|${errors:-0}")
  printf '  %-28s %12s req/s   p99 %9s\n' "$label" "$rps" "$p99"
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, ${WARMUP} warm-up + ${DURATION} measured per row; $(nproc) CPUs; $("$JAVA" -version 2>&1 | head -1); $(go version)"
# shellcheck disable=SC2086
start java "$JAVA" ${JAVA_OPTS:--Xms512m -Xmx512m} -jar examples/target/examples.jar
measure "java bare handler" "http://127.0.0.1:$port/bare/hello"
measure "java full chain" "http://127.0.0.1:$port/hello"
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
start go "$work/go-service"
measure "go bare handler" "http://127.0.0.1:$port/bare/hello"
measure "go full chain" "http://127.0.0.1:$port/hello"

echo
echo "| Target | Requests/s | p99 latency | Non-2xx | vs bare (same language) |"
echo "|---|---|---|---|---|"
declare -A rps_of
for r in "${results[@]}"; do IFS='|' read -r label rps p99 err <<<"$r"; rps_of[$label]=$rps; done
for r in "${results[@]}"; do
  IFS='|' read -r label rps p99 err <<<"$r"
  bare=${rps_of[${label%% *} bare handler]}
  ratio=$(awk -v a="$rps" -v b="$bare" 'BEGIN { printf "%.2f", a / b }')
  echo "| $label | $rps | $p99 | $err | $ratio |"
done
cost=$(awk -v f="${rps_of[java full chain]}" -v b="${rps_of[java bare handler]}" 'BEGIN { printf "%.1f", 100 * (1 - f / b) }')
verdict=$(awk -v c="$cost" 'BEGIN { print (c <= 10 ? "met" : "NOT met") }')
echo
echo "Java full chain costs $cost % of the bare handler's throughput (target <= 10 %: $verdict)."
echo "Only a run on a quiet machine counts; wrk's full output is printed below."
for r in "${results[@]}"; do label=${r%%|*}; echo; echo "--- $label"; cat "$work/$label.wrk"; done
