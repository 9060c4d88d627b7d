//! Returns (退货) and cancellation (撤销): the windows after release, and the shopper's
//! annual used amount once returns and cancellations are taken out.
//!
//! Day 0 is the CST date of the list's release. A return must be applied for by the
//! end of day 30, and the goods must be back at the customs site by the end of day 45.
//! Both figures come from the rule set in force at the release time. Returned lines
//! give their dutiable value back to the annual quota; a cancelled list (cancelled
//! before release) and a rejected list never count.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

use crate::{cst, Error, Money, RuleSet};

/// The return deadlines of one released list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReturnWindow {
    /// When customs released the list.
    #[serde(with = "time::serde::rfc3339")]
    pub released_at: OffsetDateTime,
    /// The last CST day to apply for a return (release date + 30).
    #[serde(with = "cst::date_serde")]
    pub apply_by: Date,
    /// The last CST day for the goods to arrive back (release date + 45).
    #[serde(with = "cst::date_serde")]
    pub arrive_by: Date,
    /// The first instant after the application deadline (00:00 CST of day 31).
    #[serde(with = "time::serde::rfc3339")]
    pub apply_deadline: OffsetDateTime,
    /// The first instant after the arrival deadline (00:00 CST of day 46).
    #[serde(with = "time::serde::rfc3339")]
    pub arrive_deadline: OffsetDateTime,
    /// Hours before the application deadline from which the window shows as closing.
    pub closing_soon_hours: u16,
}

/// The state of a list's return window at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReturnStatus {
    /// A return can be applied for; more than the closing-soon period is left.
    Open {
        /// Whole CST days left after today until the application deadline.
        days_left: i64,
    },
    /// A return can still be applied for, but the deadline is less than the
    /// closing-soon period (72 hours) away.
    ClosingSoon {
        /// Whole hours left, rounded down.
        hours_left: i64,
    },
    /// The application deadline has passed.
    Closed,
}

impl ReturnWindow {
    /// Computes the return deadlines of a list released at `released_at`.
    ///
    /// # Errors
    ///
    /// [`Error::RuleSetBefore2016`] for a release before 2016-04-08 CST.
    pub fn after_release(released_at: OffsetDateTime) -> Result<ReturnWindow, Error> {
        let rules = RuleSet::at(released_at)?;
        let release_date = cst::date(released_at);
        let apply_by = release_date + Duration::days(i64::from(rules.returns.apply_days));
        let arrive_by = release_date + Duration::days(i64::from(rules.returns.arrive_days));
        Ok(ReturnWindow {
            released_at,
            apply_by,
            arrive_by,
            apply_deadline: cst::end_of_day_exclusive(apply_by),
            arrive_deadline: cst::end_of_day_exclusive(arrive_by),
            closing_soon_hours: rules.returns.closing_soon_hours,
        })
    }

    /// Returns the status of the application window at `now`.
    pub fn status(&self, now: OffsetDateTime) -> ReturnStatus {
        if now >= self.apply_deadline {
            return ReturnStatus::Closed;
        }
        let left = self.apply_deadline - now;
        if left < Duration::hours(i64::from(self.closing_soon_hours)) {
            return ReturnStatus::ClosingSoon {
                hours_left: left.whole_hours(),
            };
        }
        let days_left = (self.apply_by - cst::date(now)).whole_days();
        ReturnStatus::Open { days_left }
    }

    /// Returns whether goods arriving back at `arrived_at` are in time.
    pub fn arrival_in_time(&self, arrived_at: OffsetDateTime) -> bool {
        arrived_at < self.arrive_deadline
    }
}

/// The state of a declaration list as the platform records it, from customs' receipts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// Declared and awaiting customs (receipt 120, 300, 500, 501–503, 599, 600): it
    /// counts, because customs checks the quota when the list is declared.
    Pending,
    /// Released (800) or closed after release (899): it counts.
    Released,
    /// Rejected (100): never counts.
    Rejected,
    /// Cancelled before release (撤销申请单, CEB623): never counts.
    Cancelled,
    /// Shipped back abroad (700) instead of entering: never counts.
    ShippedBack,
}

impl ListStatus {
    /// Returns whether lists in this status count toward the annual total.
    pub fn counts(self) -> bool {
        matches!(self, ListStatus::Pending | ListStatus::Released)
    }
}

