#!/usr/bin/env bash
# Installs what building and testing cbec-check needs, skipping whatever is already
# installed at the right version, so it is safe to run before every build.
#
#   scripts/setup.sh run    tools to build the app and run the platform
#   scripts/setup.sh test   the same plus Chromium, its driver and PostgreSQL checks
#
# Everything comes from the package registries (crates.io, npm, Debian): trunk and
# the tools it calls are pinned so that it never downloads anything itself.
set -euo pipefail

purpose=${1:-run}
case "$purpose" in
  run | test) ;;
  *)
    echo "usage: scripts/setup.sh run|test" >&2
    exit 2
    ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

trunk_version=0.21.14
# The wasm-bindgen CLI must equal the library version in Cargo.lock exactly, or trunk
# tries to download its own copy.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

step() { printf '==> %s\n' "$*"; }

apt_updated=no
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: installing Debian packages ($*) needs root; run: sudo apt-get install -y $*" >&2
    exit 1
  fi
  if [ "$apt_updated" = no ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $trunk_version" ]; then
  step "installing trunk $trunk_version (about 6 minutes on 2 cores)"
  cargo install --locked trunk --version "$trunk_version"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  step "installing wasm-bindgen-cli $wasm_bindgen_version (about 2 minutes)"
  # --locked fails here: the CLI's own lockfile asks for a crate version the
  # registry no longer has.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132' \
  || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages (binaryen 132 for wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$purpose" = test ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  command -v pg_isready >/dev/null || missing+=(postgresql-client)
  # A CJK font, so that the browser tests' screenshots show the Chinese pages as text.
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi

  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    step "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    fi
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      pg_isready -q -h 127.0.0.1 -p 5432 && break
      sleep 1
    done
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
      echo "error: PostgreSQL is not answering on 127.0.0.1:5432; the platform's PostgreSQL tests need it (set CBEC_SKIP_POSTGRES=1 to run without them)" >&2
      [ "${CBEC_SKIP_POSTGRES:-0}" = 1 ] || exit 1
    fi
  fi
fi

# Trunk runs cargo offline, so every crate must already be in the local registry.
step "fetching crates"
cargo fetch --locked --quiet
