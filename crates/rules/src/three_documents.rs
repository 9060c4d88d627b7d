//! The three-document check (三单比对): order (CEB311), payment (CEB411) and waybill
//! (CEB511) compared with each other and with the declaration list (申报清单, CEB621),
//! as customs compares them before it accepts the list.
//!
//! The structs carry the fields of each message that take part in a comparison, under
//! the JSON names of the customs messages (`goodsValue`, `acturalPaid` with customs'
//! spelling, `buyerIdNumber`, `gnum`, ...). Other fields of a full message are ignored,
//! so a message exported from a platform can be passed as it is. Amounts are strings
//! with at most two decimals, like every [`Money`].
//!
//! [`check`] returns every failure, not only the first, each as a [`Finding`] with a
//! stable code. The codes (`C311-ACTURALPAID`, `C621-LINE-QTY`, ...) are this crate's,
//! modelled on customs receipts and named after the message that disagrees; they are
//! not official customs return codes. User interfaces map them to zh-CN and en text.
//!
//! Names, phones, addresses and ID numbers are compared after [`crate::normalize`].
//! When two values differ only in what normalisation removes (full-width characters,
//! spaces, a `+86` prefix), the finding is a [`Severity::Warning`] with a code ending in
//! `-FORMAT`: this crate treats them as the same person or place, but how strictly
//! customs compares raw text is not documented, so the sender should make them
//! identical.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use time::Date;

use crate::identity::{self, IdentityVerification, Person, ResidentId};
use crate::normalize;
use crate::{HsCode, Money};

/// The only currency customs accepts in CBEC retail import messages: 142, the customs
/// code of the renminbi (CNY).
pub const CURRENCY_CNY: &str = "142";

/// The order (电子订单, CEB311) as the platform sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Order number (订单编号), the key that joins the four documents.
    pub order_no: String,
    /// Goods value (商品价格): the actual price of the goods, before non-cash deductions.
    pub goods_value: Money,
    /// Freight charged to the shopper (运杂费).
    pub freight: Money,
    /// Non-cash deductions (非现金抵扣金额): points, vouchers, virtual currency.
    #[serde(default)]
    pub discount: Money,
    /// Tax charged to the shopper (代扣税款).
    pub tax_total: Money,
    /// Amount actually paid (实际支付金额); customs spells the field `acturalPaid`.
    pub actural_paid: Money,
    /// Currency code, `142` for CNY.
    pub currency: String,
    /// Orderer's name (订购人姓名).
    pub buyer_name: String,
    /// Orderer's resident ID number (订购人证件号码).
    pub buyer_id_number: String,
    /// Orderer's phone (订购人电话).
    pub buyer_telephone: String,
    /// Consignee's name (收货人姓名).
    pub consignee: String,
    /// Consignee's phone (收货人电话).
    pub consignee_telephone: String,
    /// Consignee's address (收货地址).
    pub consignee_address: String,
    /// Order lines (订单表体).
    pub lines: Vec<OrderLine>,
}

/// One line of the order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    /// Line number (商品序号), from 1.
    pub gnum: u32,
    /// The enterprise's item number (企业商品货号).
    pub item_no: String,
    /// Item name (企业商品名称).
    pub item_name: String,
    /// Quantity in pieces.
    pub qty: u32,
    /// Unit price.
    pub price: Money,
    /// Line total, `qty × price`.
    pub total_price: Money,
}

/// The payment record (支付单, CEB411) as the payment provider sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// Order number the payment is for.
    pub order_no: String,
    /// Payer's name (支付人姓名).
    pub payer_name: String,
    /// Payer's ID number (支付人证件号码).
    pub payer_id_number: String,
    /// Payer's phone (支付人电话), when sent.
    #[serde(default)]
    pub telephone: Option<String>,
    /// Amount paid (支付金额).
    pub amount_paid: Money,
    /// Currency code, `142` for CNY.
    pub currency: String,
}

/// The waybill (运单, CEB511) as the carrier sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Waybill {
    /// Order number the waybill is for.
    pub order_no: String,
    /// Waybill number (物流运单编号).
    pub logistics_no: String,
    /// Consignee's name.
    pub consignee: String,
    /// Consignee's phone.
    pub consignee_telephone: String,
    /// Consignee's address.
    pub consignee_address: String,
    /// The carrier's freight (运费), when sent. It is not compared: the carrier's charge
    /// may differ from the freight charged to the shopper.
    #[serde(default)]
    pub freight: Option<Money>,
    /// Currency code, when sent.
    #[serde(default)]
    pub currency: Option<String>,
}

