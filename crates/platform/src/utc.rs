//! The time format stored and sent: UTC, whole seconds, `2026-12-04T20:40:00Z`.
//!
//! CST calendar days and years (quota years, return days) come from
//! [`cbec_rules::cst`].

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// Formats an instant in the stored form.
///
/// Sub-second digits are dropped, because the database compares the text and needs
/// one fixed width.
pub fn format(instant: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    instant
        .to_offset(UtcOffset::UTC)
        .format(format)
        .expect("a UTC date between years 0 and 9999 always formats")
}

/// Parses an RFC 3339 time with any offset (`2026-03-08T10:15:00+08:00` or `…Z`).
///
/// # Errors
///
/// Returns the parser's error for anything that is not RFC 3339.
pub fn parse(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn format_is_fixed_width_utc() {
        assert_eq!(
            format(datetime!(2026-03-08 10:15:00.75 +08:00)),
            "2026-03-08T02:15:00Z"
        );
        assert_eq!(
            format(datetime!(2026-01-01 00:00 +08:00)),
            "2025-12-31T16:00:00Z"
        );
    }

    #[test]
    fn parses_any_offset() {
        assert_eq!(
            parse("2026-03-08T02:15:00Z").unwrap(),
            datetime!(2026-03-08 02:15:00 UTC)
        );
        assert_eq!(
            parse(" 2026-03-08T10:15:00+08:00 ").unwrap(),
            datetime!(2026-03-08 02:15:00 UTC)
        );
        assert!(parse("2026-03-08 10:15").is_err());
    }
}
