//! The cart check: lines, freight and insurance in; dutiable value, limits and tax
//! out, computed by `cbec_rules::evaluate` as the shopper types.

use std::fmt::Display;

use cbec_rules::limits::ExceptionRefusal;
use cbec_rules::tax::{ComponentTax, PriceUnit, TaxBasis};
use cbec_rules::tax_class::PRESET_IDS;
use cbec_rules::{Evaluation, Money, Reason};
use leptos::prelude::*;
use time::OffsetDateTime;

use crate::cart::{
    check_cart, needs_content, CartCheck, CartInput, ContentUnit, FieldRef, Issue, LineField,
    LineInput,
};
use crate::components::field::InputField;
use crate::components::page_title::use_page_title;
use crate::format::{cst_time_text, cst_year, money_text};
use crate::i18n::*;
use crate::quota::QuotaStore;
use crate::text::fill;

#[component]
pub fn CartPage() -> impl IntoView {
    use_page_title(|locale| td_string!(locale, cart.page_title).to_string());
    view! { <CartPanel /> }
}

/// One line of the form: a signal per field, so that typing in one field re-renders
/// only that input and the results.
#[derive(Clone, Copy)]
struct LineDraft {
    /// Stable identity for `<For>` and element ids; positions change on removal.
    key: usize,
    name: RwSignal<String>,
    hs_code: RwSignal<String>,
    unit_price: RwSignal<String>,
    quantity: RwSignal<String>,
    tax_class: RwSignal<String>,
    content: RwSignal<String>,
    content_unit: RwSignal<ContentUnit>,
    touched: LineTouched,
}

/// Whether the shopper has typed in or left each text field of a line. The results
/// hold back the problems of untouched fields, so a line just added is not reported
/// as a list of errors before the shopper has started on it.
#[derive(Clone, Copy)]
struct LineTouched {
    name: RwSignal<bool>,
    hs_code: RwSignal<bool>,
    unit_price: RwSignal<bool>,
    quantity: RwSignal<bool>,
    content: RwSignal<bool>,
}

impl LineTouched {
    fn new() -> LineTouched {
        LineTouched {
            name: RwSignal::new(false),
            hs_code: RwSignal::new(false),
            unit_price: RwSignal::new(false),
            quantity: RwSignal::new(false),
            content: RwSignal::new(false),
        }
    }

    /// Returns whether `field` was touched. The tax class is a select whose default
    /// is valid, so its problems are always shown.
    fn get(&self, field: LineField) -> bool {
        match field {
            LineField::Name => self.name.get(),
            LineField::HsCode => self.hs_code.get(),
            LineField::UnitPrice => self.unit_price.get(),
            LineField::Quantity => self.quantity.get(),
            LineField::Content => self.content.get(),
            LineField::TaxClass => true,
        }
    }
}

impl LineDraft {
    fn new(key: usize) -> LineDraft {
        LineDraft {
            key,
            name: RwSignal::new(String::new()),
            hs_code: RwSignal::new(String::new()),
            unit_price: RwSignal::new(String::new()),
            quantity: RwSignal::new("1".to_owned()),
            tax_class: RwSignal::new(PRESET_IDS[0].to_owned()),
            content: RwSignal::new(String::new()),
            content_unit: RwSignal::new(ContentUnit::default()),
            touched: LineTouched::new(),
        }
    }

    fn input(&self) -> LineInput {
        LineInput {
            name: self.name.get(),
            hs_code: self.hs_code.get(),
            unit_price: self.unit_price.get(),
            quantity: self.quantity.get(),
            tax_class: self.tax_class.get(),
            content: self.content.get(),
            content_unit: self.content_unit.get(),
        }
    }
}

