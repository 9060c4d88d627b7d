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
    /// A resident ID number did not have 18 characters after removing spaces.
    IdLength { length: usize },
    /// A resident ID number had a character other than a digit, or `X` in the last place.
    IdCharacter { position: usize, character: char },
    /// A resident ID number began with a code that is no province of GB/T 2260.
    IdRegion { province: String },
    /// A resident ID number's birth date was no real date from 1900-01-01 to today.
    IdBirthDate { birth_date: String },
    /// A resident ID number's last character did not match the GB 11643 check digit.
    IdCheckDigit { expected: char, found: char },
    /// A JSON document was malformed, missed a field or had a value of the wrong type.
    InvalidJson { message: String },
    /// A positive-list table had no column with one of the accepted header names.
    ListMissingColumn { column: String },
    /// A positive-list row's tariff line (税则号列) was not 8 digits.
    ListTariffLine { row: usize, input: String },
    /// A positive-list row repeated a tariff line of an earlier row.
    ListDuplicateTariffLine {
        row: usize,
        first_row: usize,
        tariff_line: String,
    },
    /// A positive-list row was not well-formed CSV or had more fields than the header.
    ListCsv { row: usize, problem: String },
    /// A positive-list table had a header but no rows.
    ListEmpty,
    /// A trade mode was neither `1210` (online bonded import) nor `9610` (direct mail).
    InvalidTradeMode { input: String },
    /// A declaration time was before 2016-04-08 CST, when the CBEC retail import rules began.
    RuleSetBefore2016 { date: String },
    /// A declaration list had no lines.
    NoLines,
    /// A line's goods name was empty.
    NameEmpty,
    /// A line's quantity was zero.
    QuantityZero,
    /// A line's declared unit was empty.
    UnitEmpty,
    /// A line's content per piece was zero or negative.
    ContentNotPositive { input: String },
    /// A line's consumption tax needs a content per piece that the line did not state.
    ContentMissing { needed: &'static str },
    /// A line stated its content in a measure its consumption tax cannot use.
    ContentWrongMeasure { needed: &'static str },
    /// A tax rate was negative or not below its maximum.
    RateOutOfRange { input: String, max: String },
    /// A specific levy was negative or stated per zero or negative units.
    LevyNotPositive { yuan: String, per: String },
    /// A tax class named a preset id that does not exist.
    UnknownTaxClass { input: String },
    /// Genuine price reductions were larger than the goods value.
    ReductionsExceedGoods {
        reductions: crate::Money,
        goods: crate::Money,
    },
    /// Non-cash deductions were larger than the goods value after reductions.
    DeductionsExceedGoods {
        deductions: crate::Money,
        goods: crate::Money,
    },
    /// A return named a line number that the declaration list does not have.
    ReturnedLineUnknown { line: usize, lines: usize },
    /// A return named the same line twice.
    ReturnedLineTwice { line: usize },
    /// A return was recorded on a list that customs never released.
    ReturnWithoutRelease,
    /// A tariff line (税则号列) was not exactly eight digits.
    InvalidTariffLine { input: String },
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
            Error::Field {
                field: inner,
                source,
            } => {
                let joined = if inner.starts_with('[') {
                    format!("{field}{inner}")
                } else {
                    format!("{field}.{inner}")
                };
                Error::Field {
                    field: joined,
                    source,
                }
            }
            other => Error::Field {
                field,
                source: Box::new(other),
            },
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
            Error::IdLength { .. } => "id.length",
            Error::IdCharacter { .. } => "id.characters",
            Error::IdRegion { .. } => "id.region",
            Error::IdBirthDate { .. } => "id.birth_date",
            Error::IdCheckDigit { .. } => "id.check_digit",
            Error::InvalidJson { .. } => "json.invalid",
            Error::ListMissingColumn { .. } => "list.missing_column",
            Error::ListTariffLine { .. } => "list.tariff_line",
            Error::ListDuplicateTariffLine { .. } => "list.duplicate_tariff_line",
            Error::ListCsv { .. } => "list.csv",
            Error::ListEmpty => "list.empty",
            Error::InvalidTradeMode { .. } => "trade_mode.invalid",
            Error::RuleSetBefore2016 { .. } => "rule_set.before_2016",
            Error::NoLines => "lines.empty",
            Error::NameEmpty => "name.empty",
            Error::QuantityZero => "quantity.zero",
            Error::UnitEmpty => "unit.empty",
            Error::ContentNotPositive { .. } => "content.not_positive",
            Error::ContentMissing { .. } => "content.missing",
            Error::ContentWrongMeasure { .. } => "content.wrong_measure",
            Error::RateOutOfRange { .. } => "tax_class.rate_out_of_range",
            Error::LevyNotPositive { .. } => "tax_class.levy_invalid",
            Error::UnknownTaxClass { .. } => "tax_class.unknown",
            Error::ReductionsExceedGoods { .. } => "reductions.exceed_goods_value",
            Error::DeductionsExceedGoods { .. } => "non_cash_deductions.exceed_goods_value",
            Error::ReturnedLineUnknown { .. } => "returns.line_unknown",
            Error::ReturnedLineTwice { .. } => "returns.line_twice",
            Error::ReturnWithoutRelease => "returns.not_released",
            Error::InvalidTariffLine { .. } => "tariff_line.invalid",
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
            Error::IdLength { length } => write!(
                f,
                "ID number has {length} characters, not 18: enter all 18 characters of the resident ID card (15-digit first-generation numbers are not accepted)"
            ),
            Error::IdCharacter { position, character } => write!(
                f,
                "ID number has {character:?} at position {position}: only digits are allowed, and X only as the last character"
            ),
            Error::IdRegion { province } => write!(
                f,
                "ID number starts with {province:?}, which is no province code: check the first two digits against the ID card"
            ),
            Error::IdBirthDate { birth_date } => write!(
                f,
                "ID number has birth date {birth_date:?} (digits 7-14), which is no real date from 1900-01-01 to today: check those digits against the ID card"
            ),
            Error::IdCheckDigit { expected, found } => write!(
                f,
                "ID number ends in {found:?} but its first 17 digits give check digit {expected:?}: one of the 18 characters is mistyped, check them against the ID card"
            ),
            Error::InvalidJson { message } => write!(f, "invalid JSON: {message}"),
            Error::ListMissingColumn { column } => write!(
                f,
                "positive-list header has no {column} column: export the table with its header row (序号, 税则号列, 商品名称, 备注)"
            ),
            Error::ListTariffLine { row, input } => write!(
                f,
                "positive-list row {row}, column 税则号列: {input:?} is not an 8-digit tariff line: write 8 digits such as 04029100 or 0402.9100, and keep leading zeros (format the column as text)"
            ),
            Error::ListDuplicateTariffLine { row, first_row, tariff_line } => write!(
                f,
                "positive-list row {row}, column 税则号列: tariff line {tariff_line} already appears in row {first_row}: remove one of the two rows"
            ),
            Error::ListCsv { row, problem } => write!(
                f,
                "positive-list row {row}: {problem}: save the table as CSV (UTF-8) with one record per row"
            ),
            Error::ListEmpty => f.write_str(
                "positive-list table has a header but no rows: export the whole table, not only its header",
            ),
            Error::InvalidTradeMode { input } => write!(
                f,
                "trade mode {input:?} is not a CBEC import mode: use 1210 (online bonded import) or 9610 (direct mail)"
            ),
            Error::RuleSetBefore2016 { date } => write!(
                f,
                "declaration date {date} (CST) is before 2016-04-08, when the CBEC retail import rules began: use a later declaration time"
            ),
            Error::NoLines => f.write_str("declaration list has no lines: add at least one line of goods"),
            Error::NameEmpty => f.write_str("goods name is empty: enter the name as declared, such as 面霜"),
            Error::QuantityZero => f.write_str("quantity is 0: enter the number of pieces, 1 or more"),
            Error::UnitEmpty => f.write_str("unit is empty: enter the declared unit, such as 件 or 瓶"),
            Error::ContentNotPositive { input } => write!(
                f,
                "content per piece {input:?} is not above zero: enter the millilitres, grams or sheets of one piece"
            ),
            Error::ContentMissing { needed } => write!(
                f,
                "content per piece is missing: this tax class needs {needed}, such as {{\"grams\": \"50\"}}"
            ),
            Error::ContentWrongMeasure { needed } => write!(
                f,
                "content per piece is in a measure this tax class cannot use: give {needed}"
            ),
            Error::RateOutOfRange { input, max } => write!(
                f,
                "rate {input} is out of range: write a fraction from 0 and below {max}, such as 0.13 for 13 %"
            ),
            Error::LevyNotPositive { yuan, per } => write!(
                f,
                "levy of {yuan} yuan per {per} units is invalid: the levy must be 0 or more and stated per more than 0 kg or litres"
            ),
            Error::UnknownTaxClass { input } => write!(
                f,
                "tax class {input:?} is unknown: use one of general, reduced_9, cosmetics, wine, beer, spirits, jewellery, watch, or give the class's fields"
            ),
            Error::ReductionsExceedGoods { reductions, goods } => write!(
                f,
                "price reductions of {reductions} exceed the goods value of {goods}: enter at most the goods value"
            ),
            Error::DeductionsExceedGoods { deductions, goods } => write!(
                f,
                "non-cash deductions of {deductions} exceed the goods value after reductions of {goods}: enter at most that amount"
            ),
            Error::ReturnedLineUnknown { line, lines } => write!(
                f,
                "returned line {line} does not exist: the declaration list has lines 0 to {}",
                lines.saturating_sub(1)
            ),
            Error::ReturnedLineTwice { line } => {
                write!(f, "returned line {line} is listed twice: list each returned line once")
            }
            Error::ReturnWithoutRelease => f.write_str(
                "a return is recorded on a list that was never released: returns apply only to released lists",
            ),
            Error::InvalidTariffLine { input } => write!(
                f,
                "tariff line {input:?} is not 8 digits: use the first 8 digits of the commodity code, such as 04029100, with leading zeros"
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
