//! Resident ID numbers (居民身份证号码, GB 11643-1999) and the orderer-versus-payer rule.
//!
//! The orderer (订购人) of a CBEC order is the taxpayer, identified by the 18-character
//! number of a mainland resident ID card. Customs also requires that, unless an
//! authorised body has verified the orderer's identity, the orderer and the payer are
//! the same person.
//!
//! What [`ResidentId::parse`] checks, and what it does not:
//!
//! - 18 characters: 17 digits and a check digit `0`–`9` or `X`. The first-generation
//!   15-digit numbers are rejected because customs declarations carry 18.
//! - The first two digits are a province-level code of GB/T 2260 (11–15, 21–23, 31–37,
//!   41–46, 50–54, 61–65, 71, 81, 82). The remaining four region digits are not checked
//!   against the county table, which changes every year.
//! - Digits 7–14 are a real calendar date, not before 1900-01-01 and not after the
//!   caller's `today`.
//! - The last character is the ISO 7064 MOD 11-2 check digit of the first 17.
//!
//! A number that passes may still not exist; only the public security authorities can
//! confirm that.

use std::fmt;

use serde::{Serialize, Serializer};
use time::{Date, Month};

use crate::normalize;
use crate::Error;

/// Province-level prefixes of GB/T 2260 that appear on resident ID cards: the 31
/// mainland provinces, Taiwan (71), Hong Kong (81) and Macao (82).
const PROVINCE_CODES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// Weights of the first 17 digits in the GB 11643 check digit (2^(18−i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check digit for each value of the weighted sum modulo 11.
const CHECK_DIGITS: [u8; 11] = *b"10X98765432";

/// The earliest birth date accepted.
const EARLIEST_BIRTH_DATE: Date = time::macros::date!(1900 - 01 - 01);

/// A valid 18-character resident ID number, normalised (ASCII, upper-case `X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResidentId {
    digits: [u8; 18],
    birth_date: Date,
}

impl ResidentId {
    /// Parses and validates an ID number as of `today` (China Standard Time).
    ///
    /// White space is ignored, full-width digits and `Ｘ` are accepted, and a lower-case
    /// `x` is upper-cased, because that is how numbers arrive from forms and
    /// spreadsheets.
    ///
    /// # Errors
    ///
    /// In the order checked: [`Error::IdLength`] unless there are 18 characters,
    /// [`Error::IdCharacter`] for a character that is not a digit (or `X` in the last
    /// place), [`Error::IdRegion`] for an unknown province code, [`Error::IdBirthDate`]
    /// for a birth date that is not a real date from 1900-01-01 to `today`, and
    /// [`Error::IdCheckDigit`] when the check digit does not match.
    pub fn parse(input: &str, today: Date) -> Result<ResidentId, Error> {
        let normalized = normalize::id_number(input);
        let length = normalized.chars().count();
        if length != 18 {
            return Err(Error::IdLength { length });
        }

        for (index, character) in normalized.chars().enumerate() {
            let allowed = character.is_ascii_digit() || (index == 17 && character == 'X');
            if !allowed {
                return Err(Error::IdCharacter {
                    position: index + 1,
                    character,
                });
            }
        }
        let digits: [u8; 18] = normalized
            .as_bytes()
            .try_into()
            .expect("18 ASCII characters");

        let province = (digits[0] - b'0') * 10 + (digits[1] - b'0');
        if !PROVINCE_CODES.contains(&province) {
            return Err(Error::IdRegion {
                province: normalized[..2].to_owned(),
            });
        }

        let birth_text = &normalized[6..14];
        let birth_date = parse_birth_date(birth_text)
            .filter(|date| (EARLIEST_BIRTH_DATE..=today).contains(date))
            .ok_or_else(|| Error::IdBirthDate {
                birth_date: birth_text.to_owned(),
            })?;

        let expected = check_digit(&digits[..17]);
        if digits[17] != expected {
            return Err(Error::IdCheckDigit {
                expected: char::from(expected),
                found: char::from(digits[17]),
            });
        }

        Ok(ResidentId { digits, birth_date })
    }

    /// Returns the normalised 18 characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits).expect("ResidentId holds ASCII")
    }

    /// Returns the 6-digit administrative region code of the place of first
    /// registration, such as `110105`.
    pub fn region_code(&self) -> &str {
        &self.as_str()[..6]
    }

    /// Returns the birth date encoded in digits 7–14.
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// Returns the display form that hides the birth date: the 6 region digits, 8
    /// asterisks and the last 4 characters, such as `110105********002X`.
    pub fn masked(&self) -> String {
        mask_id_number(self.as_str())
    }
}

