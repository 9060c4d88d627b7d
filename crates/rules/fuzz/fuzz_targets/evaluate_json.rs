//! Deserializes arbitrary bytes as a declaration list and evaluates it, the path every
//! JSON input of the CLI, the app and the platform takes. Any panic is a bug: bad input
//! must come back as `cbec_rules::Error`.
#![no_main]

use libfuzzer_sys::fuzz_target;

use cbec_rules::{evaluate, DeclarationList, Money};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(list) = cbec_rules::json::from_str::<DeclarationList>(text) else {
        return;
    };

    // Used amounts at both ends of the quota and one just below the annual limit.
    for used in ["0", "25999.99", "9999999999.99"] {
        let used: Money = used.parse().expect("valid amount");
        if let Ok(evaluation) = evaluate(&list, used) {
            serde_json::to_string(&evaluation).expect("evaluations serialize");
        }
    }
});
