use serde_json::{json, Value};
use time::macros::date;

use super::*;

const BUNDLE: &str = include_str!("../../tests/data/three-documents/bundle-ok.json");
const TODAY: Date = date!(2026 - 12 - 04);

/// Applies `edit` to the passing bundle, checks it, and returns the report.
fn check_edited(edit: impl FnOnce(&mut Value)) -> Report {
    let mut value: Value = serde_json::from_str(BUNDLE).unwrap();
    edit(&mut value);
    let documents: ThreeDocuments = serde_json::from_value(value).unwrap();
    check(&documents, TODAY)
}

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect()
}

fn display_codes(report: &Report) -> Vec<&str> {
    report
        .findings
        .iter()
        .map(|finding| finding.display_code.as_str())
        .collect()
}

#[test]
fn consistent_documents_pass() {
    let report = check_edited(|_| {});
    assert!(report.passed);
    assert_eq!(report.findings, vec![]);
}

#[test]
fn float_sum_off_by_one_fen() {
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; a shop that sums in
    // floats and truncates declares one fen less than the exact sum.
    let report = check_edited(|bundle| {
        bundle["order"]["goodsValue"] = json!("0.30");
        bundle["order"]["freight"] = json!("0.00");
        bundle["order"]["discount"] = json!("0.00");
        bundle["order"]["taxTotal"] = json!("0.03");
        bundle["order"]["acturalPaid"] = json!("0.32");
        bundle["payment"]["amountPaid"] = json!("0.32");
        bundle["list"]["freight"] = json!("0.00");
        bundle["order"]["lines"] = json!([
            { "gnum": 1, "itemNo": "A", "itemName": "a", "qty": 1, "price": "0.10", "totalPrice": "0.10" },
            { "gnum": 2, "itemNo": "B", "itemName": "b", "qty": 1, "price": "0.20", "totalPrice": "0.20" }
        ]);
        bundle["list"]["lines"] = json!([
            { "gnum": 1, "itemNo": "A", "gcode": "3304990099", "gname": "a", "qty": 1, "price": "0.10", "totalPrice": "0.10" },
            { "gnum": 2, "itemNo": "B", "gcode": "3304990099", "gname": "b", "qty": 1, "price": "0.20", "totalPrice": "0.20" }
        ]);
    });

    assert!(!report.passed);
    assert_eq!(codes(&report), vec!["C311-ACTURALPAID"]);
    let finding = &report.findings[0];
    assert_eq!(finding.field, "order.acturalPaid");
    assert_eq!(finding.expected, "0.33");
    assert_eq!(finding.found, "0.32");
    assert!(finding.message.contains("send 0.33"), "{}", finding.message);
}

#[test]
fn payment_one_fen_short() {
    let report = check_edited(|bundle| bundle["payment"]["amountPaid"] = json!("674.82"));
    assert_eq!(codes(&report), vec!["C411-AMOUNTPAID"]);
    assert_eq!(report.findings[0].expected, "674.83");
}

#[test]
fn coupon_counted_twice() {
    // The voucher lowered goodsValue and was also sent as a discount.
    let report = check_edited(|bundle| {
        bundle["order"]["goodsValue"] = json!("604.80");
        bundle["order"]["acturalPaid"] = json!("674.83");
    });
    assert_eq!(codes(&report), vec!["C311-GOODSVALUE", "C311-ACTURALPAID"]);
}

#[test]
fn full_width_name_is_a_warning() {
    let report = check_edited(|bundle| {
        bundle["list"]["buyerName"] = json!("张\u{3000}三");
        bundle["waybill"]["consignee"] = json!("李 四");
    });
    assert!(report.passed, "{:?}", report.findings);
    assert_eq!(
        display_codes(&report),
        vec!["C511-CONSIGNEE-NAME-FORMAT", "C621-BUYER-NAME-FORMAT"]
    );
    assert!(report
        .findings
        .iter()
        .all(|finding| finding.severity == Severity::Warning));
}

