#!/usr/bin/env bash
# Builds one static release binary of comply into dist/comply-<target>[.exe] (release.yml).
#   build-release.sh TARGET
# Linux targets are musl (static by default); Windows links the C runtime statically; macOS
# binaries depend only on the system libraries every macOS has.
set -euo pipefail
target="${1:?usage: build-release.sh TARGET}"
toolchain="${RUST_TOOLCHAIN:-1.95.0}"
case "$target" in
  x86_64-unknown-linux-musl | aarch64-unknown-linux-musl)
    sudo apt-get update -qq
    sudo apt-get install -y -qq musl-tools
    # Native builds on each architecture's runner: the C parts (mimalloc) use musl-gcc.
    export "CC_${target//-/_}=musl-gcc"
    ;;
  x86_64-pc-windows-msvc)
    export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static"
    ;;
  x86_64-apple-darwin | aarch64-apple-darwin) ;;
  *)
    echo "::error::unsupported release target: $target"
    exit 1
    ;;
esac
rustup toolchain install "$toolchain" --profile minimal --target "$target"
cargo "+$toolchain" build --release --locked --bin comply --target "$target"

exe=""
[[ "$target" != *windows* ]] || exe=.exe
mkdir -p dist
cp "target/$target/release/comply$exe" "dist/comply-$target$exe"

case "$target" in
  *linux-musl)
    # A static binary has no program interpreter; refuse to ship anything else.
    if file "dist/comply-$target" | grep -q 'dynamically linked'; then
      file "dist/comply-$target"
      echo "::error::dist/comply-$target is not statically linked"
      exit 1
    fi
    ;;
esac
# Smoke test where the binary can run on this runner (x86_64 macOS binaries are built on arm64).
if [[ "$target" != x86_64-apple-darwin ]]; then
  "dist/comply-$target$exe" --version
fi
