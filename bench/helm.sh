#!/usr/bin/env bash
# Renders every chart of ../shared/corpus that has a golden in ../shared/corpus/rendered with
# comply and with the real `helm template`, in the same run, and prints:
#   1. per chart: one `comply template` process vs one `helm template` process (best of ROUNDS);
#   2. the issue's figure: all charts rendered by ONE `comply template CHART...` process (plus one
#      more for the chart whose golden needs its ci/ values file) vs `helm template` run once per
#      chart (the sum of column helm_ms), and their ratio.
# Usage (from the repository root):  cargo build --release && bench/helm.sh [ROUNDS]
# helm comes from ../shared/tools/install-helm.sh. ROUNDS (default 3) repeats each measurement
# and keeps the fastest, to damp the noise of a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
corpus=../shared/corpus
comply=${COMPLY:-target/release/comply}  # COMPLY=path: time another build
[ -x "$comply" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -d "$corpus/rendered" ] || { echo "SKIPPED: $corpus/rendered not found" >&2; exit 0; }
export PATH="$(../shared/tools/install-helm.sh):$PATH"

now() { date +%s%N; }
best() { # best of N runs of "$@" in ms
  local b="" t0 t1 ms
  for _ in $(seq "$rounds"); do
    t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$b" ] || [ "$ms" -lt "$b" ]; then b=$ms; fi
  done
  echo "$b"
}

total_c=0; total_h=0; n=0
plain=(); with_ci=()
printf '%-60s %9s %9s %7s\n' chart comply_ms helm_ms ratio
for golden in "$corpus"/rendered/*/*.yaml; do
  group=$(basename "$(dirname "$golden")")
  stem=$(basename "$golden" .yaml)
  extra=()
  case "$stem" in *.ci-values) stem=${stem%.ci-values}; ci=1 ;; *) ci=0 ;; esac
  chart="$corpus/$group/${stem//__//}"
  [ "$ci" = 1 ] && extra=(-f "$chart/ci/config-values.yaml")
  if [ "$ci" = 1 ]; then with_ci+=("$chart"); else plain+=("$chart"); fi
  name=$(basename "$chart")
  c=$(best "$comply" template "$chart" --name "$name" "${extra[@]}")
  h=$(best helm template "$name" "$chart" "${extra[@]}")
  total_c=$((total_c + c)); total_h=$((total_h + h)); n=$((n + 1))
  printf '%-60s %9d %9d %7s\n' "$group/$stem" "$c" "$h" "$(awk -v a="$h" -v b="$c" 'BEGIN{printf "%.1fx", (b>0)?a/b:0}')"
done
printf '%-60s %9d %9d %7s\n' "TOTAL ($n charts, a process per chart each, best of $rounds)" "$total_c" "$total_h" \
  "$(awk -v a="$total_h" -v b="$total_c" 'BEGIN{printf "%.1fx", (b>0)?a/b:0}')"

# The issue's definition: every chart rendered by comply in one run vs helm template per chart.
one_run() {
  local rc=0
  "$comply" template "${plain[@]}" >/dev/null 2>/tmp/comply-helm-bench.err || rc=$?
  for c in "${with_ci[@]}"; do
    "$comply" template "$c" -f "$c/ci/config-values.yaml" >/dev/null 2>>/tmp/comply-helm-bench.err || rc=$?
  done
  return $rc
}
echo
if ! one_run; then
  echo "comply template failed in the one-process run (no figure):" >&2
  cat /tmp/comply-helm-bench.err >&2
  exit 1
fi
one=$(best one_run)
echo "comply template, all $n charts in one run (1 process for ${#plain[@]} charts + ${#with_ci[@]} with ci/ values): ${one} ms"
echo "helm template, one process per chart (sum of helm_ms):                     ${total_h} ms"
printf 'RATIO (issue definition, target >= 10x): %s\n' \
  "$(awk -v a="$total_h" -v b="$one" 'BEGIN{printf "%.1fx", (b>0)?a/b:0}')"
