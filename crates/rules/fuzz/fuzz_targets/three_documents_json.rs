//! Deserializes arbitrary bytes as a three-document bundle and checks it.
#![no_main]

use libfuzzer_sys::fuzz_target;

use cbec_rules::three_documents::{check, ThreeDocuments};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(documents) = cbec_rules::json::from_str::<ThreeDocuments>(text) {
        let today = time::macros::date!(2026 - 12 - 04);
        let report = check(&documents, today);
        serde_json::to_string(&report).expect("reports serialize");
    }
});
