//! End-to-end evaluation of a 50-line cart with every consumption-tax method.
//!
//! Run with `cargo bench -p cbec-rules --bench evaluate`.

use std::hint::black_box;

use cbec_rules::declaration::{Content, Line};
use cbec_rules::{evaluate, DeclarationList, Money, TaxClass, TradeMode};
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;
use time::macros::datetime;

/// 50 lines cycling through no CT, reduced VAT, cosmetics by ml and by sheet, wine,
/// beer (specific), spirits (compound) and jewellery, with freight, insurance,
/// reductions and non-cash deductions to allocate.
fn cart() -> DeclarationList {
    let kinds: [(&str, &str, Option<Content>); 8] = [
        ("general", "6109100000", None),
        ("reduced_9", "1006300000", None),
        ("cosmetics", "3304990099", Some(Content::Millilitres(Decimal::from(30)))),
        ("cosmetics", "3304990099", Some(Content::Sheets(5))),
        ("wine", "2204210000", None),
        ("beer", "2203000000", Some(Content::Millilitres(Decimal::from(500)))),
        ("spirits", "2208200000", Some(Content::Grams(Decimal::from(700)))),
        ("jewellery", "7116100000", None),
    ];
    let lines = (0..50)
        .map(|index| {
            let (class, hs_code, content) = kinds[index % kinds.len()];
            Line {
                hs_code: hs_code.parse().unwrap(),
                name: format!("item {index}"),
                quantity: 1 + (index % 3) as u32,
                unit: "件".to_owned(),
                unit_price: Money::from_fen(299 + 137 * index as i64).unwrap(),
                content,
                tax_class: TaxClass::preset(class).unwrap(),
            }
        })
        .collect();
    DeclarationList {
        trade_mode: TradeMode::BondedImport,
        declared_at: datetime!(2026-03-01 10:00 +08:00),
        orderer_id: None,
        lines,
        freight: "23.50".parse().unwrap(),
        insurance: "1.20".parse().unwrap(),
        reductions: "30.00".parse().unwrap(),
        non_cash_deductions: "5.00".parse().unwrap(),
    }
}

fn bench_evaluate(c: &mut Criterion) {
    let list = cart();
    let used: Money = "1234.56".parse().unwrap();
    let evaluation = evaluate(&list, used).unwrap();
    assert!(evaluation.accepted, "the cart must stay within the limits to measure the common path");

    c.bench_function("evaluate 50-line mixed cart", |b| {
        b.iter(|| evaluate(black_box(&list), black_box(used)).unwrap())
    });

    let json = serde_json::to_string(&list).unwrap();
    c.bench_function("parse + evaluate + serialize 50-line cart", |b| {
        b.iter(|| {
            let list: DeclarationList = serde_json::from_str(black_box(&json)).unwrap();
            let evaluation = evaluate(&list, used).unwrap();
            serde_json::to_string(&evaluation).unwrap()
        })
    });
}

criterion_group!(benches, bench_evaluate);
criterion_main!(benches);
