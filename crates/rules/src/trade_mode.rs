//! Customs supervision modes (监管方式) of CBEC retail imports.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// How the goods enter China: from a bonded area after the order (1210) or mailed
/// directly from abroad (9610).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TradeMode {
    /// 1210 保税跨境贸易电子商务, online bonded import (网购保税进口).
    BondedImport,
    /// 9610 跨境贸易电子商务, direct-mail import (直购进口).
    DirectMail,
}

impl TradeMode {
    /// Returns the four-digit customs code, `"1210"` or `"9610"`.
    pub fn code(self) -> &'static str {
        match self {
            TradeMode::BondedImport => "1210",
            TradeMode::DirectMail => "9610",
        }
    }
}

impl FromStr for TradeMode {
    type Err = Error;

    /// Parses the customs code `1210` or `9610`; surrounding spaces are ignored.
    fn from_str(input: &str) -> Result<TradeMode, Error> {
        match input.trim() {
            "1210" => Ok(TradeMode::BondedImport),
            "9610" => Ok(TradeMode::DirectMail),
            _ => Err(Error::InvalidTradeMode {
                input: input.to_owned(),
            }),
        }
    }
}

impl fmt::Display for TradeMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for TradeMode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for TradeMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TradeMode, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_codes() {
        assert_eq!(
            "1210".parse::<TradeMode>().unwrap(),
            TradeMode::BondedImport
        );
        assert_eq!(
            " 9610 ".parse::<TradeMode>().unwrap(),
            TradeMode::DirectMail
        );
        assert_eq!(
            serde_json::to_string(&TradeMode::DirectMail).unwrap(),
            "\"9610\""
        );
        assert_eq!(
            serde_json::from_str::<TradeMode>("\"1210\"").unwrap(),
            TradeMode::BondedImport
        );
    }

    #[test]
    fn rejects_other_codes() {
        for input in ["", "0110", "1239", "bonded"] {
            assert_eq!(
                input.parse::<TradeMode>(),
                Err(Error::InvalidTradeMode {
                    input: input.to_owned()
                }),
                "input {input:?}"
            );
        }
    }
}
