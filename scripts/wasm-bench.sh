#!/usr/bin/env bash
# Times cbec-rules' evaluate() on the 50-line benchmark cart compiled to wasm, in
# headless Chromium. Builds with the release profile the web app ships with.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

cargo build --release --locked --target wasm32-unknown-unknown -p cbec-rules-wasm-bench
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
out=target/wasm-bench
wasm-bindgen --target web --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/release/cbec_rules_wasm_bench.wasm"
node scripts/wasm-bench.mjs "$out"