/// The declaration list (申报清单, CEB621) as the declaring enterprise sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListDocument {
    /// Order number the list declares.
    pub order_no: String,
    /// Waybill number of the parcel.
    pub logistics_no: String,
    /// Orderer's name.
    pub buyer_name: String,
    /// Orderer's ID number.
    pub buyer_id_number: String,
    /// Orderer's phone.
    pub buyer_telephone: String,
    /// Consignee's address, when sent.
    #[serde(default)]
    pub consignee_address: Option<String>,
    /// Freight (运费).
    pub freight: Money,
    /// Insurance (保费). Part of the dutiable value, not compared with the order.
    #[serde(default)]
    pub insured_fee: Money,
    /// Currency code, `142` for CNY.
    pub currency: String,
    /// List lines (清单表体).
    pub lines: Vec<ListLine>,
}

/// One line of the declaration list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListLine {
    /// Line number (序号), from 1.
    pub gnum: u32,
    /// The enterprise's item number, as in the order.
    pub item_no: String,
    /// 10-digit commodity code (商品编码).
    pub gcode: HsCode,
    /// Goods name (商品名称).
    pub gname: String,
    /// Quantity in pieces.
    pub qty: u32,
    /// Unit price.
    pub price: Money,
    /// Line total, `qty × price`.
    pub total_price: Money,
}

/// The four documents of one order, as one JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreeDocuments {
    /// The order.
    pub order: Order,
    /// The payment record.
    pub payment: Payment,
    /// The waybill.
    pub waybill: Waybill,
    /// The declaration list.
    pub list: ListDocument,
    /// Whether an authorised body verified the orderer's identity; when it did, the
    /// payer may be someone else. Defaults to not verified.
    #[serde(default)]
    pub orderer_verification: IdentityVerification,
}

/// The seriousness of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The values are the same after normalisation but differ as typed.
    Warning,
    /// Customs rejects the documents.
    Error,
}

/// What disagrees. Each code is stable; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FindingCode {
    /// An order line's total is not its quantity times its price.
    OrderLineAmount,
    /// The order's goods value is not the sum of its line totals.
    OrderGoodsValue,
    /// `acturalPaid` is not goods value + freight + tax − non-cash deductions.
    OrderActuralPaid,
    /// The order's currency is not 142.
    OrderCurrency,
    /// The orderer's ID number is not a valid resident ID number.
    OrderBuyerId,
    /// Order line numbers are not 1, 2, 3, … without gaps or repeats.
    OrderLineNumbers,
    /// The payment is for another order number.
    PaymentOrderNo,
    /// The amount paid differs from the order's `acturalPaid`.
    PaymentAmount,
    /// The payment's currency is not 142.
    PaymentCurrency,
    /// The payer's name differs from the orderer's, and the orderer is not verified.
    PayerName,
    /// The payer's ID number differs from the orderer's, and the orderer is not verified.
    PayerId,
    /// The payer's phone differs from the orderer's, and the orderer is not verified.
    PayerPhone,
    /// The waybill is for another order number.
    WaybillOrderNo,
    /// The waybill's currency, when sent, is not 142.
    WaybillCurrency,
    /// The waybill's consignee name differs from the order's.
    ConsigneeName,
    /// The waybill's consignee phone differs from the order's.
    ConsigneePhone,
    /// The waybill's consignee address differs from the order's.
    ConsigneeAddress,
    /// The list declares another order number.
    ListOrderNo,
    /// The list names another waybill number.
    ListLogisticsNo,
    /// The list's currency is not 142.
    ListCurrency,
    /// The list's orderer name differs from the order's.
    ListBuyerName,
    /// The list's orderer ID number differs from the order's.
    ListBuyerId,
    /// The list's orderer phone differs from the order's.
    ListBuyerPhone,
    /// The list's consignee address differs from the waybill's.
    ListConsigneeAddress,
    /// The list's freight differs from the order's.
    ListFreight,
    /// List line numbers are not 1, 2, 3, … without gaps or repeats.
    ListLineNumbers,
    /// A list line's total is not its quantity times its price.
    ListLineAmount,
    /// The list has a different number of lines from the order.
    ListLineCount,
    /// A line number is in one document and not in the other.
    ListLineMissing,
    /// A list line's item number differs from the order line's.
    ListLineItemNo,
    /// A list line's quantity differs from the order line's.
    ListLineQty,
    /// A list line's unit price differs from the order line's.
    ListLinePrice,
    /// A list line's total differs from the order line's.
    ListLineTotal,
}

