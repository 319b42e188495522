#!/usr/bin/env bash
# Makes the Pulumi engine (CLI) and the dynamic-provider plugin script available in .tools/bin.
#
# - A `pulumi` already on PATH (what real users have) is used as it is.
# - Otherwise the engine is built once from the Go module proxy at the version pinned in
#   tools/engine/go.mod (the official installers download prebuilt binaries, which cannot work on
#   machines that only reach package registries). Later runs reuse the binary.
# - The dynamic-provider plugin script ships inside @pulumi/pulumi; the engine looks for it on PATH
#   or next to the `pulumi` binary, so it is linked into .tools/bin.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"

plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$plugin" ] || { echo "ensure-engine: $plugin missing; run 'make setup' (npm ci) first" >&2; exit 1; }
ln -sfn "$plugin" "$bin/pulumi-resource-pulumi-nodejs"

if [ -x "$bin/pulumi" ]; then
  exit 0
fi

# A pulumi on PATH outside .tools/bin?
existing="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd:)" command -v pulumi || true)"
if [ -n "$existing" ] && "$existing" version >/dev/null 2>&1; then
  echo "ensure-engine: using $existing ($("$existing" version))"
  ln -sfn "$existing" "$bin/pulumi"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "ensure-engine: no 'pulumi' on PATH and no Go toolchain to build one." >&2
  echo "  Install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go >= 1.25, then re-run." >&2
  exit 1
}

version="$(awk '$1=="github.com/pulumi/pulumi/pkg/v3"{print $2}' "$root/tools/engine/go.mod")"
echo "ensure-engine: building the Pulumi engine $version from the Go module proxy (first time only, ~4 min)..."
start=$(date +%s)
(
  cd "$root/tools/engine"
  GOFLAGS=-mod=mod go build -o "$bin/pulumi.tmp" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
mv "$bin/pulumi.tmp" "$bin/pulumi"
echo "ensure-engine: built $("$bin/pulumi" version) in $(( $(date +%s) - start ))s"
