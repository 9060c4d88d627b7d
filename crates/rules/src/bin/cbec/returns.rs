//! `cbec returns`: return deadlines of a released list and its status now.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use cbec_rules::returns::{ReturnStatus, ReturnWindow};

use crate::args::Args;
use crate::input;
use crate::{Answer, Failure, Format};

#[derive(Serialize)]
struct ReturnsAnswer {
    #[serde(flatten)]
    window: ReturnWindow,
    #[serde(with = "time::serde::rfc3339")]
    now: OffsetDateTime,
    #[serde(flatten)]
    status: ReturnStatus,
    /// Whether goods sent back now would still arrive in time, if they arrived now.
    arrival_open: bool,
}

/// `cbec returns --released-at DATE|INSTANT [--now DATE|INSTANT]`.
///
/// A closed window is reported with exit 0: it is a status, not a rule breach.
pub fn returns(arguments: &[String]) -> Result<Answer, Failure> {
    let args = Args::parse(arguments, &["released-at", "now", "format"], &[])?;
    let format = Format::from_args(&args)?;
    args.expect_positionals(
        0..=0,
        "cbec returns --released-at DATE|INSTANT [--now DATE|INSTANT]",
    )?;

    let released = args
        .value("released-at")
        .ok_or_else(|| Failure::Usage("--released-at is missing: give the list's release date, such as --released-at 2026-11-20".to_owned()))?;
    let released_at = input::instant("released-at", released)?;
    let now = input::now(args.value("now"))?;

    let window = ReturnWindow::after_release(released_at).map_err(|error| Failure::Input {
        source: "--released-at".to_owned(),
        error,
    })?;
    let answer = ReturnsAnswer {
        status: window.status(now),
        arrival_open: window.arrival_in_time(now),
        window,
        now,
    };

    let text = || {
        let rfc3339 = |instant: OffsetDateTime| instant.format(&Rfc3339).unwrap_or_default();
        let status = match answer.status {
            ReturnStatus::Open { days_left } => {
                format!("OPEN, {days_left} day(s) left after today")
            }
            ReturnStatus::ClosingSoon { hours_left } => {
                format!("CLOSING SOON, {hours_left} hour(s) left")
            }
            ReturnStatus::Closed => "CLOSED".to_owned(),
        };
        format!(
            "released {released}\napply for a return by the end of {apply_by} (CST)\ngoods back by the end of {arrive_by} (CST)\nstatus at {now}: {status}\n",
            released = rfc3339(answer.window.released_at),
            apply_by = answer.window.apply_by,
            arrive_by = answer.window.arrive_by,
            now = rfc3339(answer.now),
        )
    };
    Ok(Answer::new(format, &answer, text, false))
}