impl FindingCode {
    /// Returns the stable code, such as `C311-ACTURALPAID`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::OrderLineAmount => "C311-LINE-AMOUNT",
            FindingCode::OrderGoodsValue => "C311-GOODSVALUE",
            FindingCode::OrderActuralPaid => "C311-ACTURALPAID",
            FindingCode::OrderCurrency => "C311-CURRENCY",
            FindingCode::OrderBuyerId => "C311-BUYER-ID",
            FindingCode::OrderLineNumbers => "C311-GNUM",
            FindingCode::PaymentOrderNo => "C411-ORDERNO",
            FindingCode::PaymentAmount => "C411-AMOUNTPAID",
            FindingCode::PaymentCurrency => "C411-CURRENCY",
            FindingCode::PayerName => "C411-PAYER-NAME",
            FindingCode::PayerId => "C411-PAYER-ID",
            FindingCode::PayerPhone => "C411-PAYER-PHONE",
            FindingCode::WaybillOrderNo => "C511-ORDERNO",
            FindingCode::WaybillCurrency => "C511-CURRENCY",
            FindingCode::ConsigneeName => "C511-CONSIGNEE-NAME",
            FindingCode::ConsigneePhone => "C511-CONSIGNEE-PHONE",
            FindingCode::ConsigneeAddress => "C511-CONSIGNEE-ADDRESS",
            FindingCode::ListOrderNo => "C621-ORDERNO",
            FindingCode::ListLogisticsNo => "C621-LOGISTICSNO",
            FindingCode::ListCurrency => "C621-CURRENCY",
            FindingCode::ListBuyerName => "C621-BUYER-NAME",
            FindingCode::ListBuyerId => "C621-BUYER-ID",
            FindingCode::ListBuyerPhone => "C621-BUYER-PHONE",
            FindingCode::ListConsigneeAddress => "C621-CONSIGNEE-ADDRESS",
            FindingCode::ListFreight => "C621-FREIGHT",
            FindingCode::ListLineNumbers => "C621-GNUM",
            FindingCode::ListLineAmount => "C621-LINE-AMOUNT",
            FindingCode::ListLineCount => "C621-LINE-COUNT",
            FindingCode::ListLineMissing => "C621-LINE-MISSING",
            FindingCode::ListLineItemNo => "C621-LINE-ITEMNO",
            FindingCode::ListLineQty => "C621-LINE-QTY",
            FindingCode::ListLinePrice => "C621-LINE-PRICE",
            FindingCode::ListLineTotal => "C621-LINE-TOTALPRICE",
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FindingCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One disagreement between the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code for the kind of disagreement.
    pub code: FindingCode,
    /// `error` when customs rejects it, `warning` when only the raw text differs.
    pub severity: Severity,
    /// The code with `-FORMAT` appended for a warning, so that a user interface can map
    /// the two to different texts.
    pub display_code: String,
    /// JSON path of the field that disagrees, such as `payment.amountPaid`.
    pub field: String,
    /// The value the field should have (ID numbers masked).
    pub expected: String,
    /// The value it has (ID numbers masked).
    pub found: String,
    /// An English sentence saying what differs and what to change.
    pub message: String,
}

/// The outcome of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `true` when there is no finding of severity error.
    pub passed: bool,
    /// Every finding, errors and warnings, in the order the checks ran.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Iterates over the findings of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
    }
}

/// Compares the four documents and returns every disagreement.
///
/// `today` (a CST date) bounds the birth date in the orderer's ID number.
pub fn check(documents: &ThreeDocuments, today: Date) -> Report {
    let mut findings = Findings::default();

    check_order(&documents.order, today, &mut findings);
    check_payment(documents, &mut findings);
    check_waybill(&documents.order, &documents.waybill, &mut findings);
    check_list(documents, &mut findings);

    let findings = findings.0;
    let passed = findings
        .iter()
        .all(|finding| finding.severity != Severity::Error);
    Report { passed, findings }
}

