//! Harmonized System commodity codes as declared in China (10 digits).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A 10-digit Chinese commodity code (商品编码) of a declaration list line.
///
/// The first 8 digits are the tariff line (税则号列) that the positive list is keyed on;
/// the last 2 are China's statistical and supervision subdivision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HsCode([u8; 10]);

impl HsCode {
    /// Returns the 8-digit tariff line (税则号列), such as `33049900`.
    pub fn tariff_line(&self) -> &str {
        &self.as_str()[..8]
    }

    /// Returns the 2-digit chapter, such as `33` for essential oils and cosmetics.
    pub fn chapter(&self) -> &str {
        &self.as_str()[..2]
    }

    /// Returns all ten digits.
    pub fn as_str(&self) -> &str {
        // The constructor accepts ASCII digits only.
        std::str::from_utf8(&self.0).expect("HsCode holds ASCII digits")
    }
}

impl FromStr for HsCode {
    type Err = Error;

    /// Parses exactly ten ASCII digits; spaces and dots between groups (`3304.9900.99`)
    /// are removed first, since that is how codes are often printed.
    fn from_str(input: &str) -> Result<HsCode, Error> {
        let digits: Vec<u8> = input
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'.'))
            .collect();
        let invalid = || Error::InvalidHsCode {
            input: input.to_owned(),
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        let code: [u8; 10] = digits.try_into().map_err(|_| invalid())?;
        Ok(HsCode(code))
    }
}

impl fmt::Display for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HsCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HsCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HsCode, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ten_digits() {
        let code: HsCode = "3304990099".parse().unwrap();
        assert_eq!(code.tariff_line(), "33049900");
        assert_eq!(code.chapter(), "33");
        assert_eq!("3304.9900.99".parse::<HsCode>().unwrap(), code);
    }

    #[test]
    fn rejects_wrong_length_or_letters() {
        for input in [
            "",
            "33049900",
            "33049900999",
            "330499009X",
            "３３０４９９００９９",
        ] {
            assert_eq!(
                input.parse::<HsCode>(),
                Err(Error::InvalidHsCode {
                    input: input.to_owned()
                }),
                "input {input:?}"
            );
        }
    }
}
