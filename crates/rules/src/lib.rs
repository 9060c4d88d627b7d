//! China cross-border e-commerce (CBEC) retail import rules: dutiable value (完税价格),
//! the single-order and annual limits, the comprehensive tax (跨境电商综合税), return
//! deadlines, identity and three-document (三单) checks.
//!
//! The crate has no web dependency; the browser app, the `cbec` CLI and the platform
//! server all call it.

mod error;
pub mod hs_code;
pub mod identity;
pub mod json;
pub mod money;
pub mod normalize;
pub mod positive_list;
pub mod three_documents;
pub mod trade_mode;

pub mod allocation;
pub mod cst;
pub mod declaration;
pub mod dutiable_value;
pub mod evaluate;
pub mod limits;
pub mod returns;
pub mod rule_set;
pub mod tax;
pub mod tax_class;

pub use error::Error;
pub use hs_code::HsCode;
pub use money::Money;
pub use trade_mode::TradeMode;

pub use declaration::{DeclarationList, Line};
pub use evaluate::{evaluate, evaluate_with, Evaluation, Reason};
pub use rule_set::RuleSet;
pub use tax_class::TaxClass;