impl fmt::Display for ResidentId {
    /// Writes the full number. Use [`ResidentId::masked`] for anything a person other
    /// than the holder may see.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Computes the ISO 7064 MOD 11-2 check character of 17 ASCII digits.
fn check_digit(first_17: &[u8]) -> u8 {
    let sum: u32 = first_17
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    CHECK_DIGITS[(sum % 11) as usize]
}

fn parse_birth_date(yyyymmdd: &str) -> Option<Date> {
    let year: i32 = yyyymmdd[..4].parse().ok()?;
    let month: u8 = yyyymmdd[4..6].parse().ok()?;
    let day: u8 = yyyymmdd[6..8].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Masks any text that may be an ID number for display and logs, valid or not.
///
/// Text of 18 characters keeps its first 6 and last 4 (`110105********002X`). Shorter
/// text of at least 10 characters keeps only its last 4, and anything shorter is fully
/// masked, so a malformed number never shows its birth date.
pub fn mask_id_number(input: &str) -> String {
    let characters: Vec<char> = normalize::id_number(input).chars().collect();
    let count = characters.len();
    let (head, tail) = match count {
        18.. => (6, 4),
        10..=17 => (0, 4),
        _ => (0, 0),
    };
    characters
        .iter()
        .enumerate()
        .map(|(index, c)| {
            if index < head || index >= count - tail {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Whether an authorised body has verified the orderer's identity, which lifts the
/// orderer-equals-payer rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityVerification {
    /// Not verified, or not known to be verified; the orderer must also pay.
    #[default]
    NotVerified,
    /// Verified by an authorised body; someone else may pay.
    Verified,
}

/// A person as named in a document: name and ID number as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person<'a> {
    /// Name as written in the document.
    pub name: &'a str,
    /// ID number as written in the document.
    pub id_number: &'a str,
}

/// Outcome of the orderer-versus-payer rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PayerCheck {
    /// Orderer and payer have the same normalised name and ID number.
    SamePerson,
    /// They differ, which is allowed because the orderer's identity is verified.
    DifferentButVerified,
    /// They differ and the orderer's identity is not verified: customs rejects this.
    Breach {
        /// The normalised names differ.
        name_differs: bool,
        /// The normalised ID numbers differ.
        id_differs: bool,
    },
}

impl PayerCheck {
    /// Returns `true` when the order breaks the rule.
    pub fn is_breach(self) -> bool {
        matches!(self, PayerCheck::Breach { .. })
    }
}

/// Applies the orderer-versus-payer rule: unless the orderer's identity is verified by
/// an authorised body, the payer must be the same person, compared by normalised name
/// ([`normalize::name`]) and ID number ([`normalize::id_number`]).
pub fn check_orderer_payer(
    orderer: Person<'_>,
    payer: Person<'_>,
    verification: IdentityVerification,
) -> PayerCheck {
    let name_differs = normalize::name(orderer.name) != normalize::name(payer.name);
    let id_differs =
        normalize::id_number(orderer.id_number) != normalize::id_number(payer.id_number);

    match (name_differs || id_differs, verification) {
        (false, _) => PayerCheck::SamePerson,
        (true, IdentityVerification::Verified) => PayerCheck::DifferentButVerified,
        (true, IdentityVerification::NotVerified) => PayerCheck::Breach {
            name_differs,
            id_differs,
        },
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 12 - 01);

    /// Builds a valid number from 17 digits by appending the computed check digit.
    fn with_check_digit(first_17: &str) -> String {
        format!("{first_17}{}", char::from(check_digit(first_17.as_bytes())))
    }

    #[test]
    fn accepts_the_standard_example() {
        // The worked example of GB 11643-1999: 11010519491231002X.
        let id = ResidentId::parse("11010519491231002X", TODAY).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.region_code(), "110105");
        assert_eq!(id.birth_date(), date!(1949 - 12 - 31));
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn normalises_lower_case_x_and_spaces() {
        let id = ResidentId::parse(" 110105 19491231 002x ", TODAY).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        let wide = ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ", TODAY).unwrap();
        assert_eq!(wide, id);
    }

    #[test]
    fn check_digit_matches_known_numbers() {
        assert_eq!(check_digit(b"11010519491231002"), b'X');
        assert_eq!(check_digit(b"44052418800101001"), b'4');
        for first_17 in [
            "31010419900307001",
            "51010019851122123",
            "82000020000229000",
        ] {
            let full = with_check_digit(first_17);
            assert!(ResidentId::parse(&full, TODAY).is_ok(), "{full}");
        }
    }

    #[test]
    fn rejects_wrong_length() {
        assert_eq!(
            ResidentId::parse("", TODAY),
            Err(Error::IdLength { length: 0 })
        );
        assert_eq!(
            ResidentId::parse("110105491231002", TODAY),
            Err(Error::IdLength { length: 15 })
        );
        assert_eq!(
            ResidentId::parse("11010519491231002X1", TODAY),
            Err(Error::IdLength { length: 19 })
        );
    }

    #[test]
    fn rejects_letters_in_wrong_place() {
        assert_eq!(
            ResidentId::parse("1101051949123100X2", TODAY),
            Err(Error::IdCharacter {
                position: 17,
                character: 'X'
            })
        );
        assert_eq!(
            ResidentId::parse("11010519491231002Y", TODAY),
            Err(Error::IdCharacter {
                position: 18,
                character: 'Y'
            })
        );
    }

    #[test]
    fn rejects_unknown_province() {
        let number = with_check_digit("99010519491231002");
        assert_eq!(
            ResidentId::parse(&number, TODAY),
            Err(Error::IdRegion {
                province: "99".into()
            })
        );
        let number = with_check_digit("10010519491231002");
        assert_eq!(
            ResidentId::parse(&number, TODAY),
            Err(Error::IdRegion {
                province: "10".into()
            })
        );
    }

    #[test]
    fn rejects_impossible_birth_dates() {
        for birth in [
            "19490230", "19491301", "20230229", "18991231", "20261202", "00000000",
        ] {
            let number = with_check_digit(&format!("110105{birth}002"));
            assert_eq!(
                ResidentId::parse(&number, TODAY),
                Err(Error::IdBirthDate {
                    birth_date: birth.into()
                }),
                "birth date {birth}"
            );
        }
    }

    #[test]
    fn accepts_boundary_birth_dates() {
        for birth in ["19000101", "20240229", "20261201"] {
            let number = with_check_digit(&format!("110105{birth}002"));
            assert!(
                ResidentId::parse(&number, TODAY).is_ok(),
                "birth date {birth}"
            );
        }
    }

    #[test]
    fn rejects_wrong_check_digit() {
        assert_eq!(
            ResidentId::parse("110105194912310021", TODAY),
            Err(Error::IdCheckDigit {
                expected: 'X',
                found: '1'
            })
        );
        // A single changed digit always changes the check digit.
        assert!(matches!(
            ResidentId::parse("11010519491231012X", TODAY),
            Err(Error::IdCheckDigit { .. })
        ));
    }

    #[test]
    fn masks_any_text() {
        assert_eq!(mask_id_number("11010519491231002x"), "110105********002X");
        assert_eq!(mask_id_number("110105491231002"), "***********1002");
        assert_eq!(mask_id_number("12345"), "*****");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn error_messages_never_show_the_full_number() {
        let number = "110105194912310021";
        let error = ResidentId::parse(number, TODAY).unwrap_err();
        assert!(!error.to_string().contains(number), "{error}");
    }

    #[test]
    fn payer_must_be_orderer_unless_verified() {
        let orderer = Person {
            name: "张三",
            id_number: "11010519491231002X",
        };
        let same = Person {
            name: "张 三",
            id_number: "11010519491231002x",
        };
        let other = Person {
            name: "李四",
            id_number: "11010519491231002X",
        };

        assert_eq!(
            check_orderer_payer(orderer, same, IdentityVerification::NotVerified),
            PayerCheck::SamePerson
        );
        assert_eq!(
            check_orderer_payer(orderer, other, IdentityVerification::NotVerified),
            PayerCheck::Breach {
                name_differs: true,
                id_differs: false
            }
        );
        assert_eq!(
            check_orderer_payer(orderer, other, IdentityVerification::Verified),
            PayerCheck::DifferentButVerified
        );
        assert!(check_orderer_payer(orderer, other, IdentityVerification::NotVerified).is_breach());
    }
}
