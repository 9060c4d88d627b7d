//! The return window of a released declaration list as the API reports it.
//!
//! The deadlines come from [`cbec_rules::returns::ReturnWindow`]: day 0 is the CST
//! release date, a return must be applied for by the end of day 30 and the goods must
//! be back by the end of day 45.

use cbec_rules::returns::{ReturnStatus, ReturnWindow};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::utc;

/// Status of a return window at the time of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WindowStatus {
    /// A return can be applied for, with more than the closing-soon period left.
    Open,
    /// A return can still be applied for, but the deadline is less than the
    /// rule set's closing-soon period (72 hours) away.
    Closing,
    /// The application deadline has passed.
    Closed,
}

/// Return deadlines of one released list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReturnWindowView {
    /// Last CST day on which a return may be applied for (release date + 30).
    #[schema(example = "2026-12-22")]
    pub apply_by: String,
    /// Last CST day on which the goods may arrive back (release date + 45).
    #[schema(example = "2027-01-06")]
    pub arrive_by: String,
    /// Status of the window.
    pub status: WindowStatus,
    /// First instant after the application deadline (00:00 CST of day 31), UTC.
    #[schema(example = "2026-12-22T16:00:00Z")]
    pub apply_deadline: String,
    /// First instant after the arrival deadline (00:00 CST of day 46), UTC.
    #[schema(example = "2027-01-06T16:00:00Z")]
    pub arrive_deadline: String,
}

impl ReturnWindowView {
    /// Describes the window of a list released at `released_at`, as seen at `now`, or
    /// returns `None` for a release before the CBEC rules began.
    pub fn new(released_at: OffsetDateTime, now: OffsetDateTime) -> Option<ReturnWindowView> {
        let window = ReturnWindow::after_release(released_at).ok()?;
        let status = match window.status(now) {
            ReturnStatus::Open { .. } => WindowStatus::Open,
            ReturnStatus::ClosingSoon { .. } => WindowStatus::Closing,
            ReturnStatus::Closed => WindowStatus::Closed,
        };
        Some(ReturnWindowView {
            apply_by: window.apply_by.to_string(),
            arrive_by: window.arrive_by.to_string(),
            status,
            apply_deadline: utc::format(window.apply_deadline),
            arrive_deadline: utc::format(window.arrive_deadline),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn deadlines_count_from_the_cst_release_date() {
        // 2026-03-01 20:00 UTC is already 2026-03-02 in CST.
        let view = ReturnWindowView::new(
            datetime!(2026-03-01 20:00 UTC),
            datetime!(2026-03-05 00:00 UTC),
        )
        .unwrap();
        assert_eq!(view.apply_by, "2026-04-01");
        assert_eq!(view.arrive_by, "2026-04-16");
        assert_eq!(view.apply_deadline, "2026-04-01T16:00:00Z");
        assert_eq!(view.status, WindowStatus::Open);
    }

    #[test]
    fn status_near_the_deadline() {
        let released = datetime!(2026-03-02 10:00 +08:00);
        let status_at = |now| ReturnWindowView::new(released, now).unwrap().status;
        assert_eq!(
            status_at(datetime!(2026-03-29 23:59 +08:00)),
            WindowStatus::Open
        );
        assert_eq!(
            status_at(datetime!(2026-03-30 00:00:01 +08:00)),
            WindowStatus::Closing
        );
        assert_eq!(
            status_at(datetime!(2026-04-01 23:59:59 +08:00)),
            WindowStatus::Closing
        );
        assert_eq!(
            status_at(datetime!(2026-04-02 00:00 +08:00)),
            WindowStatus::Closed
        );
    }
}
