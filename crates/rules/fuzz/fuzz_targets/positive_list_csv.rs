//! Imports arbitrary bytes as a positive-list CSV table and looks a line up.
#![no_main]

use libfuzzer_sys::fuzz_target;

use cbec_rules::positive_list::{eligibility, PositiveList};
use cbec_rules::TradeMode;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(list) = PositiveList::from_csv(text, "fuzz") {
        for entry in list.entries() {
            eligibility(entry.tariff_line, TradeMode::DirectMail, &list);
        }
    }
});
