//! Runs the built `cbec` binary on the files in `tests/data` and checks its output and
//! exit codes (0 pass, 1 rule breach, 2 invalid input, 3 unreadable file).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn data(path: &str) -> String {
    let full: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", path]
        .iter()
        .collect();
    full.to_string_lossy().into_owned()
}

fn cbec(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cbec"))
        .args(arguments)
        .output()
        .expect("cbec runs")
}

fn cbec_with_stdin(arguments: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cbec"))
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cbec starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().expect("cbec runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("cbec exits with a code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", stdout(output)))
}

#[test]
fn check_accepts_list() {
    let output = cbec(&["check", &data("cli/list-ok.json"), "--used", "1200.00"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let answer = json(&output);
    assert_eq!(answer["passed"], true);
    assert_eq!(answer["evaluation"]["dutiable_value"], "110.00");
    assert_eq!(answer["evaluation"]["tax"]["total"], "10.01");
    assert_eq!(
        answer["evaluation"]["limits"]["annual_remaining"],
        "24690.00"
    );
    assert_eq!(answer["orderer_id"]["masked"], "110105********002X");
    assert_eq!(answer["eligibility"][0]["status"], "unknown");
    assert_eq!(answer["eligibility"][0]["list"]["complete"], false);
}

/// The command the READMEs show, on the example cart they link to.
#[test]
fn readme_example_cart() {
    let cart = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/cart.json");
    let output = cbec(&["check", cart, "--used", "14236.48"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let evaluation = json(&output);
    assert_eq!(
        evaluation["evaluation"]["dutiable_value"], "1672.80",
        "{evaluation}"
    );
    assert_eq!(
        evaluation["evaluation"]["tax"]["total"], "370.10",
        "{evaluation}"
    );
}

#[test]
fn check_text_summary() {
    let output = cbec(&["check", &data("cli/list-ok.json"), "--format", "text"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(text.contains("result: PASSED"), "{text}");
    assert!(text.contains("dutiable value 110.00"), "{text}");
    assert!(text.contains("total 10.01"), "{text}");
    assert!(text.contains("UNKNOWN"), "{text}");
}

#[test]
fn check_annual_limit_breach() {
    let output = cbec(&[
        "check",
        &data("cli/list-over-annual.json"),
        "--used",
        "25400.00",
        "--format",
        "text",
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("result: FAILED"), "{text}");
    assert!(
        text.contains("REJECTED: 100.00 over the annual limit of 26000.00"),
        "{text}"
    );
    assert!(text.contains("remove lines 2"), "{text}");
}

#[test]
fn check_with_official_list() {
    let list = data("cli/positive-list-official.csv");
    let output = cbec(&[
        "check",
        &data("cli/list-ok.json"),
        "--list",
        &list,
        "--list-version",
        "2022-03-01",
    ]);
    assert_eq!(code(&output), 0);
    let answer = json(&output);
    assert_eq!(answer["eligibility"][0]["status"], "listed");
    assert_eq!(answer["eligibility"][0]["list"]["version"], "2022-03-01");
    assert_eq!(answer["eligibility"][0]["list"]["complete"], true);

    let output = cbec(&["check", &data("cli/list-over-annual.json"), "--list", &list]);
    assert_eq!(code(&output), 0, "within the quota and every line listed");
    assert_eq!(json(&output)["passed"], true);
}

#[test]
fn check_reads_stdin() {
    let list = std::fs::read_to_string(data("cli/list-ok.json")).unwrap();
    let output = cbec_with_stdin(&["check", "-"], &list);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(json(&output)["evaluation"]["tax"]["total"], "10.01");
}

#[test]
fn check_names_bad_field() {
    let output = cbec(&["check", &data("cli/list-bad-price.json")]);
    assert_eq!(code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains("lines[0].unit_price"), "{message}");
    assert!(message.contains("round it to the fen"), "{message}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn check_rejects_bad_used_amount() {
    let output = cbec(&["check", &data("cli/list-ok.json"), "--used", "12,345.67"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--used"), "{}", stderr(&output));
}

#[test]
fn missing_file_is_io_error() {
    let output = cbec(&["check", "/nonexistent/list.json"]);
    assert_eq!(code(&output), 3);
    assert!(
        stderr(&output).contains("cannot read /nonexistent/list.json"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    for arguments in [
        &[][..],
        &["frobnicate"],
        &["check"],
        &["id"],
        &["check", "a.json", "--bogus"],
        &["list"],
    ] {
        let output = cbec(arguments);
        assert_eq!(code(&output), 2, "arguments {arguments:?}");
        assert!(
            stderr(&output).contains("cbec: error:"),
            "arguments {arguments:?}"
        );
    }
    let help = cbec(&["help"]);
    assert_eq!(code(&help), 0);
    assert!(stdout(&help).contains("Exit codes"));
}

#[test]
fn tax_single_line_matches_worked_examples() {
    let cases = [
        (vec!["--price", "100", "--freight", "10"], "10.01"),
        (vec!["--price", "200", "--class", "reduced_9"], "12.60"),
        (
            vec!["--price", "425", "--class", "cosmetics", "--content", "20g"],
            "98.00",
        ),
        (
            vec![
                "--price",
                "425",
                "--class",
                "cosmetics",
                "--content",
                "50ml",
            ],
            "38.68",
        ),
        (
            vec!["--price", "300", "--class", "wine", "--content", "750ml"],
            "53.66",
        ),
        (vec!["--price", "12000", "--class", "watch"], "6814.50"),
    ];
    for (options, expected) in cases {
        let mut arguments = vec!["tax", "--date", "2026-03-01"];
        arguments.extend(&options);
        let output = cbec(&arguments);
        assert_eq!(code(&output), 0, "{options:?}: {}", stderr(&output));
        assert_eq!(json(&output)["tax"]["total"], expected, "{options:?}");
    }
}

#[test]
fn tax_of_list_file_and_breach() {
    let output = cbec(&["tax", &data("cli/list-ok.json"), "--format", "text"]);
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).contains("total 10.01"),
        "{}",
        stdout(&output)
    );

    let output = cbec(&["tax", &data("cli/list-over-annual.json"), "--used", "25400"]);
    assert_eq!(code(&output), 1);
    assert_eq!(json(&output)["accepted"], false);
}

#[test]
fn tax_rejects_bad_options() {
    let cases: [&[&str]; 4] = [
        &["tax", "--price", "1.001"],
        &["tax", "--price", "10", "--class", "perfume"],
        &["tax", "--price", "10", "--content", "50 litres"],
        &["tax", "--price", "10", "--quantity", "0"],
    ];
    for arguments in cases {
        let output = cbec(arguments);
        assert_eq!(code(&output), 2, "arguments {arguments:?}");
    }
    assert!(stderr(&cbec(cases[1])).contains("general, reduced_9"));
}

#[test]
fn returns_deadlines_and_status() {
    let output = cbec(&[
        "returns",
        "--released-at",
        "2026-11-20",
        "--now",
        "2026-12-01T09:00:00+08:00",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let answer = json(&output);
    assert_eq!(answer["apply_by"], "2026-12-20");
    assert_eq!(answer["arrive_by"], "2027-01-04");
    assert_eq!(answer["status"], "open");
    assert_eq!(answer["days_left"], 19);

    let closed = cbec(&[
        "returns",
        "--released-at",
        "2026-11-20",
        "--now",
        "2026-12-21",
        "--format",
        "text",
    ]);
    assert_eq!(code(&closed), 0);
    assert!(stdout(&closed).contains("CLOSED"), "{}", stdout(&closed));

    let early = cbec(&["returns", "--released-at", "2015-01-01"]);
    assert_eq!(code(&early), 2);
    assert!(cbec(&["returns"]).status.code() == Some(2));
}

#[test]
fn id_valid_and_invalid() {
    let output = cbec(&["id", "11010519491231002x"]);
    assert_eq!(code(&output), 0);
    let answer = json(&output);
    assert_eq!(answer["valid"], true);
    assert_eq!(answer["masked"], "110105********002X");
    assert_eq!(answer["birth_date"], "1949-12-31");
    assert!(
        !stdout(&output).contains("11010519491231002"),
        "the full number is never printed"
    );

    let output = cbec(&["id", "110105194912310021"]);
    assert_eq!(code(&output), 1);
    assert_eq!(json(&output)["error"]["code"], "id.check_digit");

    let output = cbec(&["id", "11010519491231002X", "--today", "1949-12-30"]);
    assert_eq!(json(&output)["error"]["code"], "id.birth_date");
}

#[test]
fn list_lookup_on_sample() {
    let output = cbec(&["list", "lookup", "0409000000"]);
    assert_eq!(code(&output), 0);
    let answer = json(&output);
    assert_eq!(answer["status"], "listed");
    assert_eq!(answer["list"]["complete"], false);

    let output = cbec(&["list", "lookup", "3304.9900", "--format", "text"]);
    assert_eq!(code(&output), 0, "unknown on the sample is not a breach");
    assert!(stdout(&output).contains("UNKNOWN"), "{}", stdout(&output));

    let output = cbec(&["list", "lookup", "04051000", "--mode", "9610"]);
    assert_eq!(code(&output), 1);
    assert_eq!(json(&output)["status"], "not_allowed_in_mode");
}

#[test]
fn list_lookup_on_official_table() {
    let list = data("cli/positive-list-official.csv");
    let output = cbec(&["list", "lookup", "33049900", "--list", &list]);
    assert_eq!(code(&output), 1);
    let answer = json(&output);
    assert_eq!(answer["status"], "not_listed");
    assert_eq!(answer["list"]["complete"], true);

    let bad = cbec(&[
        "list",
        "lookup",
        "33049900",
        "--list",
        &data("cli/positive-list-bad.csv"),
    ]);
    assert_eq!(code(&bad), 2);
    assert!(
        stderr(&bad).contains("row 3, column 税则号列"),
        "{}",
        stderr(&bad)
    );

    let mode = cbec(&["list", "lookup", "33049900", "--mode", "0110"]);
    assert_eq!(code(&mode), 2);
    let code_error = cbec(&["list", "lookup", "3304"]);
    assert_eq!(code(&code_error), 2);
}

#[test]
fn docs_check_bundle_and_four_files() {
    let output = cbec(&[
        "docs",
        "check",
        &data("three-documents/bundle-ok.json"),
        "--today",
        "2026-12-04",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(json(&output)["passed"], true);

    let files: Vec<String> = ["order", "payment", "waybill", "list"]
        .iter()
        .map(|name| data(&format!("three-documents/{name}.json")))
        .collect();
    let mut arguments = vec!["docs", "check"];
    arguments.extend(files.iter().map(String::as_str));
    let output = cbec(&arguments);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn docs_check_reports_every_mismatch() {
    let output = cbec(&[
        "docs",
        "check",
        &data("three-documents/bundle-mismatch.json"),
        "--format",
        "text",
    ]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(text.contains("FAILED: 1 error(s), 1 warning(s)"), "{text}");
    assert!(text.contains("C411-AMOUNTPAID"), "{text}");
    assert!(text.contains("C621-BUYER-PHONE-FORMAT"), "{text}");
}

#[test]
fn docs_check_from_stdin_names_field() {
    let output = cbec_with_stdin(&["docs", "check", "-"], r#"{"order": {"orderNo": 5}}"#);
    assert_eq!(code(&output), 2);
    let message = stderr(&output);
    assert!(
        message.contains("standard input: order.orderNo"),
        "{message}"
    );
}
