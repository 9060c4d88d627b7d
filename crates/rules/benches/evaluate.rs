//! End-to-end evaluation of a 50-line cart with every consumption-tax method.
//!
//! Run with `cargo bench -p cbec-rules --bench evaluate`.

use std::hint::black_box;

use cbec_rules::{evaluate, DeclarationList, Money};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "fixtures/cart.rs"]
mod fixtures;
use fixtures::cart;

fn bench_evaluate(c: &mut Criterion) {
    let list = cart();
    let used: Money = "1234.56".parse().unwrap();
    let evaluation = evaluate(&list, used).unwrap();
    assert!(
        evaluation.accepted,
        "the cart must stay within the limits to measure the common path"
    );

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
