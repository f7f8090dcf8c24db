#!/usr/bin/env bash
# Installs comply for the GitHub Action (action.yml), on Linux, macOS and Windows (Git Bash).
#
#   install.sh prepare          outputs `bin-dir` and, without a version, the source `cache-key`
#   install.sh install          with INPUT_VERSION: download the release binary for RUNNER_OS /
#                               RUNNER_ARCH and verify its SHA-256 against the release's SHA256SUMS;
#                               without: build the action's own source with cargo (unless the
#                               cache restored it). Outputs `comply`, the binary's path.
#   install.sh target           prints the Rust target triple of RUNNER_OS / RUNNER_ARCH
#   install.sh verify FILE SUMS NAME
#                               checks FILE against the line for NAME in the SUMS file
#
# Release assets (see .github/workflows/release.yml): `comply-<target>` (`.exe` on Windows) and
# `SHA256SUMS` with `<hex>  <asset>` lines.
set -euo pipefail

die() {
  # stderr, so that the message survives a command substitution; the runner reads both streams.
  echo "::error title=comply install::$*" >&2
  exit 1
}

action_root() {
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  printf '%s\n' "$here"
}

out() {
  # Appends name=value to the step outputs (stdout when run outside a runner).
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  else
    printf '%s=%s\n' "$1" "$2"
  fi
}

# The SHA-256 command: sha256sum on Linux and Git Bash, shasum on macOS. Prints "<hex>  <file>".
sha256_cmd() {
  if command -v sha256sum >/dev/null 2>&1; then
    echo sha256sum
  elif command -v shasum >/dev/null 2>&1; then
    echo "shasum -a 256"
  else
    die "neither sha256sum nor shasum is available to verify the download"
  fi
}

# sha256 of a file, lowercase hex.
sha256_of() {
  local -a hasher
  read -r -a hasher <<<"$(sha256_cmd)"
  "${hasher[@]}" "$1" | cut -d' ' -f1
}

target_triple() {
  local os="${RUNNER_OS:-}" arch="${RUNNER_ARCH:-}"
  case "$os/$arch" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) die "no comply release for RUNNER_OS=$os RUNNER_ARCH=$arch (leave 'version' empty to build from source)" ;;
  esac
}

exe_suffix() {
  if [[ "${RUNNER_OS:-}" == Windows ]]; then echo .exe; fi
}

bin_dir() {
  local base="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  printf '%s/comply-bin\n' "$base"
}

# Checks FILE's SHA-256 against NAME's line in SUMS ("<hex>  NAME" or "<hex> *NAME").
verify() {
  local file="$1" sums="$2" name="$3" want got
  [[ -f "$file" ]] || die "$file: not found"
  [[ -f "$sums" ]] || die "$sums: not found"
  want=$(awk -v n="$name" '{ f = $2; sub(/^\*/, "", f); if (f == n) { print tolower($1); exit } }' "$sums")
  [[ -n "$want" ]] || die "$sums has no checksum for $name"
  got=$(sha256_of "$file")
  if [[ "$got" != "$want" ]]; then
    die "checksum mismatch for $name: expected $want, got $got"
  fi
  echo "verified $name: sha256 $got"
}

# A key that changes whenever anything that goes into the binary changes: the manifests, the
# build script and every top-level directory except those that never reach the binary (so a new
# embedded directory is covered without editing this list).
source_key() {
  local root list
  root=$(action_root)
  list=$(mktemp)
  local -a hasher dirs=()
  read -r -a hasher <<<"$(sha256_cmd)"
  local d
  for d in "$root"/*/; do
    d=$(basename "$d")
    case "$d" in
      target | target-* | tests | fixtures | bench | bench-out | deploy | action | docs) ;;
      *) dirs+=("$d") ;;
    esac
  done
  (
    cd "$root"
    # Fixed order and relative paths so the key is the same on every runner of one OS.
    find Cargo.toml Cargo.lock build.rs "${dirs[@]}" -type f -print0 2>/dev/null |
      LC_ALL=C sort -z | xargs -0 "${hasher[@]}"
  ) >"$list"
  printf 'comply-src-%s-%s-%s\n' "${RUNNER_OS:-unknown}" "${RUNNER_ARCH:-unknown}" "$(sha256_of "$list")"
  rm -f "$list"
}

download() {
  local url="$1" dest="$2"
  curl --fail --silent --show-error --location --retry 3 --proto '=https' --tlsv1.2 \
    --output "$dest" "$url" || die "download failed: $url"
}

install_release() {
  local version="$1" dir="$2" repo server target asset base tmp
  repo="${INPUT_REPOSITORY:-}"
  [[ -n "$repo" ]] || repo="${COMPLY_ACTION_REPOSITORY:-}"
  [[ -n "$repo" ]] || die "cannot tell which repository publishes comply releases: set the 'repository' input"
  [[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || die "'repository' must be owner/name, got: $repo"
  [[ "$version" =~ ^(latest|v?[0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.-]+)?)$ ]] ||
    die "'version' must be latest or a release version like 1.2.3, got: $version"
  server="${GITHUB_SERVER_URL:-https://github.com}"
  target=$(target_triple)
  asset="comply-$target$(exe_suffix)"
  if [[ "$version" == latest ]]; then
    base="$server/$repo/releases/latest/download"
  else
    base="$server/$repo/releases/download/v${version#v}"
  fi
  tmp=$(mktemp -d)
  download "$base/$asset" "$tmp/$asset"
  download "$base/SHA256SUMS" "$tmp/SHA256SUMS"
  verify "$tmp/$asset" "$tmp/SHA256SUMS" "$asset"
  mkdir -p "$dir"
  mv "$tmp/$asset" "$dir/comply$(exe_suffix)"
  chmod +x "$dir/comply$(exe_suffix)"
  rm -rf "$tmp"
}

install_source() {
  local dir="$1" root target_dir
  root=$(action_root)
  command -v cargo >/dev/null 2>&1 ||
    die "cargo is not installed: install Rust first, or set 'version' to download a release"
  target_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/comply-target"
  echo "building comply from $root"
  CARGO_TARGET_DIR="$target_dir" cargo build --release --locked --manifest-path "$root/Cargo.toml" --bin comply
  mkdir -p "$dir"
  cp "$target_dir/release/comply$(exe_suffix)" "$dir/comply$(exe_suffix)"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    prepare)
      out bin-dir "$(bin_dir)"
      if [[ -z "${INPUT_VERSION:-}" ]]; then
        out cache-key "$(source_key)"
      fi
      ;;
    install)
      local dir bin
      dir="${COMPLY_BIN_DIR:-$(bin_dir)}"
      bin="$dir/comply$(exe_suffix)"
      if [[ -n "${INPUT_VERSION:-}" ]]; then
        install_release "$INPUT_VERSION" "$dir"
      elif [[ "${COMPLY_CACHE_HIT:-}" == true && -x "$bin" ]]; then
        echo "comply restored from the cache"
      else
        install_source "$dir"
      fi
      "$bin" --version
      out comply "$bin"
      ;;
    target) target_triple ;;
    verify)
      [[ $# -eq 4 ]] || die "usage: install.sh verify FILE SUMS NAME"
      verify "$2" "$3" "$4"
      ;;
    *) die "usage: install.sh prepare|install|target|verify" ;;
  esac
}

main "$@"
