//! Amounts in yuan (CNY), exact to the fen.

use std::fmt;
use std::iter::Sum;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A non-negative amount of Chinese yuan, exact to the fen (0.01).
///
/// `Money` is what declarations, prices and tax figures are made of. Parsing accepts
/// at most two decimals and rejects negative, empty, non-numeric and too-large input, so
/// a value of this type is always a valid declared amount. Statutory computations that
/// need more precision work on [`Decimal`] and come back through
/// [`Money::round_half_up`].
///
/// Serialized as a string with two decimals (`"128.50"`) so that no JSON parser turns it
/// into a binary float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// The largest accepted amount, 9,999,999,999.99 yuan. Far above any CBEC limit, it
    /// keeps sums of many lines and their fen counts inside `i64`.
    pub const MAX: Money = Money(Decimal::from_parts(3_567_587_327, 232, 0, false, 2));

    /// Builds an amount from a whole number of fen.
    ///
    /// # Errors
    ///
    /// [`Error::NegativeAmount`] below zero, [`Error::AmountOutOfRange`] above
    /// [`Money::MAX`].
    pub fn from_fen(fen: i64) -> Result<Money, Error> {
        // Checked on the integer, because this is the hot path of allocation and tax.
        let value = Decimal::new(fen, 2);
        if fen < 0 {
            return Err(Error::NegativeAmount {
                input: value.to_string(),
            });
        }
        if fen > Money::MAX.to_fen() {
            return Err(Error::AmountOutOfRange {
                input: value.to_string(),
            });
        }
        Ok(Money(value))
    }

    /// Builds an amount from a fen count the caller has already checked to be within
    /// 0 ..= `Money::MAX`, without returning a `Result`; for the crate's hot loops.
    pub(crate) fn from_fen_in_range(fen: i64) -> Money {
        debug_assert!(
            (0..=Money::MAX.to_fen()).contains(&fen),
            "fen {fen} out of range"
        );
        Money(Decimal::new(fen, 2))
    }

    /// Returns the amount as a whole number of fen, as stored by the platform.
    pub fn to_fen(self) -> i64 {
        // The invariant (0 ≤ self ≤ MAX, scale 2) keeps the mantissa inside i64.
        i64::try_from(self.0.mantissa()).expect("Money stays below i64::MAX fen")
    }

    /// Builds an amount from whole yuan.
    ///
    /// # Errors
    ///
    /// As for [`Money::from_fen`].
    pub fn from_yuan(yuan: i64) -> Result<Money, Error> {
        Money::try_from_decimal(Decimal::from(yuan))
    }

    /// Rounds a statutory amount half-up (away from zero at .5) to the fen.
    ///
    /// # Errors
    ///
    /// [`Error::NegativeAmount`] or [`Error::AmountOverflow`] when the rounded value is
    /// out of range.
    pub fn round_half_up(value: Decimal) -> Result<Money, Error> {
        let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if rounded > Money::MAX.0 {
            return Err(Error::AmountOverflow);
        }
        Money::try_from_decimal(rounded)
    }

    /// Checks an exact decimal against the invariants without rounding.
    ///
    /// # Errors
    ///
    /// [`Error::TooManyDecimals`], [`Error::NegativeAmount`] or
    /// [`Error::AmountOutOfRange`].
    pub fn try_from_decimal(value: Decimal) -> Result<Money, Error> {
        let normalized = value.normalize();
        if normalized.scale() > 2 {
            return Err(Error::TooManyDecimals {
                input: value.to_string(),
            });
        }
        if normalized.is_sign_negative() && !normalized.is_zero() {
            return Err(Error::NegativeAmount {
                input: value.to_string(),
            });
        }
        if normalized > Money::MAX.0 {
            return Err(Error::AmountOutOfRange {
                input: value.to_string(),
            });
        }
        let mut fixed = normalized.abs();
        fixed.rescale(2);
        Ok(Money(fixed))
    }

    /// Returns the exact decimal value, always with two decimals.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// Returns `true` for zero yuan.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Adds two amounts.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn checked_add(self, other: Money) -> Result<Money, Error> {
        let sum = self.0 + other.0;
        if sum > Money::MAX.0 {
            return Err(Error::AmountOverflow);
        }
        Ok(Money(sum))
    }

    /// Subtracts `other`, or returns `None` when the result would be negative.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        (self.0 >= other.0).then(|| Money(self.0 - other.0))
    }

    /// Subtracts `other`, stopping at zero.
    pub fn saturating_sub(self, other: Money) -> Money {
        self.checked_sub(other).unwrap_or(Money::ZERO)
    }

    /// Multiplies a unit price by a quantity of pieces.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn checked_mul(self, quantity: u32) -> Result<Money, Error> {
        let product = self.0 * Decimal::from(quantity);
        if product > Money::MAX.0 {
            return Err(Error::AmountOverflow);
        }
        Ok(Money(product))
    }

    /// Sums amounts.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn checked_sum<I: IntoIterator<Item = Money>>(amounts: I) -> Result<Money, Error> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, Money::checked_add)
    }
}

impl FromStr for Money {
    type Err = Error;

