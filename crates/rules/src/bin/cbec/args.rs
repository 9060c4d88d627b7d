//! A small command-line parser: positional arguments, `--name value`, `--name=value`
//! and boolean `--flag`s, with each command declaring which options take a value.

use std::collections::BTreeMap;

use crate::Failure;

/// The parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    pub positionals: Vec<String>,
    values: BTreeMap<String, String>,
    flags: Vec<String>,
}

impl Args {
    /// Parses `input`; `valued` lists the options that take a value and `flags` the
    /// options that do not. A lone `-` is a positional (standard input), and everything
    /// after `--` is positional.
    pub fn parse(input: &[String], valued: &[&str], flags: &[&str]) -> Result<Args, Failure> {
        let mut args = Args::default();
        let mut rest = input.iter();

        while let Some(argument) = rest.next() {
            if argument == "--" {
                args.positionals.extend(rest.by_ref().cloned());
                break;
            }
            let Some(option) = argument.strip_prefix("--") else {
                args.positionals.push(argument.clone());
                continue;
            };

            let (name, inline_value) = match option.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (option, None),
            };
            if valued.contains(&name) {
                let value = match inline_value {
                    Some(value) => value,
                    None => rest.next().cloned().ok_or_else(|| {
                        Failure::Usage(format!(
                            "option --{name} needs a value: write --{name} VALUE"
                        ))
                    })?,
                };
                if args.values.insert(name.to_owned(), value).is_some() {
                    return Err(Failure::Usage(format!(
                        "option --{name} is given twice: keep one"
                    )));
                }
            } else if flags.contains(&name) && inline_value.is_none() {
                args.flags.push(name.to_owned());
            } else {
                let known: Vec<String> = valued
                    .iter()
                    .chain(flags)
                    .map(|name| format!("--{name}"))
                    .collect();
                return Err(Failure::Usage(format!(
                    "unknown option --{name}: this command accepts {}",
                    if known.is_empty() {
                        "no options".to_owned()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }

        Ok(args)
    }

    /// Returns the value of an option, if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Returns `true` when a boolean flag was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|flag| flag == name)
    }

    /// Returns the positionals, checking their number.
    pub fn expect_positionals(
        &self,
        range: std::ops::RangeInclusive<usize>,
        usage: &str,
    ) -> Result<&[String], Failure> {
        if range.contains(&self.positionals.len()) {
            Ok(&self.positionals)
        } else {
            Err(Failure::Usage(format!(
                "expected {} argument(s), got {}: usage: {usage}",
                if range.start() == range.end() {
                    range.start().to_string()
                } else {
                    format!("{} to {}", range.start(), range.end())
                },
                self.positionals.len()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn parses_values_flags_and_positionals() {
        let input = strings(&[
            "a.json",
            "--used",
            "12.30",
            "--format=text",
            "--verified",
            "-",
        ]);
        let args = Args::parse(&input, &["used", "format"], &["verified"]).unwrap();
        assert_eq!(args.positionals, vec!["a.json", "-"]);
        assert_eq!(args.value("used"), Some("12.30"));
        assert_eq!(args.value("format"), Some("text"));
        assert!(args.flag("verified"));
        assert!(!args.flag("other"));
    }

    #[test]
    fn rejects_unknown_missing_and_repeated_options() {
        assert!(matches!(
            Args::parse(&strings(&["--nope"]), &[], &[]),
            Err(Failure::Usage(_))
        ));
        assert!(matches!(
            Args::parse(&strings(&["--used"]), &["used"], &[]),
            Err(Failure::Usage(_))
        ));
        let twice = strings(&["--used", "1", "--used", "2"]);
        assert!(matches!(
            Args::parse(&twice, &["used"], &[]),
            Err(Failure::Usage(_))
        ));
    }

    #[test]
    fn double_dash_ends_options() {
        let args = Args::parse(&strings(&["--", "--used"]), &["used"], &[]).unwrap();
        assert_eq!(args.positionals, vec!["--used"]);
    }
}
