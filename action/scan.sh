#!/usr/bin/env bash
# The scan and gate steps of the GitHub Action (action.yml); bash on Linux, macOS and Git Bash.
#
#   scan.sh run    runs `comply scan` once with SARIF + JSON (+ the `format` report), then
#                  summary.py writes the step outputs, the job summary and, when SARIF upload is
#                  off, `::error`/`::warning` annotations. Exits 0 whatever the findings, so the
#                  SARIF upload that follows still runs; the verdict is in the `exit-code` output.
#   scan.sh gate   fails the step with the scan's exit code (1 findings at or above fail-on,
#                  2 an operational error), after the upload.
#
# Inputs arrive as INPUT_* environment variables (never interpolated into the script text):
# INPUT_PATH (paths, one per line), INPUT_CONFIG, INPUT_POLICIES (one per line), INPUT_FORMAT,
# INPUT_OUTPUT, INPUT_FAIL_ON, INPUT_SARIF_FILE, INPUT_UPLOAD_SARIF, INPUT_ARGS (split on
# whitespace). COMPLY_BIN is the binary from the install step (default: `comply` on PATH).
set -euo pipefail

die() {
  echo "::error title=comply::$*" >&2
  exit 1
}

out() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  else
    printf '%s=%s\n' "$1" "$2"
  fi
}

# The lines of $1 without surrounding blanks, empty lines dropped (bash 3.2 has no mapfile).
trimmed_lines() {
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [[ -n "$line" ]]; then printf '%s\n' "$line"; fi
  done <<<"$1"
}

# A Python 3 interpreter: python3 on Linux/macOS, python or py on Windows runners.
find_python() {
  local p
  for p in python3 python py; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 8))' >/dev/null 2>&1; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

run() {
  local here comply workspace tmp sarif json fmt output fail_on python code
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  comply="${COMPLY_BIN:-}"
  [[ -n "$comply" ]] || comply=$(command -v comply) || die "comply is not installed (the install step did not run?)"
  workspace="${GITHUB_WORKSPACE:-$PWD}"
  cd "$workspace" || die "cannot enter GITHUB_WORKSPACE=$workspace"

  local -a paths=() policies=() extra=() args=()
  local line
  while IFS= read -r line; do paths+=("$line"); done < <(trimmed_lines "${INPUT_PATH:-.}")
  [[ ${#paths[@]} -gt 0 ]] || paths=(.)
  while IFS= read -r line; do policies+=("$line"); done < <(trimmed_lines "${INPUT_POLICIES:-}")
  read -r -a extra <<<"${INPUT_ARGS:-}" || true

  sarif="${INPUT_SARIF_FILE:-comply.sarif}"
  tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  json="$tmp/comply-report-$$.json"
  fmt="${INPUT_FORMAT:-human}"
  output="${INPUT_OUTPUT:-}"
  fail_on="${INPUT_FAIL_ON:-}"
  case "$fmt" in
    human | json | sarif | junit | markdown | none) ;;
    *) die "'format' must be human, json, sarif, junit, markdown or none, got: $fmt" ;;
  esac
  case "$fail_on" in
    '' | critical | high | medium | low | never) ;;
    *) die "'fail-on' must be critical, high, medium, low or never, got: $fail_on" ;;
  esac
  mkdir -p "$(dirname "$sarif")"
  rm -f "$json"

  args=(scan "${paths[@]}" --no-progress --format sarif --output "$sarif" --format json --output "$json")
  if [[ "$fmt" != none ]]; then
    args+=(--format "$fmt" --output "${output:--}")
  fi
  [[ -z "${INPUT_CONFIG:-}" ]] || args+=(--config "$INPUT_CONFIG")
  local p
  for p in "${policies[@]+"${policies[@]}"}"; do args+=(--policies "$p"); done
  [[ -z "$fail_on" ]] || args+=(--fail-on "$fail_on")
  args+=("${extra[@]+"${extra[@]}"}")

  echo "comply ${args[*]}"
  set +e
  "$comply" "${args[@]}"
  code=$?
  set -e
  if [[ ! -s "$json" ]]; then
    # comply stopped before reporting (a usage error): nothing to summarise or upload.
    echo "::error title=comply::comply exited with $code before writing a report (see the log above)"
    [[ "$code" -ne 0 ]] || code=2
    out exit-code "$code"
    return 0
  fi
  out exit-code "$code"
  out sarif-file "$sarif"
  out json-file "$json"
  python=$(find_python) || die "Python 3 is needed for the job summary and was not found"
  local annotate=--annotate
  [[ "${INPUT_UPLOAD_SARIF:-true}" != true ]] || annotate=--no-annotate
  "$python" "$here/summary.py" "$json" "$annotate"
}

gate() {
  local code="${COMPLY_EXIT_CODE:-}"
  case "$code" in
    0) echo "comply: no findings at or above the fail-on threshold" ;;
    1)
      echo "::error title=comply::findings at or above the fail-on threshold (${INPUT_FAIL_ON:-from the configuration, default high}); see the job summary"
      exit 1
      ;;
    2)
      echo "::error title=comply::comply reported an operational error (unreadable file, bad configuration or policy); see the scan step's log"
      exit 2
      ;;
    *) die "the scan step did not report an exit code (got '$code')" ;;
  esac
}

case "${1:-}" in
  run) run ;;
  gate) gate ;;
  *) die "usage: scan.sh run|gate" ;;
esac
