//! Property tests of allocation, dutiable value and tax.

use cbec_rules::allocation::allocate;
use cbec_rules::declaration::{Content, Line};
use cbec_rules::tax::{line_tax, TaxBasis};
use cbec_rules::{evaluate, DeclarationList, Money, RuleSet, TaxClass, TradeMode};
use proptest::prelude::*;
use rust_decimal::Decimal;
use time::macros::datetime;

fn fen(value: i64) -> Money {
    Money::from_fen(value).unwrap()
}

fn line(class: &str, quantity: u32, unit_price: Money, content: Option<Content>) -> Line {
    Line {
        hs_code: "3304990099".parse().unwrap(),
        name: "goods".to_owned(),
        quantity,
        unit: "件".to_owned(),
        unit_price,
        content,
        tax_class: TaxClass::preset(class).unwrap(),
    }
}

/// A preset with a content that suits it.
fn class_and_content() -> impl Strategy<Value = (&'static str, Option<Content>)> {
    prop_oneof![
        Just(("general", None)),
        Just(("reduced_9", None)),
        Just(("wine", None)),
        Just(("jewellery", None)),
        Just(("watch", None)),
        (1u32..500).prop_map(|ml| ("cosmetics", Some(Content::Millilitres(Decimal::from(ml))))),
        (1u32..30).prop_map(|sheets| ("cosmetics", Some(Content::Sheets(sheets)))),
        (100u32..2000).prop_map(|ml| ("beer", Some(Content::Millilitres(Decimal::from(ml))))),
        (100u32..2000).prop_map(|g| ("spirits", Some(Content::Grams(Decimal::from(g))))),
        (1u32..20).prop_map(|dl| (
            "spirits",
            Some(Content::Litres(Decimal::new(i64::from(dl), 1)))
        )),
    ]
}

fn rule_set() -> impl Strategy<Value = &'static RuleSet> {
    (0..RuleSet::all().len()).prop_map(|index| &RuleSet::all()[index])
}

