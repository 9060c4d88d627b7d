//! Inline messages for invalid cart fields, keyed by the rules crate's error codes.

use cbec_rules::Error;

use crate::i18n::*;
use crate::text::fill;

/// A problem of one form field, shown as a message next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    AmountEmpty,
    AmountNotANumber,
    AmountNegative,
    AmountTooManyDecimals,
    AmountOutOfRange,
    AmountOverflow,
    HsCodeInvalid,
    QuantityEmpty,
    QuantityNotInteger,
    QuantityZero,
    QuantityTooLarge,
    ContentEmpty,
    ContentNotANumber,
    ContentNotPositive,
    ContentWrongMeasure,
    NameEmpty,
    NoLines,
    TaxClassUnknown,
    /// A rules-crate error code this app has no message for yet; shown with the code.
    Unknown(&'static str),
}

impl FieldError {
    /// Maps a rules-crate error code (`Error::code()`) to its message.
    pub fn from_code(code: &'static str) -> FieldError {
        match code {
            "amount.empty" => FieldError::AmountEmpty,
            "amount.not_a_number" => FieldError::AmountNotANumber,
            "amount.negative" => FieldError::AmountNegative,
            "amount.too_many_decimals" => FieldError::AmountTooManyDecimals,
            "amount.out_of_range" => FieldError::AmountOutOfRange,
            "amount.overflow" => FieldError::AmountOverflow,
            "hs_code.invalid" => FieldError::HsCodeInvalid,
            "quantity.zero" => FieldError::QuantityZero,
            "name.empty" => FieldError::NameEmpty,
            "lines.empty" => FieldError::NoLines,
            "content.missing" => FieldError::ContentEmpty,
            "content.not_positive" => FieldError::ContentNotPositive,
            "content.wrong_measure" => FieldError::ContentWrongMeasure,
            "tax_class.unknown" => FieldError::TaxClassUnknown,
            other => FieldError::Unknown(other),
        }
    }

    /// Returns the message for this error in `locale`.
    pub fn message(self, locale: Locale) -> String {
        match self {
            FieldError::AmountEmpty => td_string!(locale, field_error.amount_empty).to_string(),
            FieldError::AmountNotANumber => {
                td_string!(locale, field_error.amount_not_a_number).to_string()
            }
            FieldError::AmountNegative => {
                td_string!(locale, field_error.amount_negative).to_string()
            }
            FieldError::AmountTooManyDecimals => {
                td_string!(locale, field_error.amount_too_many_decimals).to_string()
            }
            FieldError::AmountOutOfRange => {
                td_string!(locale, field_error.amount_out_of_range).to_string()
            }
            FieldError::AmountOverflow => {
                td_string!(locale, field_error.amount_overflow).to_string()
            }
            FieldError::HsCodeInvalid => {
                td_string!(locale, field_error.hs_code_invalid).to_string()
            }
            FieldError::QuantityEmpty => td_string!(locale, field_error.quantity_empty).to_string(),
            FieldError::QuantityNotInteger => {
                td_string!(locale, field_error.quantity_not_integer).to_string()
            }
            FieldError::QuantityZero => td_string!(locale, field_error.quantity_zero).to_string(),
            FieldError::QuantityTooLarge => {
                td_string!(locale, field_error.quantity_too_large).to_string()
            }
            FieldError::ContentEmpty => td_string!(locale, field_error.content_empty).to_string(),
            FieldError::ContentNotANumber => {
                td_string!(locale, field_error.content_not_a_number).to_string()
            }
            FieldError::ContentNotPositive => {
                td_string!(locale, field_error.content_not_positive).to_string()
            }
            FieldError::ContentWrongMeasure => {
                td_string!(locale, field_error.content_wrong_measure).to_string()
            }
            FieldError::NameEmpty => td_string!(locale, field_error.name_empty).to_string(),
            FieldError::NoLines => td_string!(locale, field_error.no_lines).to_string(),
            FieldError::TaxClassUnknown => {
                td_string!(locale, field_error.tax_class_unknown).to_string()
            }
            FieldError::Unknown(code) => {
                fill(td_string!(locale, field_error.unknown), &[("code", &code)])
            }
        }
    }
}

