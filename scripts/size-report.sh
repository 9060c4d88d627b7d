#!/usr/bin/env bash
# Prints the sizes of the built app's wasm and JS (raw, gzip -9, brotli -q 11) as a
# Markdown table and writes it to target/size-report.md. Run after `trunk build
# --release`; the figures are what a browser downloads with each encoding.
set -euo pipefail

dist=${1:-dist}
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js)
if [ ${#files[@]} -eq 0 ]; then
  echo "error: no .wasm or .js files in $dist/; build the app first with 'trunk build --release'" >&2
  exit 1
fi

report() {
  echo "| file | raw (bytes) | gzip -9 (bytes) | brotli -q 11 (bytes) |"
  echo "|---|---:|---:|---:|"
  for file in "${files[@]}"; do
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    br=$(brotli -q 11 -c "$file" | wc -c)
    printf '| %s | %d | %d | %d |\n' "$(basename "$file" | sed -E 's/-[0-9a-f]{16}(_bg)?\./\1./')" "$raw" "$gz" "$br"
  done
}

mkdir -p target
report | tee target/size-report.md