/// The cart form and its results. Needs only the `CbecRoot` context, not the router.
#[component]
pub fn CartPanel() -> impl IntoView {
    let i18n = use_i18n();
    let store = QuotaStore::expect();
    // The annual check needs the current used amount, so every visit fetches it.
    store.refresh();

    let lines = RwSignal::new(vec![LineDraft::new(0)]);
    let next_key = StoredValue::new(1_usize);
    let freight = RwSignal::new("0.00".to_owned());
    let insurance = RwSignal::new("0.00".to_owned());

    // The used amount counts only for the calendar year the cart would be declared
    // in, so a figure cached last year is not used.
    let annual_used = Memo::new(move |_| {
        let year = cst_year(OffsetDateTime::now_utc());
        store
            .figures()
            .and_then(|(quota, _)| (quota.year == year).then_some(quota.used))
    });

    // A memo, because every field's inline error and the results read the same check,
    // and it should run once per keystroke, not once per reader.
    let check = Memo::new(move |_| {
        let input = CartInput {
            lines: lines.with(|drafts| drafts.iter().map(LineDraft::input).collect()),
            freight: freight.get(),
            insurance: insurance.get(),
        };
        check_cart(
            &input,
            OffsetDateTime::now_utc(),
            annual_used.get().unwrap_or(Money::ZERO),
        )
    });

    let add_line = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        lines.update(|drafts| drafts.push(LineDraft::new(key)));
    };
    let field_error = move |field| {
        Signal::derive(move || {
            check
                .with(|check| check.issue(field))
                .map(|error| error.message(i18n.get_locale()))
        })
    };

    view! {
        <section class="cbec-cart" aria-labelledby="cbec-cart-title">
            <h1 id="cbec-cart-title">{t!(i18n, cart.title)}</h1>
            <p class="cbec-cart__intro">{t!(i18n, cart.intro)}</p>
            <form class="cbec-cart" novalidate=true on:submit=|event| event.prevent_default()>
                <For
                    each=move || lines.get()
                    key=|draft| draft.key
                    children=move |draft| view! { <LineEditor draft=draft lines=lines check=check /> }
                />
                <p>
                    <button type="button" class="cbec-button cbec-add-line" on:click=add_line>
                        {t!(i18n, cart.add_line)}
                    </button>
                </p>
                <div class="cbec-card cbec-order__fields">
                    <InputField
                        id="cbec-freight".to_owned()
                        label=Signal::derive(move || t_string!(i18n, cart.freight).to_owned())
                        value=freight
                        error=field_error(FieldRef::Freight)
                        touched=RwSignal::new(false)
                        inputmode="decimal"
                    />
                    <InputField
                        id="cbec-insurance".to_owned()
                        label=Signal::derive(move || t_string!(i18n, cart.insurance).to_owned())
                        value=insurance
                        error=field_error(FieldRef::Insurance)
                        touched=RwSignal::new(false)
                        inputmode="decimal"
                    />
                </div>
            </form>
            <CartResults check=check lines=lines annual_used=annual_used />
        </section>
    }
}