proptest! {
    /// Parts add up to the total exactly, and each is within one fen of its exact share.
    #[test]
    fn allocation_sums_exactly(total in 0i64..100_000_000, weights in prop::collection::vec(0i64..10_000_000, 1..60)) {
        let weights: Vec<Money> = weights.into_iter().map(fen).collect();
        let parts = allocate(fen(total), &weights).unwrap();

        prop_assert_eq!(parts.len(), weights.len());
        prop_assert_eq!(Money::checked_sum(parts.iter().copied()).unwrap(), fen(total));

        let weight_sum: i128 = weights.iter().map(|w| i128::from(w.to_fen())).sum();
        if weight_sum > 0 {
            for (part, weight) in parts.iter().zip(&weights) {
                // |part − total × weight / sum| < 1 fen, in integers.
                let scaled_part = i128::from(part.to_fen()) * weight_sum;
                let exact = i128::from(total) * i128::from(weight.to_fen());
                prop_assert!((scaled_part - exact).abs() < weight_sum);
            }
        }
    }

    /// A line's dutiable value never goes below zero and the list's value is
    /// goods + freight + insurance − reductions.
    #[test]
    fn dutiable_value_adds_up(
        prices in prop::collection::vec(0i64..1_000_000, 1..20),
        freight in 0i64..100_000,
        insurance in 0i64..10_000,
        reduction_share in 0u32..=100,
    ) {
        let lines: Vec<Line> = prices.iter().map(|&p| line("general", 1, fen(p), None)).collect();
        let goods: i64 = prices.iter().sum();
        let reductions = goods * i64::from(reduction_share) / 100;
        let list = DeclarationList {
            trade_mode: TradeMode::BondedImport,
            declared_at: datetime!(2026-03-01 10:00 +08:00),
            orderer_id: None,
            lines,
            freight: fen(freight),
            insurance: fen(insurance),
            reductions: fen(reductions),
            non_cash_deductions: Money::ZERO,
        };
        let evaluation = evaluate(&list, Money::ZERO).unwrap();
        prop_assert_eq!(evaluation.dutiable_value, fen(goods + freight + insurance - reductions));
        let line_sum = Money::checked_sum(evaluation.lines.iter().map(|l| l.value.dutiable_value)).unwrap();
        prop_assert_eq!(line_sum, evaluation.dutiable_value);
        let tax_sum = Money::checked_sum(evaluation.lines.iter().map(|l| l.tax.total)).unwrap();
        prop_assert_eq!(tax_sum, evaluation.tax.total);
    }

    /// Each tax component of a line is non-decreasing in the line's dutiable value, for
    /// every class, rule set and basis (thresholds and levy tiers only add tax).
    #[test]
    fn tax_monotonic_in_dutiable_value(
        (class, content) in class_and_content(),
        rules in rule_set(),
        quantity in 1u32..10,
        value in 1i64..5_000_000,
        step in 1i64..200_000,
        full in any::<bool>(),
    ) {
        let basis = if full { TaxBasis::Full } else { TaxBasis::WithinLimits };
        let line = line(class, quantity, fen(1), content);
        let lower = line_tax(rules, &line, fen(value), basis).unwrap().tax;
        let higher = line_tax(rules, &line, fen(value + step), basis).unwrap().tax;
        prop_assert!(lower.tariff <= higher.tariff);
        prop_assert!(lower.consumption_tax <= higher.consumption_tax);
        prop_assert!(lower.vat <= higher.vat);
        prop_assert!(lower.total <= higher.total);
    }

    /// A one-line list within the single limit: the tax never falls as the unit price
    /// rises, freight included.
    #[test]
    fn list_tax_monotonic_in_unit_price(
        (class, content) in class_and_content(),
        quantity in 2u32..5,
        price in 1i64..100_000,
        step in 1i64..10_000,
        freight in 0i64..5_000,
    ) {
        let tax_at = |unit_price: i64| {
            let list = DeclarationList {
                trade_mode: TradeMode::DirectMail,
                declared_at: datetime!(2026-03-01 10:00 +08:00),
                orderer_id: None,
                lines: vec![line(class, quantity, fen(unit_price), content)],
                freight: fen(freight),
                insurance: Money::ZERO,
                reductions: Money::ZERO,
                non_cash_deductions: Money::ZERO,
            };
            evaluate(&list, Money::ZERO).unwrap().tax.total
        };
        prop_assert!(tax_at(price) <= tax_at(price + step));
    }

    /// Within the limits, CT and VAT are the rule set's share (70 %) of the full CT and
    /// VAT at tariff 0, recomputed from the statutory formulas: each rounded component
    /// is within half a fen (0.005) of its exact share, so a line's total is within one
    /// fen (0.01) of 70 % of the exact full CT + VAT.
    ///
    /// Regression: DV 1,250.15 of cosmetics in 2016 has CT exactly 375.045, which must
    /// round to 375.05 (see `rule_set_periods.json`).
    #[test]
    fn within_limit_tax_is_share_of_full(
        (class, content) in class_and_content(),
        rules in rule_set(),
        quantity in 1u32..10,
        value in 1i64..500_000,
    ) {
        let line = line(class, quantity, fen(value), content);
        let dv = fen(value).as_decimal();
        let within = line_tax(rules, &line, fen(value), TaxBasis::WithinLimits).unwrap();
        let v = rules.vat_rate(line.tax_class.vat);
        let share = rules.within_limit_share;

        // The full CT at tariff 0, recomputed here from the statutory formulas and the
        // thresholds as the rules state them.
        let q = Decimal::from(quantity);
        let ad_valorem = |c: Decimal, levy: Decimal| (dv + levy) / (Decimal::ONE - c) * c + levy;
        let full_ct = match (class, content) {
            ("general" | "reduced_9", _) => Decimal::ZERO,
            ("wine" | "jewellery", _) => ad_valorem(Decimal::new(1, 1), Decimal::ZERO),
            ("watch", _) if dv / q >= Decimal::from(10_000) => ad_valorem(Decimal::new(2, 1), Decimal::ZERO),
            ("watch", _) => Decimal::ZERO,
            ("cosmetics", Some(content)) => {
                let (units, threshold) = match content {
                    Content::Millilitres(ml) => (ml, Decimal::TEN),
                    Content::Sheets(sheets) => (Decimal::from(sheets), Decimal::from(15)),
                    _ => unreachable!("cosmetics come with ml or sheets"),
                };
                let high_end = dv / (q * units) >= threshold;
                if rules.ordinary_cosmetics_taxed || high_end {
                    ad_valorem(rules.cosmetics_ct_rate, Decimal::ZERO)
                } else {
                    Decimal::ZERO
                }
            }
            ("beer", Some(Content::Millilitres(ml))) => {
                let litres = q * ml / Decimal::ONE_THOUSAND;
                let per_tonne = dv * Decimal::from(988) / litres;
                let levy = if per_tonne < Decimal::from(3_000) { 220 } else { 250 };
                litres / Decimal::from(988) * Decimal::from(levy)
            }
            ("spirits", Some(Content::Grams(g))) => ad_valorem(Decimal::new(2, 1), q * g / Decimal::ONE_THOUSAND),
            ("spirits", Some(Content::Litres(l))) => ad_valorem(Decimal::new(2, 1), q * l * Decimal::new(912, 3)),
            other => unreachable!("no oracle for {other:?}"),
        };
        let full_vat = (dv + full_ct) * v;

        // Each component is rounded once after the share: within half a fen. The
        // oracle's own 28-digit divisions may miss an exact half fen (375.045 computed
        // as 375.04499…), so the bound allows 10^-20 for them.
        let half_fen = Decimal::new(5, 3) + Decimal::new(1, 20);
        let ct_gap = (within.tax.consumption_tax.as_decimal() - share * full_ct).abs();
        let vat_gap = (within.tax.vat.as_decimal() - share * full_vat).abs();
        let total_gap = (within.tax.total.as_decimal() - share * (full_ct + full_vat)).abs();
        prop_assert!(within.tax.tariff.is_zero());
        prop_assert!(ct_gap <= half_fen, "CT {} vs exact {}", within.tax.consumption_tax, share * full_ct);
        prop_assert!(vat_gap <= half_fen, "VAT {} vs exact {}", within.tax.vat, share * full_vat);
        prop_assert!(total_gap <= half_fen * Decimal::TWO, "total {} vs exact {}", within.tax.total, share * (full_ct + full_vat));
    }
}