/// One declaration list in a shopper's history, as the annual total needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRecord {
    /// When the list was declared; its CST year is the quota year.
    #[serde(with = "time::serde::rfc3339")]
    pub declared_at: OffsetDateTime,
    /// The list's state.
    pub status: ListStatus,
    /// The dutiable value of each line, in line order (from the evaluation).
    pub line_values: Vec<Money>,
    /// 0-based indexes of lines returned within the windows; their value no longer
    /// counts.
    #[serde(default)]
    pub returned_lines: Vec<usize>,
}

impl ListRecord {
    /// Returns the amount this list adds to its year's total: the dutiable value of its
    /// lines not returned, or zero when the list does not count.
    ///
    /// # Errors
    ///
    /// [`Error::ReturnedLineUnknown`] or [`Error::ReturnedLineTwice`] for a bad
    /// returned-line index, [`Error::ReturnWithoutRelease`] for returns on a list that
    /// was not released, [`Error::AmountOverflow`] above [`Money::MAX`]; each with its
    /// field path.
    pub fn counted_value(&self) -> Result<Money, Error> {
        let lines = self.line_values.len();
        let mut returned = vec![false; lines];
        for (position, &line) in self.returned_lines.iter().enumerate() {
            let at = || format!("returned_lines[{position}]");
            if line >= lines {
                return Err(Error::ReturnedLineUnknown { line, lines }.at(at()));
            }
            if returned[line] {
                return Err(Error::ReturnedLineTwice { line }.at(at()));
            }
            returned[line] = true;
        }
        if !self.returned_lines.is_empty() && self.status != ListStatus::Released {
            return Err(Error::ReturnWithoutRelease.at("returned_lines"));
        }
        if !self.status.counts() {
            return Ok(Money::ZERO);
        }

        let kept_values = self
            .line_values
            .iter()
            .zip(&returned)
            .filter(|(_, &gone)| !gone)
            .map(|(value, _)| *value);
        Money::checked_sum(kept_values).map_err(|e| e.at("line_values"))
    }
}

/// Returns the dutiable value of `count` pieces of a line worth `line_value` over
/// `quantity` pieces, after `before` of its pieces were returned already; `None` when
/// `before + count` exceeds `quantity`.
///
/// The first `n` pieces of a line are worth `floor(n × line_value / quantity)`, in fen.
/// So a piece is worth the floor or the ceiling of the average, the pieces add up to
/// the line's value exactly, and partial returns add up to the same sum in any order:
/// three pieces worth 100.00 give 33.33, 33.33 and 33.34.
pub fn pieces_value(line_value: Money, quantity: u32, before: u32, count: u32) -> Option<Money> {
    let returned_after = before.checked_add(count)?;
    if quantity == 0 || returned_after > quantity {
        return None;
    }
    let line_fen = i128::from(line_value.to_fen());
    let first = |pieces: u32| line_fen * i128::from(pieces) / i128::from(quantity);
    let fen = i64::try_from(first(returned_after) - first(before)).ok()?;
    Money::from_fen(fen).ok()
}

