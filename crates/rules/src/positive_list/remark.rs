//! The remarks column (备注) of the positive list, split into typed conditions.
//!
//! The official table writes its conditions as free Chinese text. The kinds recognised
//! here are the ones the list uses: exclusions (goods on the endangered wild fauna and
//! flora list, foods that are not ordinary foods, dual-use items), "online bonded import
//! only", restrictions to some goods named within a tariff line, and per-person
//! quantity caps. Text that matches none of them is kept as
//! [`Condition::Other`], so no remark is ever dropped.

use rust_decimal::Decimal;
use serde::Serialize;

/// One condition that a positive-list remark attaches to a tariff line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// Goods listed in the catalogue of endangered wild fauna and flora
    /// (《进出口野生动植物种商品目录》) are excluded from the line.
    ExcludesEndangeredSpecies { text: String },
    /// Foods that are not ordinary foods, or special foods that need registration or
    /// filing, are excluded from the line.
    ExcludesSpecialFoods { text: String },
    /// Dual-use items and technologies under export-control licensing are excluded.
    ExcludesDualUse { text: String },
    /// The line may enter only as online bonded import (1210), not by direct mail (9610).
    BondedImportOnly { text: String },
    /// Only the goods named in the text are on the list within this tariff line.
    NameRestriction { text: String },
    /// A cap on the quantity one person may buy; `limit` and `unit` are filled when the
    /// text contains a number with a recognised unit.
    QuantityCap {
        text: String,
        limit: Option<Decimal>,
        unit: Option<String>,
        /// The cap is per person per calendar year (每人每年).
        per_person_per_year: bool,
        /// The cap is shared with other tariff lines (合计, 合并).
        combined: bool,
    },
    /// A remark of no recognised kind, kept verbatim.
    Other { text: String },
}

impl Condition {
    /// Returns the remark text the condition was read from.
    pub fn text(&self) -> &str {
        match self {
            Condition::ExcludesEndangeredSpecies { text }
            | Condition::ExcludesSpecialFoods { text }
            | Condition::ExcludesDualUse { text }
            | Condition::BondedImportOnly { text }
            | Condition::NameRestriction { text }
            | Condition::QuantityCap { text, .. }
            | Condition::Other { text } => text,
        }
    }
}

/// Units recognised after a number in a quantity cap, longest spelling first so that
/// `毫升` is not read as `升`.
const UNITS: [&str; 16] = [
    "千克", "公斤", "毫升", "kg", "KG", "ml", "mL", "ML", "克", "升", "件", "个", "瓶", "盒", "罐",
    "袋",
];

/// Splits a remark into conditions.
///
/// The text is cut at `;`, `；`, `。` and line breaks, and each clause is further cut at
/// commas when its parts are of different kinds. Each part becomes one condition;
/// consecutive parts of no recognised kind are joined back into one
/// [`Condition::Other`].
pub fn parse_remark(remark: &str) -> Vec<Condition> {
    let mut conditions = Vec::new();

    for clause in remark.split([';', '；', '。', '\n', '\r']) {
        let mut unrecognised: Vec<&str> = Vec::new();

        for part in clause.split([',', '，']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            match classify(part) {
                Some(condition) => {
                    flush_other(&mut unrecognised, &mut conditions);
                    conditions.push(condition);
                }
                None => unrecognised.push(part),
            }
        }
        flush_other(&mut unrecognised, &mut conditions);
    }

    conditions
}

fn flush_other(parts: &mut Vec<&str>, conditions: &mut Vec<Condition>) {
    if !parts.is_empty() {
        conditions.push(Condition::Other {
            text: parts.join("，"),
        });
        parts.clear();
    }
}

fn classify(part: &str) -> Option<Condition> {
    let text = part.to_owned();

    if part.contains("野生动植物") {
        return Some(Condition::ExcludesEndangeredSpecies { text });
    }
    if part.contains("普通食品") || part.contains("特殊食品") {
        return Some(Condition::ExcludesSpecialFoods { text });
    }
    if part.contains("两用物项") {
        return Some(Condition::ExcludesDualUse { text });
    }
    if part.contains("网购保税") {
        return Some(Condition::BondedImportOnly { text });
    }
    if is_quantity_cap(part) {
        let (limit, unit) = match read_amount(part) {
            Some((limit, unit)) => (Some(limit), Some(unit)),
            None => (None, None),
        };
        return Some(Condition::QuantityCap {
            per_person_per_year: part.contains("每人每年"),
            combined: part.contains("合计") || part.contains("合并"),
            text,
            limit,
            unit,
        });
    }
    if part.starts_with("仅限") || part.starts_with("限于") {
        return Some(Condition::NameRestriction { text });
    }
    None
}