#[test]
fn spaces_in_phone_are_a_warning() {
    let report = check_edited(|bundle| {
        bundle["waybill"]["consigneeTelephone"] = json!("+86 139-0013-9000");
        bundle["list"]["buyerTelephone"] = json!("１３８ ００１３ ８０００");
    });
    assert!(report.passed);
    assert_eq!(
        display_codes(&report),
        vec!["C511-CONSIGNEE-PHONE-FORMAT", "C621-BUYER-PHONE-FORMAT"]
    );
}

#[test]
fn different_phone_is_an_error() {
    let report =
        check_edited(|bundle| bundle["waybill"]["consigneeTelephone"] = json!("13900139001"));
    assert!(!report.passed);
    assert_eq!(codes(&report), vec!["C511-CONSIGNEE-PHONE"]);
    assert_eq!(report.findings[0].severity, Severity::Error);
}

#[test]
fn different_address_is_an_error() {
    let report = check_edited(|bundle| {
        bundle["waybill"]["consigneeAddress"] = json!("北京市朝阳区建国路1号3-102室")
    });
    assert_eq!(
        codes(&report),
        vec!["C511-CONSIGNEE-ADDRESS", "C621-CONSIGNEE-ADDRESS"]
    );
}

#[test]
fn currency_must_be_142_everywhere() {
    let report = check_edited(|bundle| {
        bundle["order"]["currency"] = json!("CNY");
        bundle["payment"]["currency"] = json!("156");
        bundle["waybill"]["currency"] = json!("502");
        bundle["list"]["currency"] = json!("");
    });
    assert_eq!(
        codes(&report),
        vec![
            "C311-CURRENCY",
            "C411-CURRENCY",
            "C511-CURRENCY",
            "C621-CURRENCY"
        ]
    );
}

#[test]
fn payer_other_than_orderer() {
    let other_payer = |bundle: &mut Value| {
        bundle["payment"]["payerName"] = json!("王五");
        bundle["payment"]["payerIdNumber"] = json!("440524188001010014");
        bundle["payment"]["telephone"] = json!("13700137000");
    };

    let report = check_edited(other_payer);
    assert_eq!(
        codes(&report),
        vec!["C411-PAYER-NAME", "C411-PAYER-ID", "C411-PAYER-PHONE"]
    );
    let id_finding = &report.findings[1];
    assert_eq!(id_finding.found, "440524********0014");
    assert!(
        !id_finding.message.contains("440524188001010014"),
        "{}",
        id_finding.message
    );

    let report = check_edited(|bundle| {
        other_payer(bundle);
        bundle["ordererVerification"] = json!("verified");
    });
    assert!(report.passed);
    assert_eq!(report.findings, vec![]);
}

#[test]
fn invalid_orderer_id() {
    let report = check_edited(|bundle| {
        for document in ["order", "list"] {
            bundle[document]["buyerIdNumber"] = json!("110105194912310021");
        }
        bundle["payment"]["payerIdNumber"] = json!("110105194912310021");
    });
    assert_eq!(codes(&report), vec!["C311-BUYER-ID"]);
    assert!(
        report.findings[0].message.contains("check digit"),
        "{}",
        report.findings[0].message
    );
}

#[test]
fn orderer_differs_on_list() {
    let report = check_edited(|bundle| {
        bundle["list"]["buyerName"] = json!("张山");
        bundle["list"]["buyerIdNumber"] = json!("11010519491231002x");
    });
    assert!(!report.passed);
    assert_eq!(
        display_codes(&report),
        vec!["C621-BUYER-NAME", "C621-BUYER-ID-FORMAT"]
    );
}

#[test]
fn numbers_must_join_the_documents() {
    let report = check_edited(|bundle| {
        bundle["payment"]["orderNo"] = json!("SO20261204002");
        bundle["waybill"]["orderNo"] = json!(" SO20261204001 ");
        bundle["list"]["orderNo"] = json!("SO20261204003");
        bundle["list"]["logisticsNo"] = json!("YT0000000000");
    });
    assert_eq!(
        codes(&report),
        vec!["C411-ORDERNO", "C621-ORDERNO", "C621-LOGISTICSNO"]
    );
}

#[test]
fn list_freight_differs() {
    let report = check_edited(|bundle| bundle["list"]["freight"] = json!("8.00"));
    assert_eq!(codes(&report), vec!["C621-FREIGHT"]);
}