/// Computes a shopper's used amount in a CST calendar year from their lists.
///
/// Lists declared in other years are skipped; returned lines, cancelled, rejected and
/// shipped-back lists do not count.
///
/// # Errors
///
/// As for [`ListRecord::counted_value`], with the path `[index]` of the bad record.
pub fn annual_used(records: &[ListRecord], year: i32) -> Result<Money, Error> {
    let mut total = Money::ZERO;
    for (index, record) in records.iter().enumerate() {
        if cst::year(record.declared_at) != year {
            continue;
        }
        let value = record
            .counted_value()
            .map_err(|e| e.at(format!("[{index}]")))?;
        total = total
            .checked_add(value)
            .map_err(|e| e.at(format!("[{index}]")))?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn pieces_add_up_to_the_line() {
        let fen = |value: i64| Money::from_fen(value).unwrap();
        let thirds = [0, 1, 2].map(|before| pieces_value(fen(10_000), 3, before, 1).unwrap());
        assert_eq!(thirds, [fen(3_333), fen(3_333), fen(3_334)]);
        for (line_fen, quantity) in [
            (1, 3),
            (90_744, 1),
            (37_900, 2),
            (161_280, 6),
            (999_999_999_999, 7),
        ] {
            let one_by_one: i64 = (0..quantity)
                .map(|before| {
                    pieces_value(fen(line_fen), quantity, before, 1)
                        .unwrap()
                        .to_fen()
                })
                .sum();
            assert_eq!(
                one_by_one, line_fen,
                "line {line_fen} fen over {quantity} pieces"
            );
            assert_eq!(
                pieces_value(fen(line_fen), quantity, 0, quantity),
                Some(fen(line_fen))
            );
        }
    }

    #[test]
    fn split_piece_returns_equal_one_return() {
        let line = Money::from_fen(161_280).unwrap();
        let split = pieces_value(line, 6, 0, 2)
            .unwrap()
            .checked_add(pieces_value(line, 6, 2, 3).unwrap())
            .unwrap();
        assert_eq!(Some(split), pieces_value(line, 6, 0, 5));
    }

    #[test]
    fn pieces_beyond_the_line_are_none() {
        let line = Money::from_fen(10_000).unwrap();
        assert_eq!(pieces_value(line, 3, 2, 2), None);
        assert_eq!(pieces_value(line, 0, 0, 0), None);
        assert_eq!(pieces_value(line, 3, u32::MAX, 1), None);
    }

    #[test]
    fn day_30_and_day_31() {
        let window = ReturnWindow::after_release(datetime!(2026-03-01 22:00 +08:00)).unwrap();
        assert_eq!(window.apply_by.to_string(), "2026-03-31");
        assert_eq!(window.arrive_by.to_string(), "2026-04-15");
        assert_eq!(
            window.status(datetime!(2026-03-31 23:59:59 +08:00)),
            ReturnStatus::ClosingSoon { hours_left: 0 }
        );
        assert_eq!(
            window.status(datetime!(2026-04-01 00:00 +08:00)),
            ReturnStatus::Closed
        );
        assert_eq!(
            window.status(datetime!(2026-03-02 09:00 +08:00)),
            ReturnStatus::Open { days_left: 29 }
        );
    }

    #[test]
    fn release_date_is_cst() {
        // 2026-03-01 17:00 UTC is 2026-03-02 01:00 CST: day 0 is 2 March.
        let window = ReturnWindow::after_release(datetime!(2026-03-01 17:00 UTC)).unwrap();
        assert_eq!(window.apply_by.to_string(), "2026-04-01");
    }

    #[test]
    fn closing_soon_starts_72_hours_before() {
        let window = ReturnWindow::after_release(datetime!(2026-03-01 12:00 +08:00)).unwrap();
        assert_eq!(
            window.status(datetime!(2026-03-29 00:00 +08:00)),
            ReturnStatus::Open { days_left: 2 }
        );
        assert_eq!(
            window.status(datetime!(2026-03-29 00:00:01 +08:00)),
            ReturnStatus::ClosingSoon { hours_left: 71 }
        );
    }

    fn record(status: ListStatus, values: &[&str], returned: &[usize]) -> ListRecord {
        ListRecord {
            declared_at: datetime!(2026-02-01 10:00 +08:00),
            status,
            line_values: values.iter().map(|v| v.parse().unwrap()).collect(),
            returned_lines: returned.to_vec(),
        }
    }

    #[test]
    fn used_amount_skips_returns_and_cancellations() {
        let records = [
            record(ListStatus::Released, &["100.00", "250.50"], &[1]),
            record(ListStatus::Cancelled, &["999.00"], &[]),
            record(ListStatus::Rejected, &["500.00"], &[]),
            record(ListStatus::Pending, &["30.25"], &[]),
        ];
        assert_eq!(annual_used(&records, 2026).unwrap().to_string(), "130.25");
        assert_eq!(annual_used(&records, 2025).unwrap(), Money::ZERO);
    }

    #[test]
    fn bad_returned_lines_name_the_record() {
        let records = [
            record(ListStatus::Released, &["1.00"], &[]),
            record(ListStatus::Released, &["1.00"], &[3]),
        ];
        let error = annual_used(&records, 2026).unwrap_err();
        assert_eq!(error.field(), Some("[1].returned_lines[0]"));
        assert_eq!(error.code(), "returns.line_unknown");

        let twice = [record(ListStatus::Released, &["1.00", "2.00"], &[1, 1])];
        assert_eq!(
            annual_used(&twice, 2026).unwrap_err().code(),
            "returns.line_twice"
        );

        let pending = [record(ListStatus::Pending, &["1.00"], &[0])];
        assert_eq!(
            annual_used(&pending, 2026).unwrap_err().code(),
            "returns.not_released"
        );
    }
}
