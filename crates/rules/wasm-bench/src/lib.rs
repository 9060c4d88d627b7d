//! The rules benchmark compiled to wasm: `scripts/wasm-bench.sh` loads this module in
//! headless Chromium and times [`evaluate_cart`] with `performance.now()`, so the
//! figure includes what the browser's wasm engine adds to the native one.

use std::hint::black_box;

use cbec_rules::{evaluate, Money};
use wasm_bindgen::prelude::wasm_bindgen;

#[path = "../../benches/fixtures/cart.rs"]
mod fixtures;

/// Evaluates the 50-line benchmark cart `iterations` times and returns how many of the
/// evaluations accepted it, so that the work cannot be optimised away and the caller
/// can check that every run took the common path.
#[wasm_bindgen]
pub fn evaluate_cart(iterations: u32) -> u32 {
    let list = fixtures::cart();
    let used = Money::from_fen(123_456).expect("a valid amount");
    let mut accepted = 0;
    for _ in 0..iterations {
        let evaluation = evaluate(black_box(&list), black_box(used)).expect("the cart is valid");
        accepted += u32::from(evaluation.accepted);
    }
    accepted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benchmark_cart_is_accepted() {
        assert_eq!(evaluate_cart(3), 3);
    }
}