fn is_quantity_cap(part: &str) -> bool {
    ["每人每年", "限购", "不超过", "不得超过", "限量"]
        .iter()
        .any(|marker| part.contains(marker))
}

/// Reads the first number followed by a recognised unit, such as `2千克` or `1.5 kg`.
fn read_amount(part: &str) -> Option<(Decimal, String)> {
    let mut rest = part;

    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let number_part = &rest[start..];
        let length = number_part
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(number_part.len());
        let (number, after) = number_part.split_at(length);
        let after = after.trim_start();

        if let Some(unit) = UNITS.iter().find(|unit| after.starts_with(**unit)) {
            if let Ok(limit) = number.trim_end_matches('.').parse::<Decimal>() {
                return Some((limit, (*unit).to_owned()));
            }
        }
        rest = after;
    }

    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_two_exclusions() {
        let conditions = parse_remark(
            "列入《进出口野生动植物种商品目录》的商品除外;依法不属于普通食品或依法需要注册备案管理的特殊食品除外",
        );
        assert_eq!(conditions.len(), 2);
        assert!(matches!(
            conditions[0],
            Condition::ExcludesEndangeredSpecies { .. }
        ));
        assert!(matches!(
            conditions[1],
            Condition::ExcludesSpecialFoods { .. }
        ));
        assert_eq!(
            conditions[0].text(),
            "列入《进出口野生动植物种商品目录》的商品除外"
        );
    }

    #[test]
    fn reads_bonded_only_and_cap_in_one_clause() {
        let conditions = parse_remark("仅限网购保税进口，每人每年限购2千克");
        assert_eq!(conditions.len(), 2);
        assert!(matches!(conditions[0], Condition::BondedImportOnly { .. }));
        assert_eq!(
            conditions[1],
            Condition::QuantityCap {
                text: "每人每年限购2千克".into(),
                limit: Some(Decimal::from(2)),
                unit: Some("千克".into()),
                per_person_per_year: true,
                combined: false,
            }
        );
    }

    #[test]
    fn reads_combined_cap_with_decimal() {
        let conditions = parse_remark("与10063020合计每人每年不超过20.5 kg");
        let Condition::QuantityCap {
            limit,
            unit,
            combined,
            ..
        } = &conditions[0]
        else {
            panic!("expected a quantity cap, got {conditions:?}");
        };
        // The tariff line 10063020 has no unit after it, so the cap is 20.5 kg.
        assert_eq!(*limit, Some("20.5".parse().unwrap()));
        assert_eq!(unit.as_deref(), Some("kg"));
        assert!(*combined);
    }

    #[test]
    fn keeps_cap_without_number() {
        let conditions = parse_remark("限购，数量以海关规定为准");
        assert!(matches!(
            &conditions[0],
            Condition::QuantityCap {
                limit: None,
                unit: None,
                ..
            }
        ));
        assert_eq!(
            conditions[1],
            Condition::Other {
                text: "数量以海关规定为准".into()
            }
        );
    }

    #[test]
    fn reads_name_restriction() {
        let conditions = parse_remark("仅限家用打印机墨水");
        assert_eq!(
            conditions,
            vec![Condition::NameRestriction {
                text: "仅限家用打印机墨水".into()
            }]
        );
    }

    #[test]
    fn millilitres_are_not_litres() {
        let conditions = parse_remark("每人每年不超过500毫升");
        let Condition::QuantityCap { unit, .. } = &conditions[0] else {
            panic!("expected a quantity cap, got {conditions:?}");
        };
        assert_eq!(unit.as_deref(), Some("毫升"));
    }

    #[test]
    fn keeps_unknown_text_whole() {
        let conditions = parse_remark("需提供检疫证明，由口岸核验");
        assert_eq!(
            conditions,
            vec![Condition::Other {
                text: "需提供检疫证明，由口岸核验".into()
            }]
        );
        assert!(parse_remark("").is_empty());
        assert!(parse_remark(" ; ").is_empty());
    }
}
