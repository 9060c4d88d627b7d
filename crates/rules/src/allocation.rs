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
        return if total.is_zero() {
            Ok(Vec::new())
        } else {
            Err(Error::NoLines)
        };
    }
    let weights: Vec<i64> = weights.iter().map(|weight| weight.to_fen()).collect();
    allocate_fen(total.to_fen(), &weights)
        .into_iter()
        .map(Money::from_fen)
        .collect()
}

/// Splits `total` fen over non-empty `weights` (in fen), as [`allocate`] does.
pub(crate) fn allocate_fen(total: i64, weights: &[i64]) -> Vec<i64> {
    if total == 0 {
        return vec![0; weights.len()];
    }
    let total = i128::from(total);
    let all_zero = weights.iter().all(|&w| w == 0);
    let weight_of = |w: i64| if all_zero { 1 } else { i128::from(w) };
    let weight_sum: i128 = weights.iter().map(|&w| weight_of(w)).sum();

    // Floors of the exact shares, and the remainders that rank the lines for the
    // fen left over.
    let mut parts: Vec<i64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    let mut assigned: i128 = 0;
    let small_sum = i64::try_from(weight_sum).ok();
    for (index, &weight) in weights.iter().enumerate() {
        let product = total * weight_of(weight);
        // A 64-bit division is several times faster than a 128-bit one and covers
        // every realistic order; the quotient and remainder are the same.
        let (floor, remainder) = match (i64::try_from(product), small_sum) {
            (Ok(product), Some(sum)) => (i128::from(product / sum), i128::from(product % sum)),
            _ => (product / weight_sum, product % weight_sum),
        };
        assigned += floor;
        parts.push(i64::try_from(floor).expect("a part is at most the total"));
        remainders.push((remainder, index));
    }

    let left_over = usize::try_from(total - assigned).expect("fewer fen left over than lines");
    if left_over > 0 {
        // Largest remainder first; equal remainders in line order. Only the first
        // `left_over` places matter, so a partial selection is enough.
        let by_rank = |a: &(i128, usize), b: &(i128, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if left_over < remainders.len() {
            remainders.select_nth_unstable_by(left_over - 1, by_rank);
        }
        for &(_, index) in &remainders[..left_over] {
            parts[index] += 1;
        }
    }
    parts
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