impl From<&Error> for FieldError {
    fn from(error: &Error) -> FieldError {
        FieldError::from_code(error.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cbec_rules::{HsCode, Money};

    fn amount_error(input: &str) -> FieldError {
        FieldError::from(&input.parse::<Money>().expect_err("input is invalid"))
    }

    #[test]
    fn amount_errors_map_to_messages() {
        assert_eq!(amount_error(""), FieldError::AmountEmpty);
        assert_eq!(amount_error("abc"), FieldError::AmountNotANumber);
        assert_eq!(amount_error("1,000"), FieldError::AmountNotANumber);
        assert_eq!(amount_error("-5"), FieldError::AmountNegative);
        assert_eq!(amount_error("12.345"), FieldError::AmountTooManyDecimals);
        assert_eq!(amount_error("99999999999"), FieldError::AmountOutOfRange);
    }

    #[test]
    fn hs_code_error_maps_to_message() {
        let error = "12345"
            .parse::<HsCode>()
            .expect_err("five digits are invalid");
        assert_eq!(FieldError::from(&error), FieldError::HsCodeInvalid);
    }

    #[test]
    fn declaration_codes_map_to_messages() {
        let cases = [
            (Error::NameEmpty, FieldError::NameEmpty),
            (Error::QuantityZero, FieldError::QuantityZero),
            (Error::NoLines, FieldError::NoLines),
            (
                Error::ContentMissing { needed: "grams" },
                FieldError::ContentEmpty,
            ),
            (
                Error::ContentNotPositive { input: "0".into() },
                FieldError::ContentNotPositive,
            ),
            (
                Error::ContentWrongMeasure { needed: "litres" },
                FieldError::ContentWrongMeasure,
            ),
            (
                Error::UnknownTaxClass {
                    input: "tea".into(),
                },
                FieldError::TaxClassUnknown,
            ),
            (Error::UnitEmpty, FieldError::Unknown("unit.empty")),
        ];
        for (error, expected) in cases {
            assert_eq!(FieldError::from(&error), expected, "code {}", error.code());
        }
    }

    #[test]
    fn field_path_does_not_change_mapping() {
        let error = Error::EmptyAmount.at("unit_price").at("lines[0]");
        assert_eq!(FieldError::from(&error), FieldError::AmountEmpty);
    }

    #[test]
    fn every_message_exists_in_both_locales() {
        let all = [
            FieldError::AmountEmpty,
            FieldError::AmountNotANumber,
            FieldError::AmountNegative,
            FieldError::AmountTooManyDecimals,
            FieldError::AmountOutOfRange,
            FieldError::AmountOverflow,
            FieldError::HsCodeInvalid,
            FieldError::QuantityEmpty,
            FieldError::QuantityNotInteger,
            FieldError::QuantityZero,
            FieldError::QuantityTooLarge,
            FieldError::ContentEmpty,
            FieldError::ContentNotANumber,
            FieldError::ContentNotPositive,
            FieldError::ContentWrongMeasure,
            FieldError::NameEmpty,
            FieldError::NoLines,
            FieldError::TaxClassUnknown,
            FieldError::Unknown("new.code"),
        ];
        for error in all {
            let zh = error.message(Locale::zh_CN);
            let en = error.message(Locale::en);
            assert!(!zh.is_empty(), "{error:?} has a zh-CN message");
            assert!(!en.is_empty(), "{error:?} has an en message");
            assert_ne!(zh, en, "{error:?} is translated");
        }
    }

    #[test]
    fn specific_messages_read_right() {
        assert_eq!(
            FieldError::AmountTooManyDecimals.message(Locale::zh_CN),
            "金额最多两位小数（精确到分），例如 128.50。"
        );
        assert_eq!(
            FieldError::HsCodeInvalid.message(Locale::en),
            "The commodity code must be 10 digits, such as 3304990099."
        );
        assert_eq!(
            FieldError::Unknown("x.y").message(Locale::en),
            "Invalid input (x.y)."
        );
    }
}
