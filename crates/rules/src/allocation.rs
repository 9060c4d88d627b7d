//! Allocation of order-level amounts (freight, insurance, reductions) to lines.
//!
//! An amount is split in proportion to the lines' goods values by the largest-remainder
//! method, in whole fen: every line first gets the floor of its exact share, then the
//! fen left over go one each to the lines with the largest remainders, ties going to the
//! earlier line. The parts therefore always add up to the whole, and no part differs from
//! its exact share by a fen or more.

use crate::{Error, Money};

/// Splits `total` over lines in proportion to `weights` (the lines' goods values).
///
/// When every weight is zero (free goods only), the amount is split equally. The result
/// has one part per weight, in the same order, and the parts sum to `total` exactly.
///
/// # Errors
///
/// [`Error::NoLines`] when `weights` is empty and `total` is not zero.
pub fn allocate(total: Money, weights: &[Money]) -> Result<Vec<Money>, Error> {
    if weights.is_empty() {
        return if total.is_zero() { Ok(Vec::new()) } else { Err(Error::NoLines) };
    }

    let total_fen = i128::from(total.to_fen());
    let mut weight_fen: Vec<i128> = weights.iter().map(|w| i128::from(w.to_fen())).collect();
    if weight_fen.iter().all(|&w| w == 0) {
        weight_fen.fill(1);
    }
    let weight_sum: i128 = weight_fen.iter().sum();

    // Floors of the exact shares, and the remainders that rank the lines for the
    // fen left over.
    let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (index, &weight) in weight_fen.iter().enumerate() {
        let product = total_fen * weight;
        parts.push(product / weight_sum);
        remainders.push((product % weight_sum, index));
    }

    let assigned: i128 = parts.iter().sum();
    let left_over = usize::try_from(total_fen - assigned).expect("fewer fen left over than lines");
    if left_over > 0 {
        // Largest remainder first; equal remainders in line order.
        remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, index) in &remainders[..left_over] {
            parts[index] += 1;
        }
    }

    parts
        .into_iter()
        .map(|fen| Money::from_fen(i64::try_from(fen).expect("a part is at most the total")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    fn texts(parts: &[Money]) -> Vec<String> {
        parts.iter().map(Money::to_string).collect()
    }

    #[test]
    fn splits_in_proportion() {
        let parts = allocate(money("10"), &[money("100"), money("300")]).unwrap();
        assert_eq!(texts(&parts), ["2.50", "7.50"]);
    }

    #[test]
    fn largest_remainder_gets_the_odd_fen() {
        // 0.10 over weights 1:1:1 gives 3.33… fen each; the first line wins the tie.
        let parts = allocate(money("0.10"), &[money("1"), money("1"), money("1")]).unwrap();
        assert_eq!(texts(&parts), ["0.04", "0.03", "0.03"]);

        // 1.00 over 1:2:3 gives 16.67, 33.33, 50.00 fen.
        let parts = allocate(money("1.00"), &[money("1"), money("2"), money("3")]).unwrap();
        assert_eq!(texts(&parts), ["0.17", "0.33", "0.50"]);
    }

    #[test]
    fn zero_weights_split_equally() {
        let parts = allocate(money("0.05"), &[Money::ZERO, Money::ZERO]).unwrap();
        assert_eq!(texts(&parts), ["0.03", "0.02"]);
    }

    #[test]
    fn empty_weights() {
        assert_eq!(allocate(Money::ZERO, &[]).unwrap(), Vec::<Money>::new());
        assert_eq!(allocate(money("1"), &[]), Err(Error::NoLines));
    }
}