/// The findings collected so far, with helpers that build each kind.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn error(
        &mut self,
        code: FindingCode,
        field: &str,
        expected: String,
        found: String,
        message: String,
    ) {
        self.0.push(Finding {
            code,
            severity: Severity::Error,
            display_code: code.as_str().to_owned(),
            field: field.to_owned(),
            expected,
            found,
            message,
        });
    }

    fn amounts(
        &mut self,
        code: FindingCode,
        field: &str,
        expected: Decimal,
        found: Money,
        what: &str,
    ) {
        if expected != found.as_decimal() {
            let message =
                format!("{field} is {found} but {what} is {expected:.2}: send {expected:.2}");
            self.error(
                code,
                field,
                format!("{expected:.2}"),
                found.to_string(),
                message,
            );
        }
    }

    fn currency(&mut self, code: FindingCode, field: &str, found: &str) {
        if found.trim() != CURRENCY_CNY {
            let message = format!(
                "{field} is {found:?}: CBEC retail import messages must use currency 142 (CNY)"
            );
            self.error(
                code,
                field,
                CURRENCY_CNY.to_owned(),
                found.to_owned(),
                message,
            );
        }
    }

    fn exact(&mut self, code: FindingCode, field: &str, expected: &str, found: &str, source: &str) {
        if expected.trim() != found.trim() {
            let message = format!(
                "{field} is {found:?} but {source} is {expected:?}: send the same value in both"
            );
            self.error(code, field, expected.to_owned(), found.to_owned(), message);
        }
    }

    /// Compares two texts after `normalize`; a difference that normalisation removes is
    /// a warning. `mask` hides ID numbers in the finding.
    fn text(
        &mut self,
        code: FindingCode,
        field: &str,
        (expected, source): (&str, &str),
        found: &str,
        normalize: fn(&str) -> String,
        mask: bool,
    ) {
        if expected == found {
            return;
        }
        let shown = |text: &str| {
            if mask {
                identity::mask_id_number(text)
            } else {
                text.to_owned()
            }
        };
        let (expected_shown, found_shown) = (shown(expected), shown(found));

        if normalize(expected) == normalize(found) {
            let message = format!(
                "{field} is {found_shown:?} and {source} is {expected_shown:?}: they differ only in spaces, full-width characters or a +86 prefix; send identical text to be safe"
            );
            self.0.push(Finding {
                code,
                severity: Severity::Warning,
                display_code: format!("{}-FORMAT", code.as_str()),
                field: field.to_owned(),
                expected: expected_shown,
                found: found_shown,
                message,
            });
        } else {
            let message = format!("{field} is {found_shown:?} but {source} is {expected_shown:?}: they must be the same");
            self.error(code, field, expected_shown, found_shown, message);
        }
    }

    /// Checks that line numbers run 1, 2, 3, … in some order.
    fn line_numbers(&mut self, code: FindingCode, field: &str, numbers: &[u32]) {
        let mut sorted = numbers.to_vec();
        sorted.sort_unstable();
        let expected: Vec<u32> = (1..).take(numbers.len()).collect();
        if sorted != expected {
            let found = sorted
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let expected = expected
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let message =
                format!("{field} line numbers (gnum) are {found}: number the lines {expected}");
            self.error(code, field, expected, found, message);
        }
    }
}

fn line_total(qty: u32, price: Money) -> Decimal {
    price.as_decimal() * Decimal::from(qty)
}

fn check_order(order: &Order, today: Date, findings: &mut Findings) {
    findings.currency(
        FindingCode::OrderCurrency,
        "order.currency",
        &order.currency,
    );

    let numbers: Vec<u32> = order.lines.iter().map(|line| line.gnum).collect();
    findings.line_numbers(FindingCode::OrderLineNumbers, "order.lines", &numbers);
    for (index, line) in order.lines.iter().enumerate() {
        findings.amounts(
            FindingCode::OrderLineAmount,
            &format!("order.lines[{index}].totalPrice"),
            line_total(line.qty, line.price),
            line.total_price,
            &format!("qty × price ({} × {})", line.qty, line.price),
        );
    }

    let lines_sum: Decimal = order
        .lines
        .iter()
        .map(|line| line.total_price.as_decimal())
        .sum();
    findings.amounts(
        FindingCode::OrderGoodsValue,
        "order.goodsValue",
        lines_sum,
        order.goods_value,
        "the sum of the line totals",
    );

    // Computed in Decimal, so a discount larger than the rest gives a negative expected
    // value instead of an error.
    let expected_paid =
        order.goods_value.as_decimal() + order.freight.as_decimal() + order.tax_total.as_decimal()
            - order.discount.as_decimal();
    findings.amounts(
        FindingCode::OrderActuralPaid,
        "order.acturalPaid",
        expected_paid,
        order.actural_paid,
        &format!(
            "goodsValue + freight + taxTotal − discount ({} + {} + {} − {})",
            order.goods_value, order.freight, order.tax_total, order.discount
        ),
    );

    if let Err(error) = ResidentId::parse(&order.buyer_id_number, today) {
        let found = identity::mask_id_number(&order.buyer_id_number);
        let message = format!("order.buyerIdNumber: {error}");
        findings.error(
            FindingCode::OrderBuyerId,
            "order.buyerIdNumber",
            "a valid resident ID number".to_owned(),
            found,
            message,
        );
    }
}

