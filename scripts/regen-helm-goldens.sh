#!/usr/bin/env bash
# Regenerates fixtures/helm/goldens/<chart>.yaml with the real helm (the differential-test oracle
# of tests/helm.rs). Run from the repository root:  scripts/regen-helm-goldens.sh
# helm comes from ../shared/tools/install-helm.sh (cached); the release name and namespace match
# what tests/helm.rs passes to `comply template`.
set -euo pipefail
cd "$(dirname "$0")/.."
HELM_DIR="$(../shared/tools/install-helm.sh)"
export PATH="$HELM_DIR:$PATH"
helm version --short
out=fixtures/helm/goldens
mkdir -p "$out"
for chart in fixtures/helm/charts/*/; do
  name="$(basename "$chart")"
  helm template fixture "$chart" --namespace ns1 > "$out/$name.yaml"
  echo "wrote $out/$name.yaml ($(grep -c '^# Source:' "$out/$name.yaml") documents)"
done
