//! `cbec`: China CBEC retail import checks from the command line.
//!
//! Every subcommand prints JSON by default and a readable English summary with
//! `--format text`. Exit codes: 0 the input passes, 1 it breaks a rule (a limit, a
//! three-document mismatch, a line that is not eligible, an invalid ID number), 2 the
//! input is invalid or the command line is wrong (the message names the field path and
//! the fix), 3 a file could not be read.

mod args;
mod declaration;
mod documents;
mod input;
mod lookup;
mod returns;

use std::process::ExitCode;

use serde::Serialize;

const USAGE: &str = "\
cbec: China cross-border e-commerce (CBEC) retail import checks

Usage:
  cbec check LIST.json [--used AMOUNT] [--list TABLE.csv] [--today DATE] [--format json|text]
  cbec tax LIST.json [--used AMOUNT] [--format json|text]
  cbec tax --price AMOUNT [--quantity N] [--class ID] [--content VALUE+UNIT]
           [--hs-code CODE] [--freight AMOUNT] [--insurance AMOUNT] [--reductions AMOUNT]
           [--mode 1210|9610] [--date DATE|INSTANT] [--used AMOUNT] [--format json|text]
  cbec returns --released-at DATE|INSTANT [--now DATE|INSTANT] [--format json|text]
  cbec id NUMBER [--today DATE] [--format json|text]
  cbec list lookup CODE [--list TABLE.csv] [--list-version VERSION] [--mode 1210|9610] [--format json|text]
  cbec docs check BUNDLE.json [--today DATE] [--verified] [--format json|text]
  cbec docs check ORDER.json PAYMENT.json WAYBILL.json LIST.json [--today DATE] [--verified] [--format json|text]
  cbec help

A file name of - reads standard input. Amounts are yuan with at most two decimals
(12345.67). DATE is YYYY-MM-DD in China Standard Time (UTC+8); INSTANT is RFC 3339
(2026-03-01T10:00:00+08:00). Tax classes: general, reduced_9, cosmetics, wine, beer,
spirits, jewellery, watch. Content: 50ml, 20g, 0.75l, 0.5kg or 10sheets per piece.

Exit codes: 0 pass, 1 rule breach, 2 invalid input or usage, 3 file not readable.
See docs/cli.md for the JSON formats.
";

/// Why a command could not produce an answer.
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong (exit 2).
    Usage(String),
    /// The input is invalid (exit 2); `source` names the file or option it came from.
    Input {
        source: String,
        error: cbec_rules::Error,
    },
    /// A file could not be read (exit 3).
    Io(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) | Failure::Input { .. } => 2,
            Failure::Io(_) => 3,
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Usage(message) => format!("{message}\nRun `cbec help` for usage."),
            Failure::Input { source, error } => format!("{source}: {error} [{}]", error.code()),
            Failure::Io(message) => message.clone(),
        }
    }
}

/// Output format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
}

impl Format {
    fn from_args(args: &args::Args) -> Result<Format, Failure> {
        match args.value("format") {
            None | Some("json") => Ok(Format::Json),
            Some("text") => Ok(Format::Text),
            Some(other) => Err(Failure::Usage(format!(
                "--format {other:?} is not a format: use json or text"
            ))),
        }
    }
}

/// The result of a command: the text to print and whether the input breaks a rule.
pub struct Answer {
    pub output: String,
    pub breach: bool,
}

impl Answer {
    /// Renders `value` as pretty JSON, or `text` for `--format text`.
    pub fn new<T: Serialize>(
        format: Format,
        value: &T,
        text: impl FnOnce() -> String,
        breach: bool,
    ) -> Answer {
        let output = match format {
            Format::Json => {
                let mut json =
                    serde_json::to_string_pretty(value).expect("answers serialize to JSON");
                json.push('\n');
                json
            }
            Format::Text => text(),
        };
        Answer { output, breach }
    }
}

fn run(arguments: &[String]) -> Result<Answer, Failure> {
    let (command, rest) = arguments.split_first().ok_or_else(|| {
        Failure::Usage("no command given: use check, tax, returns, id, list or docs".to_owned())
    })?;

    match (command.as_str(), rest.first().map(String::as_str)) {
        ("check", _) => declaration::check(rest),
        ("tax", _) => declaration::tax(rest),
        ("returns", _) => returns::returns(rest),
        ("id", _) => lookup::id(rest),
        ("list", Some("lookup")) => lookup::list_lookup(&rest[1..]),
        ("docs", Some("check")) => documents::check(&rest[1..]),
        ("list", _) => Err(Failure::Usage(
            "the list command has one subcommand: cbec list lookup CODE".to_owned(),
        )),
        ("docs", _) => Err(Failure::Usage(
            "the docs command has one subcommand: cbec docs check FILE...".to_owned(),
        )),
        ("help" | "--help" | "-h", _) => Ok(Answer {
            output: USAGE.to_owned(),
            breach: false,
        }),
        ("--version" | "version", _) => Ok(Answer {
            output: format!("cbec {}\n", env!("CARGO_PKG_VERSION")),
            breach: false,
        }),
        (other, _) => Err(Failure::Usage(format!(
            "unknown command {other:?}: use check, tax, returns, id, list lookup or docs check"
        ))),
    }
}

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();

    match run(&arguments) {
        Ok(answer) => {
            print!("{}", answer.output);
            ExitCode::from(u8::from(answer.breach))
        }
        Err(failure) => {
            eprintln!("cbec: error: {}", failure.message());
            ExitCode::from(failure.exit_code())
        }
    }
}