fn check_payment(documents: &ThreeDocuments, findings: &mut Findings) {
    let (order, payment) = (&documents.order, &documents.payment);

    findings.exact(
        FindingCode::PaymentOrderNo,
        "payment.orderNo",
        &order.order_no,
        &payment.order_no,
        "order.orderNo",
    );
    findings.currency(
        FindingCode::PaymentCurrency,
        "payment.currency",
        &payment.currency,
    );
    findings.amounts(
        FindingCode::PaymentAmount,
        "payment.amountPaid",
        order.actural_paid.as_decimal(),
        payment.amount_paid,
        "order.acturalPaid",
    );

    let orderer = Person {
        name: &order.buyer_name,
        id_number: &order.buyer_id_number,
    };
    let payer = Person {
        name: &payment.payer_name,
        id_number: &payment.payer_id_number,
    };
    let payer_check = identity::check_orderer_payer(orderer, payer, documents.orderer_verification);
    if payer_check == identity::PayerCheck::DifferentButVerified {
        return;
    }

    let rule =
        "order.buyerName (the orderer must pay unless a verified identity allows another payer)";
    findings.text(
        FindingCode::PayerName,
        "payment.payerName",
        (&order.buyer_name, rule),
        &payment.payer_name,
        normalize::name,
        false,
    );
    findings.text(
        FindingCode::PayerId,
        "payment.payerIdNumber",
        (&order.buyer_id_number, "order.buyerIdNumber"),
        &payment.payer_id_number,
        normalize::id_number,
        true,
    );
    if let Some(telephone) = &payment.telephone {
        findings.text(
            FindingCode::PayerPhone,
            "payment.telephone",
            (&order.buyer_telephone, "order.buyerTelephone"),
            telephone,
            normalize::phone,
            false,
        );
    }
}

fn check_waybill(order: &Order, waybill: &Waybill, findings: &mut Findings) {
    findings.exact(
        FindingCode::WaybillOrderNo,
        "waybill.orderNo",
        &order.order_no,
        &waybill.order_no,
        "order.orderNo",
    );
    if let Some(currency) = &waybill.currency {
        findings.currency(FindingCode::WaybillCurrency, "waybill.currency", currency);
    }

    findings.text(
        FindingCode::ConsigneeName,
        "waybill.consignee",
        (&order.consignee, "order.consignee"),
        &waybill.consignee,
        normalize::name,
        false,
    );
    findings.text(
        FindingCode::ConsigneePhone,
        "waybill.consigneeTelephone",
        (&order.consignee_telephone, "order.consigneeTelephone"),
        &waybill.consignee_telephone,
        normalize::phone,
        false,
    );
    findings.text(
        FindingCode::ConsigneeAddress,
        "waybill.consigneeAddress",
        (&order.consignee_address, "order.consigneeAddress"),
        &waybill.consignee_address,
        normalize::address,
        false,
    );
}

