#!/usr/bin/env bash
# Runs the cargo-fuzz targets of the rules crate, one after the other.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Defaults: 600 seconds for each of evaluate_json, three_documents_json and
# positive_list_csv. Not part of `make test`. cargo-fuzz needs nightly-only rustc flags
# (-Zsanitizer); on a stable toolchain RUSTC_BOOTSTRAP=1 enables them. Crashes are
# written to crates/rules/fuzz/artifacts/TARGET/.
set -euo pipefail

seconds="${1:-600}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(evaluate_json three_documents_json positive_list_csv)
fi

cd "$(dirname "$0")/../crates/rules/fuzz"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2
fi

export RUSTC_BOOTSTRAP=1
target_dir="${CARGO_TARGET_DIR:-target}"

for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
  echo "fuzzing $target for $seconds s"
  cargo fuzz run "$target" --target-dir "$target_dir" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=8192 -print_final_stats=1
done
