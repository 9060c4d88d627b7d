//! The crate's one error type.

use std::fmt;

/// Every way an input to the rules can be invalid.
///
/// Each variant has a stable machine-readable [`code`](Error::code) that user interfaces
/// map to their own zh-CN and en messages; the `Display` text is English for logs and the
/// CLI. Errors found inside a structure are wrapped in [`Error::Field`] with the path of
/// the offending field, for example `lines[2].unit_price`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An amount was an empty string.
    EmptyAmount,
    /// An amount was not a decimal number such as `128.50`.
    NotANumber { input: String },
    /// An amount was below zero.
    NegativeAmount { input: String },
    /// An amount had more than two decimal places (finer than one fen).
    TooManyDecimals { input: String },
    /// An amount was above [`Money::MAX`](crate::Money::MAX).
    AmountOutOfRange { input: String },
    /// A computation on amounts went above [`Money::MAX`](crate::Money::MAX).
    AmountOverflow,
    /// A commodity code was not exactly ten digits.
    InvalidHsCode { input: String },
    /// Another error, found at the named field of a structure.
    Field { field: String, source: Box<Error> },
}

impl Error {
    /// Wraps `self` with the field where it was found; nested calls build a path from the
    /// outside in, so `e.at("unit_price").at("lines[2]")` reads `lines[2].unit_price`.
    #[must_use]
    pub fn at(self, field: impl Into<String>) -> Error {
        let field = field.into();
        match self {
            Error::Field { field: inner, source } => {
                let joined = if inner.starts_with('[') {
                    format!("{field}{inner}")
                } else {
                    format!("{field}.{inner}")
                };
                Error::Field { field: joined, source }
            }
            other => Error::Field { field, source: Box::new(other) },
        }
    }

    /// Returns the field path if the error was found inside a structure.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Field { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Returns the innermost error, without the field path.
    pub fn root(&self) -> &Error {
        match self {
            Error::Field { source, .. } => source.root(),
            other => other,
        }
    }

    /// Returns the stable machine-readable code of the innermost error, such as
    /// `amount.too_many_decimals`.
    pub fn code(&self) -> &'static str {
        match self.root() {
            Error::EmptyAmount => "amount.empty",
            Error::NotANumber { .. } => "amount.not_a_number",
            Error::NegativeAmount { .. } => "amount.negative",
            Error::TooManyDecimals { .. } => "amount.too_many_decimals",
            Error::AmountOutOfRange { .. } => "amount.out_of_range",
            Error::AmountOverflow => "amount.overflow",
            Error::InvalidHsCode { .. } => "hs_code.invalid",
            Error::Field { .. } => unreachable!("root() never returns a Field"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyAmount => f.write_str("amount is empty: enter a number such as 128.50"),
            Error::NotANumber { input } => {
                write!(f, "amount {input:?} is not a number: use digits and at most one decimal point, such as 128.50")
            }
            Error::NegativeAmount { input } => {
                write!(f, "amount {input:?} is negative: enter zero or more")
            }
            Error::TooManyDecimals { input } => {
                write!(f, "amount {input:?} has more than two decimals: round it to the fen, such as 128.50")
            }
            Error::AmountOutOfRange { input } => write!(
                f,
                "amount {input:?} is too large: the maximum is {}",
                crate::Money::MAX
            ),
            Error::AmountOverflow => write!(
                f,
                "a computed amount exceeds the maximum of {}: check quantities and prices",
                crate::Money::MAX
            ),
            Error::InvalidHsCode { input } => write!(
                f,
                "commodity code {input:?} is not 10 digits: copy the full code (商品编码) from the product page or declaration, such as 3304990099"
            ),
            Error::Field { field, source } => write!(f, "{field}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Field { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}
