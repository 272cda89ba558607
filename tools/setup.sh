#!/usr/bin/env bash
# Installs what Letterbox needs to build and test, skipping every step that
# is already satisfied, so a warm machine is ready in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
SCHEMATHESIS_VERSION=4.32.5
MOTO_VERSION=5.2.1
say() { echo "setup: $*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The version of the wasm-bindgen crate in Cargo.lock: the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# rust-src: the release wasm rebuilds the standard library for size
# (tools/build-wasm.mjs).
for component in rustfmt clippy rust-src; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION$"; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WBG=$(wasm_bindgen_version)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG$"; then
  # Without --locked: the CLI's own lock pins a crate this registry lacks.
  say "installing wasm-bindgen-cli $WBG"
  cargo install wasm-bindgen-cli --version "$WBG" --force
fi

# The wasm splitter (tools/build-wasm.mjs): the same library cargo-leptos
# uses, as its command-line tool. Pinned with wasm-bindgen above: the
# splitter reads wasm-bindgen's internals, so each bump is re-tested.
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION"
  cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# A CJK font, so screenshots of the Chinese screens show characters, not
# boxes (tools/desk-screenshots.mjs; the tests find text, not pixels).
if ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then
  say "installing a CJK font (fonts-wqy-microhei)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq fonts-wqy-microhei >/dev/null
fi

# PostgreSQL (issue 13): the server tests run a second time against a
# throwaway cluster that tools/with-postgres.sh starts as the `postgres`
# user the package creates. The tests use its binaries, not its service.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing Debian's postgresql"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

# npm packages from the committed lockfile: binaryen (wasm-opt) and
# playwright-core. Never `npx playwright install`: it downloads a browser.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/lighthouse ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
# Schemathesis (make test-api) in a virtual environment of its own, pinned;
# nothing is installed into the system's Python.
if ! .venv-tools/bin/schemathesis --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION$"; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    say "installing Debian's python3-venv"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
  fi
  say "installing schemathesis $SCHEMATHESIS_VERSION into .venv-tools/"
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
# An S3-compatible server for the tests (tools/with-s3.sh): moto in server
# mode, pinned, in the same environment.
if ! .venv-tools/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null \
   || [ ! -x .venv-tools/bin/moto_server ]; then
  say "installing moto[server] $MOTO_VERSION into .venv-tools/"
  .venv-tools/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
say "ready"