fn check_list(documents: &ThreeDocuments, findings: &mut Findings) {
    let (order, waybill, list) = (&documents.order, &documents.waybill, &documents.list);

    findings.exact(
        FindingCode::ListOrderNo,
        "list.orderNo",
        &order.order_no,
        &list.order_no,
        "order.orderNo",
    );
    findings.exact(
        FindingCode::ListLogisticsNo,
        "list.logisticsNo",
        &waybill.logistics_no,
        &list.logistics_no,
        "waybill.logisticsNo",
    );
    findings.currency(FindingCode::ListCurrency, "list.currency", &list.currency);

    findings.text(
        FindingCode::ListBuyerName,
        "list.buyerName",
        (&order.buyer_name, "order.buyerName"),
        &list.buyer_name,
        normalize::name,
        false,
    );
    findings.text(
        FindingCode::ListBuyerId,
        "list.buyerIdNumber",
        (&order.buyer_id_number, "order.buyerIdNumber"),
        &list.buyer_id_number,
        normalize::id_number,
        true,
    );
    findings.text(
        FindingCode::ListBuyerPhone,
        "list.buyerTelephone",
        (&order.buyer_telephone, "order.buyerTelephone"),
        &list.buyer_telephone,
        normalize::phone,
        false,
    );
    if let Some(address) = &list.consignee_address {
        findings.text(
            FindingCode::ListConsigneeAddress,
            "list.consigneeAddress",
            (&waybill.consignee_address, "waybill.consigneeAddress"),
            address,
            normalize::address,
            false,
        );
    }
    findings.amounts(
        FindingCode::ListFreight,
        "list.freight",
        order.freight.as_decimal(),
        list.freight,
        "order.freight",
    );

    check_list_lines(order, list, findings);
}

fn check_list_lines(order: &Order, list: &ListDocument, findings: &mut Findings) {
    let numbers: Vec<u32> = list.lines.iter().map(|line| line.gnum).collect();
    findings.line_numbers(FindingCode::ListLineNumbers, "list.lines", &numbers);
    for (index, line) in list.lines.iter().enumerate() {
        findings.amounts(
            FindingCode::ListLineAmount,
            &format!("list.lines[{index}].totalPrice"),
            line_total(line.qty, line.price),
            line.total_price,
            &format!("qty × price ({} × {})", line.qty, line.price),
        );
    }

    if order.lines.len() != list.lines.len() {
        let (expected, found) = (order.lines.len().to_string(), list.lines.len().to_string());
        let message = format!("list.lines has {found} lines but order.lines has {expected}: declare every order line once");
        findings.error(
            FindingCode::ListLineCount,
            "list.lines",
            expected,
            found,
            message,
        );
    }

    // Lines are paired by line number; the first line with a repeated number is used,
    // and the repeat itself is reported by the line-number check above.
    let mut order_lines: BTreeMap<u32, (usize, &OrderLine)> = BTreeMap::new();
    for (index, line) in order.lines.iter().enumerate() {
        order_lines.entry(line.gnum).or_insert((index, line));
    }
    let mut paired: Vec<u32> = Vec::new();

    for (index, line) in list.lines.iter().enumerate() {
        let field = format!("list.lines[{index}]");
        let Some((order_index, order_line)) = order_lines.get(&line.gnum) else {
            let message = format!(
                "{field} has gnum {} but the order has no line {}: declare only order lines",
                line.gnum, line.gnum
            );
            findings.error(
                FindingCode::ListLineMissing,
                &field,
                "a gnum of the order".to_owned(),
                line.gnum.to_string(),
                message,
            );
            continue;
        };
        if paired.contains(&line.gnum) {
            continue;
        }
        paired.push(line.gnum);

        let source = |name: &str| format!("order.lines[{order_index}].{name}");
        findings.exact(
            FindingCode::ListLineItemNo,
            &format!("{field}.itemNo"),
            &order_line.item_no,
            &line.item_no,
            &source("itemNo"),
        );
        if order_line.qty != line.qty {
            let message = format!(
                "{field}.qty is {} but {} is {}: declare the ordered quantity",
                line.qty,
                source("qty"),
                order_line.qty
            );
            findings.error(
                FindingCode::ListLineQty,
                &format!("{field}.qty"),
                order_line.qty.to_string(),
                line.qty.to_string(),
                message,
            );
        }
        findings.amounts(
            FindingCode::ListLinePrice,
            &format!("{field}.price"),
            order_line.price.as_decimal(),
            line.price,
            &source("price"),
        );
        findings.amounts(
            FindingCode::ListLineTotal,
            &format!("{field}.totalPrice"),
            order_line.total_price.as_decimal(),
            line.total_price,
            &source("totalPrice"),
        );
    }

    for (gnum, (order_index, _)) in &order_lines {
        if !paired.contains(gnum) {
            let field = format!("order.lines[{order_index}]");
            let message = format!(
                "{field} (gnum {gnum}) is not on the declaration list: declare every order line"
            );
            findings.error(
                FindingCode::ListLineMissing,
                "list.lines",
                gnum.to_string(),
                "no line".to_owned(),
                message,
            );
        }
    }
}

#[cfg(test)]
mod tests;