    /// Parses `"128.5"`, `"128.50"` or `"128"`; surrounding spaces are ignored and a
    /// leading `+` is accepted. Thousands separators, exponents and currency signs are
    /// rejected as not a number.
    fn from_str(input: &str) -> Result<Money, Error> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::EmptyAmount);
        }
        let unsigned = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (unsigned, None),
        };
        let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let well_formed = digits_only(whole)
            && fraction.is_none_or(digits_only)
            && !(whole.is_empty() && fraction.is_none_or(str::is_empty));
        if !well_formed {
            return Err(Error::NotANumber {
                input: input.to_owned(),
            });
        }
        if trimmed.starts_with('-') && unsigned.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            return Err(Error::NegativeAmount {
                input: input.to_owned(),
            });
        }
        if fraction.is_some_and(|f| f.trim_end_matches('0').len() > 2) {
            return Err(Error::TooManyDecimals {
                input: input.to_owned(),
            });
        }
        // 28 significant digits is rust_decimal's limit; anything that long is far out of
        // range anyway, so report it as such rather than as a parse failure.
        let value = Decimal::from_str_exact(unsigned).map_err(|_| Error::AmountOutOfRange {
            input: input.to_owned(),
        })?;
        if value > Money::MAX.0 {
            return Err(Error::AmountOutOfRange {
                input: input.to_owned(),
            });
        }
        Money::try_from_decimal(value)
    }
}

impl fmt::Display for Money {
    /// Writes the amount with exactly two decimals and no separators: `1234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Sum for Money {
    /// Sums amounts.
    ///
    /// # Panics
    ///
    /// Panics when the sum exceeds [`Money::MAX`]; use [`Money::checked_sum`] on
    /// untrusted input.
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money::checked_sum(iter).expect("sum of amounts exceeds Money::MAX")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Result<Money, Error> {
        input.parse()
    }

    #[test]
    fn parses_plain_amounts() {
        assert_eq!(parse("128.5").unwrap().to_string(), "128.50");
        assert_eq!(parse("128.50").unwrap().to_fen(), 12850);
        assert_eq!(parse(" 7 ").unwrap().to_string(), "7.00");
        assert_eq!(parse(".5").unwrap().to_string(), "0.50");
        assert_eq!(parse("5.").unwrap().to_string(), "5.00");
        assert_eq!(parse("0.100").unwrap().to_string(), "0.10");
        assert_eq!(parse("-0").unwrap(), Money::ZERO);
    }

    #[test]
    fn rejects_bad_amounts() {
        assert_eq!(parse(""), Err(Error::EmptyAmount));
        assert_eq!(parse("   "), Err(Error::EmptyAmount));
        assert!(matches!(parse("abc"), Err(Error::NotANumber { .. })));
        assert!(matches!(parse("1,000"), Err(Error::NotANumber { .. })));
        assert!(matches!(parse("1e3"), Err(Error::NotANumber { .. })));
        assert!(matches!(parse("."), Err(Error::NotANumber { .. })));
        assert!(matches!(parse("¥5"), Err(Error::NotANumber { .. })));
        assert!(matches!(parse("-1"), Err(Error::NegativeAmount { .. })));
        assert!(matches!(parse("1.001"), Err(Error::TooManyDecimals { .. })));
        assert!(matches!(
            parse("10000000000"),
            Err(Error::AmountOutOfRange { .. })
        ));
        assert!(matches!(
            parse("99999999999999999999999999999999999"),
            Err(Error::AmountOutOfRange { .. })
        ));
    }

    #[test]
    fn max_is_ten_billion_less_one_fen() {
        assert_eq!(Money::MAX.to_string(), "9999999999.99");
        assert_eq!(parse("9999999999.99").unwrap(), Money::MAX);
    }

    #[test]
    fn rounds_half_up_to_the_fen() {
        let cases = [
            ("10.005", "10.01"),
            ("10.0049", "10.00"),
            ("53.6550", "53.66"),
            ("0", "0.00"),
        ];
        for (input, expected) in cases {
            let rounded = Money::round_half_up(Decimal::from_str_exact(input).unwrap()).unwrap();
            assert_eq!(rounded.to_string(), expected, "rounding {input}");
        }
    }

    #[test]
    fn serializes_as_string() {
        let amount = parse("5000").unwrap();
        assert_eq!(serde_json::to_string(&amount).unwrap(), "\"5000.00\"");
        let back: Money = serde_json::from_str("\"5000.00\"").unwrap();
        assert_eq!(back, amount);
        assert!(serde_json::from_str::<Money>("5000.0").is_err());
        assert!(serde_json::from_str::<Money>("\"5000.001\"").is_err());
    }

    #[test]
    fn arithmetic_stays_in_range() {
        let one = parse("0.01").unwrap();
        assert_eq!(Money::MAX.checked_add(one), Err(Error::AmountOverflow));
        assert_eq!(Money::ZERO.checked_sub(one), None);
        assert_eq!(Money::ZERO.saturating_sub(one), Money::ZERO);
        assert_eq!(
            parse("12.34").unwrap().checked_mul(3).unwrap().to_string(),
            "37.02"
        );
        assert_eq!(
            Money::from_fen(-1),
            Err(Error::NegativeAmount {
                input: "-0.01".into()
            })
        );
    }

    #[test]
    fn field_path_joins_outside_in() {
        let error = Error::EmptyAmount.at("unit_price").at("lines[2]");
        assert_eq!(error.field(), Some("lines[2].unit_price"));
        assert_eq!(error.code(), "amount.empty");
        let indexed = Error::EmptyAmount.at("[0]").at("lines");
        assert_eq!(indexed.field(), Some("lines[0]"));
    }
}
