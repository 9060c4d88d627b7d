//! China Standard Time (CST, UTC+08:00, no daylight saving time).
//!
//! Customs counts the annual limit per calendar year and return windows per calendar
//! day, both in CST. Instants stay in UTC everywhere else; this module is the one place
//! that turns an instant into a CST date or year and back.

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The fixed offset of China Standard Time, +08:00.
pub const OFFSET: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("+08:00 is a valid offset"),
};

/// Returns the instant seen on a clock in China.
pub fn to_cst(instant: OffsetDateTime) -> OffsetDateTime {
    instant.to_offset(OFFSET)
}

/// Returns the calendar date in CST of an instant.
pub fn date(instant: OffsetDateTime) -> Date {
    to_cst(instant).date()
}

/// Returns the calendar year in CST of an instant, the year an order counts in.
pub fn year(instant: OffsetDateTime) -> i32 {
    to_cst(instant).year()
}

/// Returns 00:00:00 CST of a date as an instant.
pub fn start_of_day(date: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(OFFSET)
}

/// Returns the first instant after the end of a CST day (00:00 of the next day).
///
/// Deadlines "by the end of day N" are kept as this exclusive bound, so that an
/// instant is in time exactly when it is before the bound.
pub fn end_of_day_exclusive(date: Date) -> OffsetDateTime {
    start_of_day(date) + Duration::DAY
}

/// Returns 00:00:00 CST on 1 January of a year as an instant, or `None` for a year
/// outside the range of `time` (±9999).
pub fn start_of_year(year: i32) -> Option<OffsetDateTime> {
    Date::from_ordinal_date(year, 1).ok().map(start_of_day)
}

/// Serializes a CST calendar date as `YYYY-MM-DD`.
pub(crate) mod date_serde {
    use serde::Serializer;
    use time::macros::format_description;
    use time::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn utc_evening_is_next_cst_day() {
        let instant = datetime!(2025-12-31 16:00 UTC);
        assert_eq!(year(instant), 2026);
        assert_eq!(date(instant), time::macros::date!(2026 - 01 - 01));
        let before = datetime!(2025-12-31 15:59:59 UTC);
        assert_eq!(year(before), 2025);
    }

    #[test]
    fn day_bounds_are_in_cst() {
        let day = time::macros::date!(2026 - 03 - 01);
        assert_eq!(start_of_day(day), datetime!(2026-02-28 16:00 UTC));
        assert_eq!(end_of_day_exclusive(day), datetime!(2026-03-01 16:00 UTC));
        assert_eq!(start_of_year(2026), Some(datetime!(2025-12-31 16:00 UTC)));
    }
}
