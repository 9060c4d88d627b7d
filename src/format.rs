//! Display formatting of amounts, shares and times.
//!
//! Everything here is for display only: amounts are parsed by `cbec_rules::Money`,
//! which rejects the thousands separators added here.

use cbec_rules::Money;
use rust_decimal::{Decimal, RoundingStrategy};
use time::{OffsetDateTime, UtcOffset};

use crate::i18n::*;
use crate::text::fill;

/// China Standard Time, UTC+8 all year (no daylight saving time).
pub const CST: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// Formats an amount with two decimals and a comma between groups of three digits,
/// such as `1,234,567.80`. The currency sign or unit comes from the locale files.
pub fn group_thousands(amount: Money) -> String {
    let plain = amount.to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));

    let mut grouped = String::with_capacity(plain.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }

    grouped.push('.');
    grouped.push_str(fraction);
    grouped
}

/// Formats an amount for `locale` with its currency sign or unit: `¥1,234.56` in en,
/// `1,234.56 元` in zh-CN.
pub fn money_text(locale: Locale, amount: Money) -> String {
    fill(
        td_string!(locale, money),
        &[("amount", &group_thousands(amount))],
    )
}

/// Formats an instant as [`cst_minute`] with the time zone named for `locale`.
pub fn cst_time_text(locale: Locale, instant: OffsetDateTime) -> String {
    fill(
        td_string!(locale, time_cst),
        &[("time", &cst_minute(instant))],
    )
}

/// Returns `part` as a percentage of `whole`, rounded half-up to one decimal and
/// clamped to 0–100 so that a gauge never overflows. A zero `whole` gives 0.
pub fn percent_of(part: Money, whole: Money) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }

    let share = part.as_decimal() * Decimal::ONE_HUNDRED / whole.as_decimal();
    share
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
        .normalize()
}

/// Formats an instant as a date and minute in China Standard Time: `2026-12-05 04:40`.
pub fn cst_minute(instant: OffsetDateTime) -> String {
    let local = instant.to_offset(CST);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// Returns the calendar year of an instant in China Standard Time, the year a
/// declaration counts in.
pub fn cst_year(instant: OffsetDateTime) -> i32 {
    instant.to_offset(CST).year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn money(text: &str) -> Money {
        text.parse().expect("test amount is valid")
    }

    #[test]
    fn groups_thousands() {
        let cases = [
            ("0", "0.00"),
            ("7.5", "7.50"),
            ("999.99", "999.99"),
            ("1000", "1,000.00"),
            ("14236.48", "14,236.48"),
            ("123456.7", "123,456.70"),
            ("1234567.8", "1,234,567.80"),
            ("9999999999.99", "9,999,999,999.99"),
        ];
        for (input, expected) in cases {
            assert_eq!(group_thousands(money(input)), expected, "amount {input}");
        }
    }

    #[test]
    fn grouped_output_is_not_parsed_back() {
        // The separators are for display: typing them back into a field must fail.
        assert!(group_thousands(money("1234.5")).parse::<Money>().is_err());
    }

    #[test]
    fn money_text_per_locale() {
        assert_eq!(money_text(Locale::zh_CN, money("1234.56")), "1,234.56 元");
        assert_eq!(money_text(Locale::en, money("1234.56")), "¥1,234.56");
        assert_eq!(money_text(Locale::en, money("0")), "¥0.00");
    }

    #[test]
    fn percent_rounds_and_clamps() {
        assert_eq!(
            percent_of(money("14236.48"), money("26000")).to_string(),
            "54.8"
        );
        assert_eq!(percent_of(money("13000"), money("26000")).to_string(), "50");
        assert_eq!(percent_of(money("0"), money("26000")).to_string(), "0");
        assert_eq!(
            percent_of(money("30000"), money("26000")).to_string(),
            "100"
        );
        assert_eq!(percent_of(money("5"), money("0")).to_string(), "0");
        // 0.05 % rounds half-up to 0.1 %.
        assert_eq!(percent_of(money("13"), money("26000")).to_string(), "0.1");
    }

    #[test]
    fn times_shown_in_cst() {
        let instant = datetime!(2026-12-04 20:40:00 UTC);
        assert_eq!(cst_minute(instant), "2026-12-05 04:40");
        assert_eq!(cst_year(instant), 2026);
        assert_eq!(cst_year(datetime!(2026-12-31 16:00:00 UTC)), 2027);
        assert_eq!(cst_year(datetime!(2026-12-31 15:59:59 UTC)), 2026);
    }
}
