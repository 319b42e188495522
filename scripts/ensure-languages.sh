#!/usr/bin/env bash
# Makes the other Pulumi languages available in .tools, next to the engine (scripts/ensure-engine.sh):
#
# - pulumi-language-yaml, the YAML language host, so that YAML projects run with the real CLI
#   (`pulumi up`, `preview`, `refresh`, `import`, `destroy` in a project folder). One already on PATH
#   is used as it is; otherwise it is built once from the Go module proxy at the version pinned in
#   tools/yaml/go.mod (about 2 minutes cold, seconds with a warm Go cache) and reused afterwards.
# - .tools/python, a virtual environment with Pulumi's Python SDK and what the generated SDK in
#   sdk/python imports (tools/python/requirements.txt), and that SDK itself (an editable install, so
#   `make codegen` needs no reinstall), for Python programs run through Pulumi's Automation API.
#   Re-made when the requirements or the SDK's pyproject.toml change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"

# --- YAML language host -------------------------------------------------------------------------
version="$(awk '$1=="require" && $2=="github.com/pulumi/pulumi-yaml"{print $3}' "$root/tools/yaml/go.mod")"
stamp="$bin/.pulumi-language-yaml.version"
if [ -x "$bin/pulumi-language-yaml" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
  :
else
  existing="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd:)" command -v pulumi-language-yaml || true)"
  if [ -n "$existing" ]; then
    echo "ensure-languages: using $existing"
    ln -sfn "$existing" "$bin/pulumi-language-yaml"
  else
    command -v go >/dev/null 2>&1 || {
      echo "ensure-languages: no 'pulumi-language-yaml' on PATH and no Go toolchain to build one." >&2
      echo "  Install the Pulumi CLI (it ships the YAML host) or Go >= 1.25, then re-run." >&2
      exit 1
    }
    echo "ensure-languages: building pulumi-language-yaml $version from the Go module proxy (first time only, ~2 min)..."
    start=$(date +%s)
    (
      cd "$root/tools/yaml"
      GOFLAGS=-mod=mod go build -o "$bin/pulumi-language-yaml.tmp" \
        -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$version" \
        github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
    )
    mv "$bin/pulumi-language-yaml.tmp" "$bin/pulumi-language-yaml"
    echo "ensure-languages: built pulumi-language-yaml $version in $(( $(date +%s) - start ))s"
  fi
  echo "$version" > "$stamp"
fi

# --- Python ---------------------------------------------------------------------------------------
venv="$root/.tools/python"
req="$root/tools/python/requirements.txt"
want="$(cat "$req" "$root/sdk/python/pyproject.toml")"
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.installed" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
python="$(command -v python3 || true)"
[ -n "$python" ] || { echo "ensure-languages: no python3 on PATH (Python 3.9 or later is needed)" >&2; exit 1; }
echo "ensure-languages: making the Python environment .tools/python ($("$python" --version))..."
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -e "$root/sdk/python"
printf '%s' "$want" > "$venv/.installed"
echo "ensure-languages: .tools/python has $("$venv/bin/python" -c 'import importlib.metadata as m; print(", ".join(p + " " + m.version(p) for p in ("pulumi", "pulumi_elevenlabs")))')"