#[test]
fn list_lines_differ_from_order() {
    let report = check_edited(|bundle| {
        let lines = &mut bundle["list"]["lines"];
        lines[0]["itemNo"] = json!("SKU-009");
        lines[1]["qty"] = json!(3);
        lines[1]["totalPrice"] = json!("299.70");
    });
    assert_eq!(
        codes(&report),
        vec!["C621-LINE-ITEMNO", "C621-LINE-QTY", "C621-LINE-TOTALPRICE"]
    );
    assert_eq!(report.findings[1].field, "list.lines[1].qty");
}

#[test]
fn list_line_price_and_arithmetic() {
    let report = check_edited(|bundle| bundle["list"]["lines"][1]["price"] = json!("99.89"));
    assert_eq!(codes(&report), vec!["C621-LINE-AMOUNT", "C621-LINE-PRICE"]);
}

#[test]
fn missing_and_extra_lines() {
    let report = check_edited(|bundle| {
        let lines = bundle["list"]["lines"].as_array_mut().unwrap();
        lines[1]["gnum"] = json!(3);
    });
    assert_eq!(
        codes(&report),
        vec!["C621-GNUM", "C621-LINE-MISSING", "C621-LINE-MISSING"]
    );

    let report = check_edited(|bundle| {
        bundle["list"]["lines"].as_array_mut().unwrap().pop();
    });
    assert_eq!(codes(&report), vec!["C621-LINE-COUNT", "C621-LINE-MISSING"]);
}

#[test]
fn repeated_line_numbers() {
    let report = check_edited(|bundle| bundle["order"]["lines"][1]["gnum"] = json!(1));
    assert!(
        codes(&report).contains(&"C311-GNUM"),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn all_failures_are_reported() {
    let report = check_edited(|bundle| {
        bundle["order"]["acturalPaid"] = json!("674.84");
        bundle["waybill"]["consignee"] = json!("赵六");
        bundle["list"]["lines"][0]["qty"] = json!(2);
    });
    let found = codes(&report);
    for expected in [
        "C311-ACTURALPAID",
        "C411-AMOUNTPAID",
        "C511-CONSIGNEE-NAME",
        "C621-LINE-QTY",
    ] {
        assert!(
            found.contains(&expected),
            "{expected} missing from {found:?}"
        );
    }
}

#[test]
fn codes_are_unique() {
    let all = [
        FindingCode::OrderLineAmount,
        FindingCode::OrderGoodsValue,
        FindingCode::OrderActuralPaid,
        FindingCode::OrderCurrency,
        FindingCode::OrderBuyerId,
        FindingCode::OrderLineNumbers,
        FindingCode::PaymentOrderNo,
        FindingCode::PaymentAmount,
        FindingCode::PaymentCurrency,
        FindingCode::PayerName,
        FindingCode::PayerId,
        FindingCode::PayerPhone,
        FindingCode::WaybillOrderNo,
        FindingCode::WaybillCurrency,
        FindingCode::ConsigneeName,
        FindingCode::ConsigneePhone,
        FindingCode::ConsigneeAddress,
        FindingCode::ListOrderNo,
        FindingCode::ListLogisticsNo,
        FindingCode::ListCurrency,
        FindingCode::ListBuyerName,
        FindingCode::ListBuyerId,
        FindingCode::ListBuyerPhone,
        FindingCode::ListConsigneeAddress,
        FindingCode::ListFreight,
        FindingCode::ListLineNumbers,
        FindingCode::ListLineAmount,
        FindingCode::ListLineCount,
        FindingCode::ListLineMissing,
        FindingCode::ListLineItemNo,
        FindingCode::ListLineQty,
        FindingCode::ListLinePrice,
        FindingCode::ListLineTotal,
    ];
    let unique: std::collections::BTreeSet<&str> = all.iter().map(|code| code.as_str()).collect();
    assert_eq!(unique.len(), all.len());
}

#[test]
fn report_serializes_codes_as_strings() {
    let report = check_edited(|bundle| bundle["payment"]["amountPaid"] = json!("1.00"));
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(value["passed"], json!(false));
    assert_eq!(value["findings"][0]["code"], json!("C411-AMOUNTPAID"));
    assert_eq!(value["findings"][0]["severity"], json!("error"));
}