proptest! {
    /// The lines suggested for removal make the list fit, and no smaller number of
    /// lines would.
    #[test]
    fn removal_makes_list_fit(
        prices in prop::collection::vec(1i64..300_000, 1..12),
        freight in 0i64..5_000,
        target in 0i64..1_000_000,
    ) {
        use cbec_rules::dutiable_value::DutiableValue;
        use cbec_rules::limits::lines_to_remove;

        let list = DeclarationList {
            trade_mode: TradeMode::BondedImport,
            declared_at: datetime!(2026-03-01 10:00 +08:00),
            orderer_id: None,
            lines: prices.iter().map(|&p| line("general", 1, fen(p), None)).collect(),
            freight: fen(freight),
            insurance: Money::ZERO,
            reductions: Money::ZERO,
            non_cash_deductions: Money::ZERO,
        };
        let value = DutiableValue::of(&list).unwrap();
        let removed = lines_to_remove(&value, fen(target));
        let excess = value.total.to_fen() - target;

        if excess <= 0 {
            prop_assert!(removed.is_empty());
            return Ok(());
        }
        let removed_fen: i64 = removed.iter().map(|&i| prices[i]).sum();
        let mut descending = prices.clone();
        descending.sort_unstable_by(|a, b| b.cmp(a));
        let all: i64 = prices.iter().sum();
        if all < excess {
            // Nothing fits: every line is named.
            prop_assert_eq!(removed.len(), prices.len());
        } else {
            prop_assert!(removed_fen >= excess, "removing {removed:?} leaves the list over");
            // The k most valuable lines are the best k-set; k − 1 of them must not suffice.
            let fewer: i64 = descending[..removed.len() - 1].iter().sum();
            prop_assert!(fewer < excess, "{} lines would have been enough", removed.len() - 1);
        }
    }
}

/// Any decimal from tiny to huge, to reach the overflow paths.
fn extreme_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1i64..i64::MAX, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        Just(Decimal::MAX),
        Just(Decimal::new(1, 28)),
    ]
}

fn extreme_content() -> impl Strategy<Value = Option<Content>> {
    prop_oneof![
        Just(None),
        extreme_decimal().prop_map(|d| Some(Content::Millilitres(d))),
        extreme_decimal().prop_map(|d| Some(Content::Kilograms(d))),
        any::<u32>().prop_map(|n| Some(Content::Sheets(n))),
    ]
}

proptest! {
    /// Extreme quantities, prices, contents and custom rates give a result or an
    /// error, never a panic.
    #[test]
    fn evaluate_never_panics(
        (class, _) in class_and_content(),
        content in extreme_content(),
        quantity in prop_oneof![Just(u32::MAX), 1u32..5],
        price in prop_oneof![Just(Money::MAX.to_fen()), 0i64..1_000_000],
        freight in prop_oneof![Just(Money::MAX.to_fen()), 0i64..1_000],
        ct_rate in prop_oneof![Just(Decimal::new(9_999_999_999, 10)), Just(Decimal::ZERO), Just(Decimal::new(5, 1))],
        custom in any::<bool>(),
        year in 2016i32..2030,
    ) {
        let mut goods = line(class, quantity, fen(price), content);
        if custom {
            goods.tax_class.consumption_tax =
                cbec_rules::tax_class::ConsumptionTax::AdValorem { rate: ct_rate, min_price_per_piece: None };
        }
        let declared_at = time::Date::from_calendar_date(year, time::Month::June, 1)
            .unwrap()
            .midnight()
            .assume_offset(cbec_rules::cst::OFFSET);
        let list = DeclarationList {
            trade_mode: TradeMode::DirectMail,
            declared_at,
            orderer_id: None,
            lines: vec![goods.clone(), goods],
            freight: fen(freight),
            insurance: Money::ZERO,
            reductions: Money::ZERO,
            non_cash_deductions: Money::ZERO,
        };
        let _ = evaluate(&list, Money::MAX);
        let _ = evaluate(&list, Money::ZERO);
    }
}