#[component]
fn LineEditor(
    draft: LineDraft,
    lines: RwSignal<Vec<LineDraft>>,
    check: Memo<CartCheck>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = draft.key;
    let index = Memo::new(move |_| {
        lines.with(|drafts| drafts.iter().position(|d| d.key == key).unwrap_or(0))
    });
    let number = move || index.get() + 1;

    let field_error = move |field: LineField| {
        Signal::derive(move || {
            check
                .with(|check| check.issue(FieldRef::Line(index.get(), field)))
                .map(|error| error.message(i18n.get_locale()))
        })
    };
    let label = move |text: fn(Locale) -> &'static str| {
        Signal::derive(move || text(i18n.get_locale()).to_owned())
    };
    let id = move |field: &str| format!("cbec-line-{key}-{field}");
    let heading_id = id("heading");
    let labelled_by = heading_id.clone();
    let class_id = id("class");
    let unit_id = id("unit");
    let remove = move |_| lines.update(|drafts| drafts.retain(|d| d.key != key));
    let can_remove = move || lines.with(|drafts| drafts.len() > 1);
    let shows_content = move || needs_content(&draft.tax_class.get());

    view! {
        <fieldset class="cbec-card cbec-line" data-line=key aria-labelledby=labelled_by>
            <div class="cbec-line__head">
                <h2 id=heading_id>{move || fill(t_string!(i18n, cart.line_heading), &[("n", &number())])}</h2>
                <button
                    type="button"
                    class="cbec-button cbec-button--quiet cbec-remove-line"
                    hidden=move || !can_remove()
                    aria-label=move || fill(t_string!(i18n, cart.remove_line), &[("n", &number())])
                    on:click=remove
                >
                    "×"
                </button>
            </div>
            <div class="cbec-line__fields">
                <InputField
                    id=id("name")
                    label=label(|locale| td_string!(locale, cart.name))
                    value=draft.name
                    error=field_error(LineField::Name)
                    touched=draft.touched.name
                />
                <InputField
                    id=id("hs-code")
                    label=label(|locale| td_string!(locale, cart.hs_code))
                    value=draft.hs_code
                    error=field_error(LineField::HsCode)
                    touched=draft.touched.hs_code
                    inputmode="numeric"
                    placeholder="3304990099"
                />
                <InputField
                    id=id("unit-price")
                    label=label(|locale| td_string!(locale, cart.unit_price))
                    value=draft.unit_price
                    error=field_error(LineField::UnitPrice)
                    touched=draft.touched.unit_price
                    inputmode="decimal"
                />
                <InputField
                    id=id("quantity")
                    label=label(|locale| td_string!(locale, cart.quantity))
                    value=draft.quantity
                    error=field_error(LineField::Quantity)
                    touched=draft.touched.quantity
                    inputmode="numeric"
                />
                <div class="cbec-field">
                    <label class="cbec-field__label" for=class_id.clone()>{t!(i18n, cart.tax_class)}</label>
                    <select
                        id=class_id
                        class="cbec-select"
                        on:change=move |event| draft.tax_class.set(event_target_value(&event))
                    >
                        {PRESET_IDS
                            .iter()
                            .map(|&preset| {
                                view! {
                                    <option value=preset prop:selected=move || draft.tax_class.get() == preset>
                                        {move || tax_class_label(i18n.get_locale(), preset)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <Show when=shows_content>
                    <InputField
                        id=id("content")
                        label=label(|locale| td_string!(locale, cart.content))
                        value=draft.content
                        error=field_error(LineField::Content)
                        touched=draft.touched.content
                        inputmode="decimal"
                    />
                    <div class="cbec-field">
                        <label class="cbec-field__label" for=unit_id.clone()>{t!(i18n, cart.content_unit)}</label>
                        <select
                            id=unit_id.clone()
                            class="cbec-select"
                            on:change=move |event| {
                                if let Some(unit) = ContentUnit::from_id(&event_target_value(&event)) {
                                    draft.content_unit.set(unit);
                                }
                            }
                        >
                            {ContentUnit::ALL
                                .iter()
                                .map(|&unit| {
                                    view! {
                                        <option value=unit.id() prop:selected=move || draft.content_unit.get() == unit>
                                            {move || content_unit_label(i18n.get_locale(), unit)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </Show>
            </div>
        </fieldset>
    }
}

#[component]
fn CartResults(
    check: Memo<CartCheck>,
    lines: RwSignal<Vec<LineDraft>>,
    annual_used: Memo<Option<Money>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = QuotaStore::expect();

    let body = move || {
        let locale = i18n.get_locale();
        match check.get() {
            CartCheck::Invalid(issues) => {
                let touched = |field: FieldRef| match field {
                    FieldRef::Line(index, field) => lines.with(|drafts| {
                        drafts
                            .get(index)
                            .is_none_or(|draft| draft.touched.get(field))
                    }),
                    FieldRef::Freight | FieldRef::Insurance | FieldRef::Cart => true,
                };
                let (shown, held): (Vec<Issue>, Vec<Issue>) =
                    issues.into_iter().partition(|issue| touched(issue.field));
                let mut unfilled_lines: Vec<usize> = held
                    .iter()
                    .filter_map(|issue| match issue.field {
                        FieldRef::Line(index, _) => Some(index),
                        _ => None,
                    })
                    .collect();
                unfilled_lines.sort_unstable();
                unfilled_lines.dedup();

                let fixes = (!shown.is_empty()).then(|| {
                    let items = shown
                        .iter()
                        .map(|issue| {
                            let text = fill(
                                td_string!(locale, result.issue),
                                &[
                                    ("field", &field_label(locale, issue.field)),
                                    ("message", &issue.error.message(locale)),
                                ],
                            );
                            view! { <li>{text}</li> }
                        })
                        .collect_view();
                    view! {
                        <p class="cbec-results__lead">{td_string!(locale, result.fix_fields)}</p>
                        <ul class="cbec-results__fix">{items}</ul>
                    }
                });
                let prompt = fill_prompt(locale, &unfilled_lines)
                    .map(|text| view! { <p class="cbec-results__prompt">{text}</p> });
                view! { {fixes} {prompt} }.into_any()
            }
            CartCheck::Evaluated(evaluation) => {
                let names: Vec<String> =
                    lines.with(|drafts| drafts.iter().map(|d| d.name.get()).collect());
                let quota_note = annual_used.get().map(|used| {
                    let time = store
                        .figures()
                        .map(|(quota, _)| cst_time_text(locale, quota.as_of))
                        .unwrap_or_default();
                    let values: [(&str, &dyn Display); 2] =
                        [("used", &money_text(locale, used)), ("time", &time)];
                    fill(td_string!(locale, result.quota_basis), &values)
                });
                view! { <EvaluationView evaluation=*evaluation names=names quota_note=quota_note /> }.into_any()
            }
        }
    };

    view! {
        <section class="cbec-card cbec-results" aria-labelledby="cbec-results-title" aria-live="polite">
            <h2 id="cbec-results-title">{t!(i18n, result.title)}</h2>
            {body}
        </section>
    }
}

#[component]
fn EvaluationView(
    evaluation: Evaluation,
    names: Vec<String>,
    quota_note: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let quota_known = quota_note.is_some();
    let money = move |amount| money_text(locale, amount);
    let full_tax = evaluation.tax_basis == TaxBasis::Full;

    let verdicts = verdicts(locale, &evaluation, quota_known)
        .into_iter()
        .map(|verdict| {
            view! {
                <p class=format!("cbec-verdict cbec-verdict--{}", verdict.kind) data-verdict=verdict.topic>
                    {verdict.text}
                </p>
            }
        })
        .collect_view();

    let rows = evaluation
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let name = names.get(index).cloned().unwrap_or_default();
            let label = fill(td_string!(locale, result.line_label), &[("n", &(index + 1)), ("name", &name)]);
            view! {
                <tr data-line=index>
                    <th scope="row">{label}</th>
                    <TaxCells dutiable_value=line.value.dutiable_value tax=line.tax full_tax=full_tax />
                </tr>
            }
        })
        .collect_view();

    // A rejected list owes no tax: its figures are what it would carry once it fits the
    // limits, so they are shown as a secondary reference, not as the total to pay.
    let accepted = evaluation.accepted;
    let tax_total = accepted.then(|| {
        view! {
            <div data-result="tax_total">
                <dt>{td_string!(locale, result.tax_total)}</dt>
                <dd>{money(evaluation.tax.total)}</dd>
            </div>
        }
    });
    let tax_reference = (!accepted).then(|| {
        view! {
            <p class="cbec-results__reference" data-result="tax_reference">
                {fill(td_string!(locale, result.tax_reference), &[("amount", &money(evaluation.tax.total))])}
            </p>
        }
    });
    let caption = match (accepted, full_tax) {
        (true, false) => format!(
            "{} · {}",
            td_string!(locale, result.tax_title),
            td_string!(locale, result.basis_within)
        ),
        (true, true) => format!(
            "{} · {}",
            td_string!(locale, result.tax_title),
            td_string!(locale, result.basis_full)
        ),
        (false, false) => td_string!(locale, result.tax_reference_title).to_owned(),
        (false, true) => {
            format!(
                "{} · {}",
                td_string!(locale, result.tax_reference_title),
                td_string!(locale, result.basis_full)
            )
        }
    };

    view! {
        <dl class="cbec-summary">
            <div data-result="dutiable_value">
                <dt>{td_string!(locale, result.dutiable_value)}</dt>
                <dd>{money(evaluation.dutiable_value)}</dd>
            </div>
            {tax_total}
        </dl>
        {verdicts}
        {quota_note.map(|note| view! { <p class="cbec-results__basis">{note}</p> })}
        {tax_reference}
        <div class="cbec-table-wrap" class:cbec-table-wrap--reference=!accepted>
            <table class="cbec-tax-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, result.line)}</th>
                        <th scope="col">{td_string!(locale, result.dutiable_value)}</th>
                        {full_tax.then(|| view! { <th scope="col">{td_string!(locale, result.tariff)}</th> })}
                        <th scope="col">{td_string!(locale, result.consumption_tax)}</th>
                        <th scope="col">{td_string!(locale, result.vat)}</th>
                        <th scope="col">{td_string!(locale, result.tax)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr data-line="total">
                        <th scope="row">{td_string!(locale, result.total)}</th>
                        <TaxCells dutiable_value=evaluation.dutiable_value tax=evaluation.tax full_tax=full_tax />
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

#[component]
fn TaxCells(dutiable_value: Money, tax: ComponentTax, full_tax: bool) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |amount: Money| move || money_text(i18n.get_locale(), amount);
    // Column names for the stacked layout of narrow screens, where the header row is hidden.
    let label = move |text: fn(Locale) -> &'static str| move || text(i18n.get_locale());

    view! {
        <td data-tax="dutiable_value" data-label=label(|locale| td_string!(locale, result.dutiable_value))>
            {money(dutiable_value)}
        </td>
        {full_tax
            .then(|| {
                view! {
                    <td data-tax="tariff" data-label=label(|locale| td_string!(locale, result.tariff))>
                        {money(tax.tariff)}
                    </td>
                }
            })}
        <td data-tax="consumption_tax" data-label=label(|locale| td_string!(locale, result.consumption_tax))>
            {money(tax.consumption_tax)}
        </td>
        <td data-tax="vat" data-label=label(|locale| td_string!(locale, result.vat))>{money(tax.vat)}</td>
        <td data-tax="total" data-label=label(|locale| td_string!(locale, result.tax))>{money(tax.total)}</td>
    }
}

/// One sentence of the result, with how it should look.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Verdict {
    /// `ok`, `warn` or `bad`; the CSS modifier.
    kind: &'static str,
    /// The subject of the sentence: `single`, `exception`, `annual`, `tax` or `value`.
    topic: &'static str,
    text: String,
}

/// Turns the rules crate's reasons into sentences in `locale`. Without the shopper's
/// quota figures, the annual-limit reasons are replaced by a note saying so.
fn verdicts(locale: Locale, evaluation: &Evaluation, quota_known: bool) -> Vec<Verdict> {
    let money = |amount: Money| money_text(locale, amount);
    let verdict = |kind, topic, text| Verdict { kind, topic, text };
    let mut verdicts = Vec::new();

    for reason in &evaluation.reasons {
        let found = match reason {
            Reason::WithinSingleLimit { limit, .. } => verdict(
                "ok",
                "single",
                fill(
                    td_string!(locale, result.single_ok),
                    &[("limit", &money(*limit))],
                ),
            ),
            Reason::SingleLimitExceeded {
                over,
                limit,
                remove_lines,
            } => {
                let values: [(&str, &dyn Display); 2] =
                    [("limit", &money(*limit)), ("over", &money(*over))];
                let mut text = fill(td_string!(locale, result.single_exceeded), &values);
                append_remove_lines(locale, &mut text, remove_lines, evaluation.lines.len());
                verdict("bad", "single", text)
            }
            Reason::SingleItemExceptionRefused { cause } => {
                let text = match cause {
                    ExceptionRefusal::NotInForce => td_string!(locale, result.refused_not_in_force),
                    ExceptionRefusal::MoreThanOnePiece => {
                        td_string!(locale, result.refused_more_than_one_piece)
                    }
                    ExceptionRefusal::ValueNotBelowAnnualLimit => {
                        td_string!(locale, result.refused_value_not_below_annual)
                    }
                };
                verdict("bad", "exception", text.to_owned())
            }
            Reason::SingleItemException { limit, .. } => verdict(
                "warn",
                "exception",
                fill(
                    td_string!(locale, result.single_item_exception),
                    &[("limit", &money(*limit))],
                ),
            ),
            Reason::WithinAnnualLimit { remaining, .. } if quota_known => verdict(
                "ok",
                "annual",
                fill(
                    td_string!(locale, result.annual_ok),
                    &[("remaining", &money(*remaining))],
                ),
            ),
            Reason::AnnualLimitExceeded {
                over, remove_lines, ..
            } if quota_known => {
                let mut text = fill(
                    td_string!(locale, result.annual_exceeded),
                    &[("amount", &money(*over))],
                );
                append_remove_lines(locale, &mut text, remove_lines, evaluation.lines.len());
                verdict("bad", "annual", text)
            }
            Reason::WithinAnnualLimit { .. } | Reason::AnnualLimitExceeded { .. } => verdict(
                "warn",
                "annual",
                td_string!(locale, result.annual_unknown).to_owned(),
            ),
            Reason::CosmeticsHighEnd {
                line,
                price_per_unit,
                unit,
                threshold,
            } => verdict(
                "warn",
                "tax",
                threshold_text(
                    locale,
                    td_string!(locale, result.ct_high_end),
                    *line,
                    *price_per_unit,
                    *unit,
                    *threshold,
                ),
            ),
            Reason::CosmeticsNotHighEnd {
                line,
                price_per_unit,
                unit,
                threshold,
            } => verdict(
                "ok",
                "tax",
                threshold_text(
                    locale,
                    td_string!(locale, result.ct_not_high_end),
                    *line,
                    *price_per_unit,
                    *unit,
                    *threshold,
                ),
            ),
            Reason::OrdinaryCosmeticsTaxed { line } => verdict(
                "warn",
                "tax",
                fill(
                    td_string!(locale, result.ct_ordinary_cosmetics),
                    &[("n", &(line + 1))],
                ),
            ),
            Reason::PriceThresholdMet {
                line,
                price_per_piece,
                threshold,
            } => verdict(
                "warn",
                "tax",
                threshold_text(
                    locale,
                    td_string!(locale, result.ct_price_met),
                    *line,
                    *price_per_piece,
                    PriceUnit::Piece,
                    *threshold,
                ),
            ),
            Reason::PriceThresholdNotMet {
                line,
                price_per_piece,
                threshold,
            } => verdict(
                "ok",
                "tax",
                threshold_text(
                    locale,
                    td_string!(locale, result.ct_price_not_met),
                    *line,
                    *price_per_piece,
                    PriceUnit::Piece,
                    *threshold,
                ),
            ),
            Reason::LevyTier {
                line,
                price_per_tonne,
                threshold,
                lower,
            } => {
                let template = if *lower {
                    td_string!(locale, result.ct_levy_lower)
                } else {
                    td_string!(locale, result.ct_levy_upper)
                };
                verdict(
                    "ok",
                    "tax",
                    threshold_text(
                        locale,
                        template,
                        *line,
                        *price_per_tonne,
                        PriceUnit::Tonne,
                        *threshold,
                    ),
                )
            }
            Reason::NonCashDeductionsNotDeducted { amount } => verdict(
                "warn",
                "value",
                fill(
                    td_string!(locale, result.non_cash_not_deducted),
                    &[("amount", &money(*amount))],
                ),
            ),
        };
        verdicts.push(found);
    }

    verdicts
}

/// Returns the neutral prompt asking the shopper to fill in the lines at `indexes`
/// (0-based, in order), or `None` when there are none.
fn fill_prompt(locale: Locale, indexes: &[usize]) -> Option<String> {
    let template = match indexes.len() {
        0 => return None,
        1 => td_string!(locale, result.fill_line),
        _ => td_string!(locale, result.fill_lines),
    };
    let numbers: Vec<String> = indexes
        .iter()
        .map(|index| (index + 1).to_string())
        .collect();
    let joined = numbers.join(td_string!(locale, result.list_separator));
    Some(fill(template, &[("lines", &joined)]))
}

/// Appends which lines to remove so that the rest passes, unless that is none or all
/// of them.
fn append_remove_lines(
    locale: Locale,
    text: &mut String,
    remove_lines: &[usize],
    line_count: usize,
) {
    if remove_lines.is_empty() || remove_lines.len() >= line_count {
        return;
    }
    let numbers: Vec<String> = remove_lines
        .iter()
        .map(|line| (line + 1).to_string())
        .collect();
    let joined = numbers.join(td_string!(locale, result.list_separator));
    text.push_str(&fill(
        td_string!(locale, result.remove_lines),
        &[("lines", &joined)],
    ));
}

fn threshold_text(
    locale: Locale,
    template: &str,
    line: usize,
    price: Money,
    unit: PriceUnit,
    threshold: Money,
) -> String {
    let unit_name = match unit {
        PriceUnit::Millilitre => td_string!(locale, result.per_millilitre),
        PriceUnit::Gram => td_string!(locale, result.per_gram),
        PriceUnit::Sheet => td_string!(locale, result.per_sheet),
        PriceUnit::Piece => td_string!(locale, result.per_piece),
        PriceUnit::Tonne => td_string!(locale, result.per_tonne),
    };
    let values: [(&str, &dyn Display); 4] = [
        ("n", &(line + 1)),
        ("price", &money_text(locale, price)),
        ("unit", &unit_name),
        ("threshold", &money_text(locale, threshold)),
    ];
    fill(template, &values)
}

/// Returns the name of a tax-class preset in `locale`.
fn tax_class_label(locale: Locale, preset: &str) -> String {
    let label = match preset {
        "general" => td_string!(locale, tax_class.general),
        "reduced_9" => td_string!(locale, tax_class.reduced_9),
        "cosmetics" => td_string!(locale, tax_class.cosmetics),
        "wine" => td_string!(locale, tax_class.wine),
        "beer" => td_string!(locale, tax_class.beer),
        "spirits" => td_string!(locale, tax_class.spirits),
        "jewellery" => td_string!(locale, tax_class.jewellery),
        "watch" => td_string!(locale, tax_class.watch),
        other => return fill(td_string!(locale, tax_class.unknown), &[("id", &other)]),
    };
    label.to_owned()
}

fn content_unit_label(locale: Locale, unit: ContentUnit) -> &'static str {
    match unit {
        ContentUnit::Millilitres => td_string!(locale, cart.unit_ml),
        ContentUnit::Litres => td_string!(locale, cart.unit_l),
        ContentUnit::Grams => td_string!(locale, cart.unit_g),
        ContentUnit::Kilograms => td_string!(locale, cart.unit_kg),
        ContentUnit::Sheets => td_string!(locale, cart.unit_sheets),
    }
}

/// Returns how the results area names a field.
fn field_label(locale: Locale, field: FieldRef) -> String {
    let line_field = |field: LineField| match field {
        LineField::Name => td_string!(locale, cart.name),
        LineField::HsCode => td_string!(locale, cart.hs_code),
        LineField::UnitPrice => td_string!(locale, cart.unit_price),
        LineField::Quantity => td_string!(locale, cart.quantity),
        LineField::TaxClass => td_string!(locale, cart.tax_class),
        LineField::Content => td_string!(locale, cart.content),
    };
    match field {
        FieldRef::Line(index, field) => {
            let values: [(&str, &dyn Display); 2] =
                [("n", &(index + 1)), ("field", &line_field(field))];
            fill(td_string!(locale, result.field_in_line), &values)
        }
        FieldRef::Freight => td_string!(locale, cart.freight).to_owned(),
        FieldRef::Insurance => td_string!(locale, cart.insurance).to_owned(),
        FieldRef::Cart => td_string!(locale, cart.lines_label).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::LineInput;
    use time::macros::datetime;

    fn evaluate_one(unit_price: &str, tax_class: &str, used: &str) -> Evaluation {
        let input = CartInput {
            lines: vec![LineInput {
                name: "x".into(),
                hs_code: "9102110000".into(),
                unit_price: unit_price.into(),
                quantity: "1".into(),
                tax_class: tax_class.into(),
                ..LineInput::default()
            }],
            freight: "0".into(),
            insurance: "0".into(),
        };
        match check_cart(
            &input,
            datetime!(2026-12-05 04:40 +08:00),
            used.parse().unwrap(),
        ) {
            CartCheck::Evaluated(evaluation) => *evaluation,
            CartCheck::Invalid(issues) => panic!("cart is invalid: {issues:?}"),
        }
    }

    fn annual(verdicts: &[Verdict]) -> &Verdict {
        verdicts
            .iter()
            .find(|v| v.topic == "annual")
            .expect("an annual verdict")
    }

    #[test]
    fn annual_excess_named_with_amount() {
        // 14,236.48 used + 13,000 = 27,236.48, so 1,236.48 over the annual limit.
        let evaluation = evaluate_one("13000", "watch", "14236.48");
        let zh = verdicts(Locale::zh_CN, &evaluation, true);
        assert_eq!(annual(&zh).kind, "bad");
        assert!(
            annual(&zh).text.starts_with("超出年度剩余额度 1,236.48 元"),
            "{}",
            annual(&zh).text
        );
        let en = verdicts(Locale::en, &evaluation, true);
        assert!(
            annual(&en)
                .text
                .starts_with("Exceeds your remaining annual quota by ¥1,236.48"),
            "{}",
            annual(&en).text
        );
        assert!(en
            .iter()
            .any(|v| v.topic == "exception" && v.kind == "warn"));
    }

    #[test]
    fn removal_advice_only_for_some_lines() {
        let mut text = String::new();
        append_remove_lines(Locale::en, &mut text, &[0], 1);
        assert_eq!(text, "", "removing the only line is no advice");
        append_remove_lines(Locale::en, &mut text, &[0, 2], 3);
        assert_eq!(text, " Lines to remove so that the rest passes: 1, 3.");
        let mut text = String::new();
        append_remove_lines(Locale::zh_CN, &mut text, &[1, 2], 4);
        assert_eq!(text, "删除第 2、3 件商品后可以通过。");
    }

    #[test]
    fn annual_unknown_without_quota() {
        let evaluation = evaluate_one("100", "general", "0");
        let verdicts = verdicts(Locale::en, &evaluation, false);
        assert_eq!(annual(&verdicts).kind, "warn");
        assert_eq!(
            annual(&verdicts).text,
            td_string!(Locale::en, result.annual_unknown)
        );
        assert_eq!(verdicts.iter().filter(|v| v.topic == "annual").count(), 1);
    }

    #[test]
    fn single_limit_verdicts() {
        let within = verdicts(Locale::en, &evaluate_one("5000", "general", "0"), true);
        assert!(within
            .iter()
            .any(|v| v.topic == "single" && v.kind == "ok" && v.text.contains("¥5,000.00")));

        // Two decimals over a 26,000 value: no exception, rejected by the single limit.
        let over = verdicts(
            Locale::zh_CN,
            &evaluate_one("26000.01", "general", "0"),
            true,
        );
        let single = over.iter().find(|v| v.topic == "single").unwrap();
        assert_eq!(single.kind, "bad");
        assert!(single.text.contains("21,000.01 元"), "{}", single.text);
        assert!(over
            .iter()
            .any(|v| v.topic == "exception" && v.kind == "bad"));
    }

    #[test]
    fn both_limit_breaches_reported() {
        // 2 × 6,000 is 7,000 over the single limit; with 14,236.48 used it is also
        // 14,236.48 + 12,000 − 26,000 = 236.48 over the annual limit.
        let input = CartInput {
            lines: vec![LineInput {
                name: "x".into(),
                hs_code: "6109100000".into(),
                unit_price: "6000".into(),
                quantity: "2".into(),
                tax_class: "general".into(),
                ..LineInput::default()
            }],
            freight: "0".into(),
            insurance: "0".into(),
        };
        let CartCheck::Evaluated(evaluation) = check_cart(
            &input,
            datetime!(2026-12-05 04:40 +08:00),
            "14236.48".parse().unwrap(),
        ) else {
            panic!("cart is invalid");
        };
        let verdicts = verdicts(Locale::en, &evaluation, true);
        let single = verdicts
            .iter()
            .find(|v| v.topic == "single")
            .expect("a single-limit verdict");
        assert_eq!(single.kind, "bad");
        assert!(single.text.contains("by ¥7,000.00"), "{}", single.text);
        assert_eq!(annual(&verdicts).kind, "bad");
        assert!(
            annual(&verdicts)
                .text
                .starts_with("Exceeds your remaining annual quota by ¥236.48"),
            "{}",
            annual(&verdicts).text
        );
    }

    #[test]
    fn fill_prompt_names_lines() {
        assert_eq!(fill_prompt(Locale::en, &[]), None);
        assert_eq!(
            fill_prompt(Locale::en, &[1]).as_deref(),
            Some("Fill in line 2 to see the result.")
        );
        assert_eq!(
            fill_prompt(Locale::en, &[0, 2]).as_deref(),
            Some("Fill in lines 1, 3 to see the result.")
        );
        assert_eq!(
            fill_prompt(Locale::zh_CN, &[1]).as_deref(),
            Some("填写第 2 件商品后显示结果。")
        );
    }

    #[test]
    fn watch_threshold_explained() {
        let evaluation = evaluate_one("12000", "watch", "0");
        let verdicts = verdicts(Locale::en, &evaluation, true);
        let tax = verdicts
            .iter()
            .find(|v| v.topic == "tax")
            .expect("a CT verdict");
        assert!(tax.text.contains("¥12,000.00"), "{}", tax.text);
        assert!(tax.text.contains("¥10,000.00"), "{}", tax.text);
        assert_eq!(evaluation.tax.total.to_string(), "6814.50");
    }

    #[test]
    fn every_preset_has_a_label() {
        for preset in PRESET_IDS {
            for locale in [Locale::zh_CN, Locale::en] {
                let fallback = fill(td_string!(locale, tax_class.unknown), &[("id", &preset)]);
                assert_ne!(
                    tax_class_label(locale, preset),
                    fallback,
                    "preset {preset} has its own label"
                );
            }
        }
        assert_eq!(tax_class_label(Locale::en, "tea"), "Tax class tea");
    }

    #[test]
    fn fields_named_in_results() {
        assert_eq!(
            field_label(Locale::zh_CN, FieldRef::Line(1, LineField::UnitPrice)),
            "第 2 件商品的单价（元）"
        );
        assert_eq!(field_label(Locale::en, FieldRef::Freight), "Freight (¥)");
    }
}
