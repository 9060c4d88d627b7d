//! Reading files and parsing option values into the crate's types.

use std::io::Read;

use serde::de::DeserializeOwned;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use cbec_rules::{cst, Error, Money};

use crate::Failure;

/// Reads a whole file, or standard input for `-`.
pub fn read_text(path: &str) -> Result<String, Failure> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| Failure::Io(format!("cannot read standard input: {error}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|error| Failure::Io(format!("cannot read {path}: {error}")))
}

/// Reads and deserializes a JSON file; errors name the file and the field path.
pub fn read_json<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let text = read_text(path)?;
    cbec_rules::json::from_str(&text).map_err(|error| Failure::Input {
        source: display_path(path),
        error,
    })
}

/// Names a path in messages, with standard input spelled out.
pub fn display_path(path: &str) -> String {
    if path == "-" {
        "standard input".to_owned()
    } else {
        path.to_owned()
    }
}

/// Parses an option's value with the crate's own parser, naming the option on failure.
pub fn parse_option<T>(
    option: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, Error>,
) -> Result<T, Failure> {
    parse(value).map_err(|error| Failure::Input {
        source: format!("--{option}"),
        error,
    })
}

/// Parses an amount option such as `--used 12345.67`.
pub fn money(option: &str, value: Option<&str>) -> Result<Money, Failure> {
    match value {
        None => Ok(Money::ZERO),
        Some(text) => parse_option(option, text, str::parse),
    }
}

/// Parses `YYYY-MM-DD` (the start of that day in CST) or an RFC 3339 instant.
pub fn instant(option: &str, value: &str) -> Result<OffsetDateTime, Failure> {
    if let Ok(instant) = OffsetDateTime::parse(value, &Rfc3339) {
        return Ok(instant);
    }
    date(option, value).map(cst::start_of_day)
}

/// Parses `YYYY-MM-DD`.
pub fn date(option: &str, value: &str) -> Result<Date, Failure> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]")).map_err(|_| {
        Failure::Usage(format!(
            "--{option} {value:?} is not a date: write YYYY-MM-DD (China Standard Time) or an RFC 3339 instant such as 2026-03-01T10:00:00+08:00"
        ))
    })
}

/// Returns `--today` as a date, or today's date in CST.
pub fn today(value: Option<&str>) -> Result<Date, Failure> {
    match value {
        Some(text) => date("today", text),
        None => Ok(cst::date(OffsetDateTime::now_utc())),
    }
}

/// Returns `--now` as an instant, or the current instant.
pub fn now(value: Option<&str>) -> Result<OffsetDateTime, Failure> {
    match value {
        Some(text) => instant("now", text),
        None => Ok(OffsetDateTime::now_utc()),
    }
}
