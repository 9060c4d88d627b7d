//! `cbec id` and `cbec list lookup`.

use serde::Serialize;
use time::Date;

use cbec_rules::identity::ResidentId;
use cbec_rules::positive_list::{
    eligibility, Condition, Eligibility, PositiveList, Status, TariffLine,
};
use cbec_rules::TradeMode;

use crate::args::Args;
use crate::input;
use crate::{Answer, Failure, Format};

/// The JSON answer of `cbec id`. The full number is never printed.
#[derive(Serialize)]
struct IdAnswer {
    valid: bool,
    masked: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    region_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", with = "optional_date")]
    birth_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorAnswer>,
}

/// An error as JSON: its stable code and English message.
#[derive(Serialize)]
pub struct ErrorAnswer {
    pub code: &'static str,
    pub message: String,
}

mod optional_date {
    use serde::Serializer;
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.collect_str(date),
            None => serializer.serialize_none(),
        }
    }
}

/// `cbec id NUMBER [--today DATE]`: validates a resident ID number.
pub fn id(arguments: &[String]) -> Result<Answer, Failure> {
    let args = Args::parse(arguments, &["today", "format"], &[])?;
    let format = Format::from_args(&args)?;
    let number = &args.expect_positionals(1..=1, "cbec id NUMBER [--today YYYY-MM-DD]")?[0];
    let today = input::today(args.value("today"))?;

    let masked = cbec_rules::identity::mask_id_number(number);
    let answer = match ResidentId::parse(number, today) {
        Ok(id) => IdAnswer {
            valid: true,
            masked: id.masked(),
            region_code: Some(id.region_code().to_owned()),
            birth_date: Some(id.birth_date()),
            error: None,
        },
        Err(error) => IdAnswer {
            valid: false,
            masked,
            region_code: None,
            birth_date: None,
            error: Some(ErrorAnswer {
                code: error.code(),
                message: error.to_string(),
            }),
        },
    };

    let breach = !answer.valid;
    let text = || match &answer.error {
        None => format!(
            "valid resident ID number {} (region {}, born {})\n",
            answer.masked,
            answer.region_code.as_deref().unwrap_or_default(),
            answer
                .birth_date
                .map(|date| date.to_string())
                .unwrap_or_default()
        ),
        Some(error) => format!(
            "invalid resident ID number {}: {} [{}]\n",
            answer.masked, error.message, error.code
        ),
    };
    Ok(Answer::new(format, &answer, text, breach))
}

/// Loads `--list FILE.csv` as a complete official table, or the shipped sample.
pub fn load_list(args: &Args) -> Result<std::borrow::Cow<'static, PositiveList>, Failure> {
    match args.value("list") {
        None => Ok(std::borrow::Cow::Borrowed(PositiveList::sample())),
        Some(path) => {
            let text = input::read_text(path)?;
            let version = args
                .value("list-version")
                .map_or_else(|| input::display_path(path), str::to_owned);
            let list = PositiveList::from_csv(&text, version).map_err(|error| Failure::Input {
                source: input::display_path(path),
                error,
            })?;
            Ok(std::borrow::Cow::Owned(list))
        }
    }
}

/// Parses `--mode`, defaulting to 1210.
pub fn trade_mode(args: &Args) -> Result<TradeMode, Failure> {
    input::parse_option("mode", args.value("mode").unwrap_or("1210"), str::parse)
}

/// `cbec list lookup CODE [--list FILE.csv] [--mode 1210|9610]`.
pub fn list_lookup(arguments: &[String]) -> Result<Answer, Failure> {
    let args = Args::parse(arguments, &["list", "list-version", "mode", "format"], &[])?;
    let format = Format::from_args(&args)?;
    let usage = "cbec list lookup CODE [--list TABLE.csv] [--mode 1210|9610]";
    let code = &args.expect_positionals(1..=1, usage)?[0];
    let mode = trade_mode(&args)?;
    let list = load_list(&args)?;

    // A 10-digit commodity code is looked up by its first 8 digits.
    let digits: String = code.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    let tariff_line = if digits.chars().count() == 10 {
        let hs_code = input::parse_option("code", code, str::parse::<cbec_rules::HsCode>)
            .map_err(|failure| rename_source(failure, "CODE"))?;
        TariffLine::from(hs_code)
    } else {
        input::parse_option("code", code, str::parse::<TariffLine>)
            .map_err(|failure| rename_source(failure, "CODE"))?
    };

    let answer = eligibility(tariff_line, mode, &list);
    let breach = answer.status.is_breach();
    Ok(Answer::new(
        format,
        &answer,
        || eligibility_text(&answer),
        breach,
    ))
}

fn rename_source(failure: Failure, source: &str) -> Failure {
    match failure {
        Failure::Input { error, .. } => Failure::Input {
            source: source.to_owned(),
            error,
        },
        other => other,
    }
}

/// Describes an eligibility answer in one paragraph of English.
pub fn eligibility_text(answer: &Eligibility) -> String {
    let list = format!(
        "list {:?}, {}",
        answer.list.version,
        if answer.list.complete {
            "complete"
        } else {
            "INCOMPLETE sample"
        }
    );
    let name = answer
        .entry
        .as_ref()
        .map(|entry| entry.name.as_str())
        .unwrap_or_default();
    let verdict = match answer.status {
        Status::Listed => format!("listed ({name})"),
        Status::ListedWithConditions => format!("listed with conditions ({name})"),
        Status::NotAllowedInMode => format!("NOT ALLOWED under {}: online bonded import (1210) only ({name})", answer.trade_mode),
        Status::NotListed => match &answer.removed {
            Some(removal) => format!("NOT LISTED: removed from the list ({}, source: {})", removal.edition, removal.source),
            None => "NOT LISTED".to_owned(),
        },
        Status::Unknown => "UNKNOWN: not on the sample list, which is incomplete; import the official table with --list to decide".to_owned(),
    };

    let mut text = format!(
        "{} under {}: {verdict} [{list}]\n",
        answer.tariff_line, answer.trade_mode
    );
    for condition in &answer.conditions {
        text.push_str(&format!(
            "  - {}: {}\n",
            condition_kind(condition),
            condition.text()
        ));
    }
    if let Some(provenance) = answer
        .entry
        .as_ref()
        .and_then(|entry| entry.provenance.as_ref())
    {
        text.push_str(&format!(
            "  sample row: {}, confidence {}\n",
            provenance.edition, provenance.confidence
        ));
    }
    text
}

fn condition_kind(condition: &Condition) -> &'static str {
    match condition {
        Condition::ExcludesEndangeredSpecies { .. } => "excludes endangered wild fauna and flora",
        Condition::ExcludesSpecialFoods { .. } => "excludes foods that are not ordinary foods",
        Condition::ExcludesDualUse { .. } => "excludes dual-use items",
        Condition::BondedImportOnly { .. } => "online bonded import (1210) only",
        Condition::NameRestriction { .. } => "only the goods named",
        Condition::QuantityCap { .. } => "quantity cap",
        Condition::Other { .. } => "remark",
    }
}
