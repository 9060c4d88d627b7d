//! `cbec docs check`: the three-document check.

use cbec_rules::identity::IdentityVerification;
use cbec_rules::three_documents::{self, Severity, ThreeDocuments};

use crate::args::Args;
use crate::input;
use crate::{Answer, Failure, Format};

const USAGE: &str = "cbec docs check BUNDLE.json | ORDER.json PAYMENT.json WAYBILL.json LIST.json";

/// `cbec docs check BUNDLE.json` or `cbec docs check ORDER PAYMENT WAYBILL LIST`.
pub fn check(arguments: &[String]) -> Result<Answer, Failure> {
    let args = Args::parse(arguments, &["today", "format"], &["verified"])?;
    let format = Format::from_args(&args)?;
    let files = args.expect_positionals(1..=4, USAGE)?;
    let today = input::today(args.value("today"))?;

    let mut documents: ThreeDocuments = match files {
        [bundle] => input::read_json(bundle)?,
        [order, payment, waybill, list] => ThreeDocuments {
            order: input::read_json(order)?,
            payment: input::read_json(payment)?,
            waybill: input::read_json(waybill)?,
            list: input::read_json(list)?,
            orderer_verification: IdentityVerification::NotVerified,
        },
        _ => {
            return Err(Failure::Usage(format!(
                "give one bundle file or four document files, not {}: usage: {USAGE}",
                files.len()
            )))
        }
    };
    if args.flag("verified") {
        documents.orderer_verification = IdentityVerification::Verified;
    }

    let report = three_documents::check(&documents, today);
    let text = || {
        let errors = report.errors().count();
        let warnings = report.findings.len() - errors;
        let mut text = if report.passed {
            format!("three-document check PASSED ({warnings} warning(s))\n")
        } else {
            format!("three-document check FAILED: {errors} error(s), {warnings} warning(s)\n")
        };
        for finding in &report.findings {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            text.push_str(&format!(
                "  {severity} {}: {}\n",
                finding.display_code, finding.message
            ));
        }
        text
    };
    Ok(Answer::new(format, &report, text, !report.passed))
}
