#!/usr/bin/env bash
# Renders comply's HTML report of corpus scans in headless Chromium: takes a screenshot of each,
# checks the page logged no console error (a CSP violation or a failed load counts too) and that
# the file is under 2 MB. Reports are written next to the screenshots, for a person to look at.
#
#   scripts/html-screenshot.sh [OUT_DIR]          (default: target/html-screenshots)
#
# Needs Debian's `chromium` package (apt-get install chromium) and ../shared/corpus; a missing
# corpus is skipped with a note. COMPLY=path/to/comply uses an existing binary instead of
# building one. Exit status: 0 when every page rendered cleanly, 1 otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/target/html-screenshots}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
corpus="$here/../shared/corpus"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "chromium not found: install Debian's package (apt-get install chromium)" >&2
  exit 1
fi
if [[ -z "${COMPLY:-}" ]]; then
  cargo build --quiet --manifest-path "$here/Cargo.toml" --bin comply
  COMPLY="$here/target/debug/comply"
fi
COMPLY="$(cd "$(dirname "$COMPLY")" && pwd)/$(basename "$COMPLY")"

status=0
# name, corpus directory, framework
for spec in "terragoat terragoat soc2" "kubernetes-goat kubernetes-goat pss-restricted"; do
  read -r name dir framework <<<"$spec"
  if [[ ! -d "$corpus/$dir" ]]; then
    echo "SKIPPED: $corpus/$dir not found"
    continue
  fi
  html="$out/$name.html"
  png="$out/$name.png"
  log="$out/$name.chromium.log"
  # Exit 1 (findings) is expected; 2 (operational error) is reported but still rendered.
  set +e
  (cd "$corpus/$dir" && "$COMPLY" scan . --quiet --framework "$framework" --format html --output "$html")
  code=$?
  set -e
  if [[ $code -gt 1 ]]; then
    echo "$name: comply exited $code (operational errors are listed in the report)"
  fi
  if [[ ! -s "$html" ]]; then
    echo "$name: FAIL: no report written"
    status=1
    continue
  fi
  bytes=$(wc -c <"$html")
  if (( bytes >= 2 * 1024 * 1024 )); then
    echo "$name: FAIL: report is $bytes bytes (limit 2 MB)"
    status=1
  fi
  profile="$(mktemp -d)"
  # --enable-logging=stderr prints every console message of the page as a CONSOLE line.
  timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$profile" --no-first-run --disable-extensions \
    --disable-background-networking --disable-component-update --disable-sync \
    --enable-logging=stderr --v=0 \
    --window-size=1280,2200 --screenshot="$png" "file://$html" >"$log" 2>&1 || {
      echo "$name: FAIL: chromium exited with an error (see $log)"
      status=1
    }
  rm -rf "$profile"
  errors=$(grep -E 'CONSOLE|Refused to|Failed to load|Uncaught' "$log" || true)
  if [[ -n "$errors" ]]; then
    echo "$name: FAIL: console errors:"
    echo "$errors"
    status=1
  fi
  if [[ ! -s "$png" ]]; then
    echo "$name: FAIL: no screenshot"
    status=1
  else
    echo "$name: $bytes bytes, screenshot $png, no console errors${errors:+ (see above)}"
  fi
done
exit $status
