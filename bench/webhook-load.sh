#!/usr/bin/env bash
# Load test of `comply webhook` over loopback with wrk (HTTPS, keep-alive), bounded in time.
# Prints throughput and latency percentiles for a small Pod review, and the server's RSS sampled
# every second across the long run. Server and load generator share the machine's cores.
#
#   bench/webhook-load.sh                 # 60 s main run + short side runs
#   DURATION=20 bench/webhook-load.sh     # shorter
#
# Needs: a release build (cargo build --release), wrk (Debian package `wrk`), openssl.
# Runs (each on a fresh server):
#   1. policies: the built-in policies on a compliant Pod (allowed, a few low-severity warnings),
#      CONNS connections, DURATION seconds; RSS sampled throughout.
#   2. policies, one and two connections: per-review service time without queueing.
#   3. baseline: the same server with every rule disabled in its config (TLS + HTTP + JSON +
#      pool hand-off only), CONNS connections: what the policy evaluation costs by difference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${COMPLY_BIN:-$root/target/release/comply}
duration=${DURATION:-60}
side=${SIDE_DURATION:-10}
conns=${CONNS:-8}
threads=${WRK_THREADS:-1}
port=${PORT:-18443}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
[[ -x $bin ]] || { echo "$bin missing: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

cat > "$work/review.json" <<'JSON'
{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"9e1b7c2a-5d3f-4e8a-b1c6-0f2d4a6b8c10","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"name":"web","namespace":"team-a","operation":"CREATE","userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller"},"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"team-a","labels":{"app":"web"}},"spec":{"automountServiceAccountToken":false,"securityContext":{"runAsNonRoot":true,"runAsUser":10001,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"web","image":"registry.example.com/web:1.4.2","ports":[{"containerPort":8080}],"securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}},"resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}}]}},"dryRun":false}}
JSON
body_bytes=$(wc -c < "$work/review.json")
python3 - "$work/review.json" "$work/post.lua" <<'PY'
import json, sys
body = open(sys.argv[1]).read().strip()
open(sys.argv[2], "w").write(
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' % json.dumps(body))
PY
# Every rule disabled: the transport baseline.
ids=$("$bin" policies --format json | python3 -c 'import json,sys; print(",".join(r["id"] for r in json.load(sys.stdin)))')
printf 'rules:\n  disable: [%s]\n' "$ids" > "$work/none.yaml"

start_server() { # extra args...
  "$bin" webhook --listen "127.0.0.1:$port" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" "$@" \
    2> "$work/server.log" &
  server_pid=$!
  for _ in $(seq 100); do
    curl -sfk "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
# CPU seconds (user + system) the server has used so far.
cpu_secs() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"; }
# A counter or histogram series from /metrics (0 when absent).
metric() { curl -sk "https://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {v = $2} END {print v + 0}'; }

run_wrk() { # label conns seconds
  local out="$work/wrk-$1.txt"
  wrk -t"$threads" -c"$2" -d"$3"s --latency -s "$work/post.lua" "https://localhost:$port/validate" > "$out"
  local rps p50 p90 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out"); p90=$(awk '$1 == "90%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  printf '%-34s %10s req/s   p50 %8s   p90 %8s   p99 %8s   non-2xx %s\n' "$1 (c=$2, ${3}s)" "$rps" "$p50" "$p90" "$p99" "$non2xx"
}

echo "comply webhook load test: $(nproc) cores, wrk -t$threads, body $body_bytes bytes, $(date -u +%FT%TZ)"
echo "machine load before the runs (other processes share the cores): $(cut -d' ' -f1-3 /proc/loadavg)"
curl -sk "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { echo "port $port busy" >&2; exit 2; }

start_server
answer=$(curl -sk -H 'Content-Type: application/json' --data @"$work/review.json" "https://127.0.0.1:$port/validate")
echo "sample answer: $(echo "$answer" | python3 -c 'import json,sys; r=json.load(sys.stdin)["response"]; print("allowed=%s warnings=%d" % (r["allowed"], len(r.get("warnings") or [])))')"
wrk -t1 -c"$conns" -d2s -s "$work/post.lua" "https://localhost:$port/validate" >/dev/null  # warm-up
rss_start=$(rss_kib)
cpu_start=$(cpu_secs); n_start=$(metric comply_webhook_request_duration_seconds_count)
eval_start=$(metric comply_webhook_evaluation_duration_seconds_sum)
req_start=$(metric comply_webhook_request_duration_seconds_sum)
( while kill -0 "$server_pid" 2>/dev/null; do rss_kib; sleep 1; done ) > "$work/rss.txt" 2>/dev/null &
sampler=$!
run_wrk "policies" "$conns" "$duration"
kill "$sampler" 2>/dev/null || true
python3 - "$work/rss.txt" "$rss_start" <<'PY'
import sys
s = [int(x) for x in open(sys.argv[1]).read().split() if x.isdigit()]
if s:
    q = max(1, len(s) // 4)
    first, last = sum(s[:q]) / q, sum(s[-q:]) / q
    print(f"server RSS over the run: start {int(sys.argv[2])/1024:.1f} MiB, min {min(s)/1024:.1f}, max {max(s)/1024:.1f}, "
          f"first-quarter mean {first/1024:.1f}, last-quarter mean {last/1024:.1f} MiB ({len(s)} samples)")
PY
cpu_end=$(cpu_secs); n_end=$(metric comply_webhook_request_duration_seconds_count)
eval_end=$(metric comply_webhook_evaluation_duration_seconds_sum)
req_end=$(metric comply_webhook_request_duration_seconds_sum)
# Per review of the main run: the server's CPU time (every thread: TLS, HTTP, JSON, evaluation,
# logging), wall time from headers read to answer (includes queueing for an evaluation thread),
# and the policy engine's own time on its thread.
awk -v c0="$cpu_start" -v c1="$cpu_end" -v n0="$n_start" -v n1="$n_end" -v e0="$eval_start" \
  -v e1="$eval_end" -v r0="$req_start" -v r1="$req_end" 'BEGIN { n = n1 - n0; if (n > 0)
  printf "per review (%d reviews): server CPU %.1f us, of which policy evaluation %.1f us (%.0f%%); server-side wall time %.1f us\n",
    n, 1e6 * (c1 - c0) / n, 1e6 * (e1 - e0) / n, 100 * (e1 - e0) / (c1 - c0), 1e6 * (r1 - r0) / n }'
run_wrk "policies, one connection" 1 "$side"
run_wrk "policies, two connections" 2 "$side"
stop_server

start_server --config "$work/none.yaml"
wrk -t1 -c"$conns" -d2s -s "$work/post.lua" "https://localhost:$port/validate" >/dev/null
run_wrk "baseline: every rule disabled" "$conns" "$side"
run_wrk "baseline, one connection" 1 "$side"
stop_server
