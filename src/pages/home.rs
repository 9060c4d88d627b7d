//! The home page: the shopper's annual quota as a gauge with the figures beside it.

use std::fmt::Display;

use leptos::prelude::*;

use crate::api::{ApiError, Quota};
use crate::components::gauge::Gauge;
use crate::components::page_title::use_page_title;
use crate::format::{cst_time_text, cst_year, money_text, percent_of};
use crate::i18n::*;
use crate::quota::{Origin, QuotaStore};
use crate::text::fill;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|locale| td_string!(locale, home.page_title).to_string());

    view! {
        <QuotaPanel />
        <p class="cbec-quota__next">
            <a class="cbec-button cbec-button--link" href="/cart">{t!(i18n, home.go_to_cart)}</a>
        </p>
    }
}

/// The quota gauge, the figures, and the state of the last refresh. Needs only the
/// `CbecRoot` context, not the router, so a storefront widget can show it too.
#[component]
pub fn QuotaPanel() -> impl IntoView {
    let i18n = use_i18n();
    let store = QuotaStore::expect();
    // Every visit fetches again: orders placed since the last visit change the figures.
    store.refresh();

    let body = move || match store.figures() {
        Some((quota, origin)) => view! { <QuotaFigures quota=quota origin=origin /> }.into_any(),
        None if store.loading() => {
            view! { <p class="cbec-quota__loading" role="status">{t!(i18n, home.loading)}</p> }
                .into_any()
        }
        None => view! { <p class="cbec-quota__empty">{t!(i18n, home.no_figures)}</p> }.into_any(),
    };

    view! {
        <section class="cbec-quota" aria-labelledby="cbec-quota-title">
            <h1 id="cbec-quota-title" class="cbec-quota__title">{t!(i18n, home.title)}</h1>
            <RefreshError />
            {body}
        </section>
    }
}

/// The error of the last refresh with a Retry button; nothing while the figures are
/// current.
#[component]
fn RefreshError() -> impl IntoView {
    let i18n = use_i18n();
    let store = QuotaStore::expect();

    move || {
        store.error().map(|error| {
            let message = move || api_error_message(i18n.get_locale(), &error);
            let button_text = move || {
                if store.loading() {
                    t_string!(i18n, home.retrying)
                } else {
                    t_string!(i18n, home.retry)
                }
            };
            view! {
                <div class="cbec-alert cbec-alert--error" role="alert">
                    <p class="cbec-alert__message">{message}</p>
                    <button
                        type="button"
                        class="cbec-button cbec-retry"
                        disabled=move || store.loading()
                        on:click=move |_| store.refresh()
                    >
                        {button_text}
                    </button>
                </div>
            }
        })
    }
}

#[component]
fn QuotaFigures(quota: Quota, origin: Origin) -> impl IntoView {
    let i18n = use_i18n();
    let store = QuotaStore::expect();
    let current_year = cst_year(time::OffsetDateTime::now_utc());

    // The figures are stale when an earlier visit cached them or the last refresh
    // failed. The note names their time, so the shopper can judge them.
    let as_of = quota.as_of;
    let stale_note = move || {
        let locale = i18n.get_locale();
        let time = cst_time_text(locale, as_of);
        match (origin, store.error().is_some()) {
            (Origin::Cached, _) => Some(fill(td_string!(locale, home.cached), &[("time", &time)])),
            (Origin::Live, true) => Some(fill(td_string!(locale, home.stale), &[("time", &time)])),
            (Origin::Live, false) => None,
        }
    };
    let year = quota.year;
    let other_year_note = move || {
        (year != current_year).then(|| {
            let template = td_string!(i18n.get_locale(), home.other_year);
            fill(template, &[("year", &year), ("current", &current_year)])
        })
    };

    let percent = percent_of(quota.used, quota.annual_limit);
    let (used, remaining, annual_limit, single_order_limit) = (
        quota.used,
        quota.remaining,
        quota.annual_limit,
        quota.single_order_limit,
    );
    let money = move |amount| move || money_text(i18n.get_locale(), amount);
    let gauge_label = Signal::derive(move || {
        fill(
            td_string!(i18n.get_locale(), home.gauge_label),
            &[("year", &year), ("percent", &percent)],
        )
    });
    let gauge_text = Signal::derive(move || {
        let locale = i18n.get_locale();
        let values: [(&str, &dyn Display); 2] = [
            ("used", &money_text(locale, used)),
            ("limit", &money_text(locale, annual_limit)),
        ];
        fill(td_string!(locale, home.gauge_text), &values)
    });
    let rule_set = quota.rule_set.clone();
    let rule_set_text = move || {
        fill(
            td_string!(i18n.get_locale(), home.rule_set_value),
            &[("date", &rule_set)],
        )
    };
    let shopper_id = quota.shopper_id.clone();
    let orders_counted = quota.orders_counted;

    view! {
        {move || stale_note().map(|note| view! { <p class="cbec-note cbec-note--stale" role="status">{note}</p> })}
        {move || other_year_note().map(|note| view! { <p class="cbec-note cbec-note--stale">{note}</p> })}
        <div class="cbec-quota__body" class:cbec-quota__body--stale=move || stale_note().is_some()>
            <Gauge
                value=Signal::derive(move || used.to_string())
                max=Signal::derive(move || annual_limit.to_string())
                percent=Signal::derive(move || percent)
                label=gauge_label
                text=gauge_text
            />
            <dl class="cbec-figures">
                <div class="cbec-figures__item cbec-figures__item--main" data-figure="used">
                    <dt>{t!(i18n, home.used)}</dt>
                    <dd>{money(used)}</dd>
                </div>
                <div class="cbec-figures__item cbec-figures__item--main" data-figure="remaining">
                    <dt>{t!(i18n, home.remaining)}</dt>
                    <dd>{money(remaining)}</dd>
                </div>
                <div class="cbec-figures__item" data-figure="annual_limit">
                    <dt>{t!(i18n, home.annual_limit)}</dt>
                    <dd>{money(annual_limit)}</dd>
                </div>
                <div class="cbec-figures__item" data-figure="single_order_limit">
                    <dt>{t!(i18n, home.single_order_limit)}</dt>
                    <dd>{money(single_order_limit)}</dd>
                </div>
                <div class="cbec-figures__item" data-figure="year">
                    <dt>{t!(i18n, home.year)}</dt>
                    <dd>{move || fill(t_string!(i18n, home.year_value), &[("year", &year)])}</dd>
                </div>
                <div class="cbec-figures__item" data-figure="orders_counted">
                    <dt>{t!(i18n, home.orders_counted)}</dt>
                    <dd>{orders_counted}</dd>
                </div>
                <div class="cbec-figures__item" data-figure="rule_set">
                    <dt>{t!(i18n, home.rule_set)}</dt>
                    <dd>{rule_set_text}</dd>
                </div>
                <div class="cbec-figures__item" data-figure="as_of">
                    <dt>{t!(i18n, home.as_of)}</dt>
                    <dd>
                        // One unit, so the time never wraps inside the zone name.
                        <span class="cbec-nowrap">{move || cst_time_text(i18n.get_locale(), as_of)}</span>
                    </dd>
                </div>
                <div class="cbec-figures__item" data-figure="shopper">
                    <dt>{t!(i18n, home.shopper)}</dt>
                    <dd>{shopper_id}</dd>
                </div>
            </dl>
        </div>
    }
}

/// Returns the message for a failed refresh in `locale`.
pub(crate) fn api_error_message(locale: Locale, error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => td_string!(locale, api_error.network).to_string(),
        ApiError::Malformed(_) => td_string!(locale, api_error.malformed).to_string(),
        ApiError::Status { status, code } if code.as_deref() == Some("shopper.not_found") => fill(
            td_string!(locale, api_error.shopper_not_found),
            &[("status", status)],
        ),
        ApiError::Status { status, code } => {
            let code = code.clone().unwrap_or_else(|| "-".to_owned());
            fill(
                td_string!(locale, api_error.status),
                &[("status", status), ("code", &code)],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_have_messages_in_both_locales() {
        let errors = [
            ApiError::Network("offline".into()),
            ApiError::Malformed("eof".into()),
            ApiError::Status {
                status: 404,
                code: Some("shopper.not_found".into()),
            },
            ApiError::Status {
                status: 500,
                code: Some("internal".into()),
            },
            ApiError::Status {
                status: 502,
                code: None,
            },
        ];
        for error in &errors {
            let zh = api_error_message(Locale::zh_CN, error);
            let en = api_error_message(Locale::en, error);
            assert!(!zh.is_empty(), "{error:?} has a zh-CN message");
            assert!(!en.is_empty(), "{error:?} has an en message");
            assert_ne!(zh, en, "{error:?} is translated");
        }
    }

    #[test]
    fn status_message_names_status_and_code() {
        let error = ApiError::Status {
            status: 503,
            code: Some("database.unavailable".into()),
        };
        assert_eq!(
            api_error_message(Locale::en, &error),
            "The quota service returned an error (HTTP 503, database.unavailable). Select Retry later."
        );
        let unknown = ApiError::Status {
            status: 404,
            code: Some("shopper.not_found".into()),
        };
        assert_eq!(
            api_error_message(Locale::zh_CN, &unknown),
            "找不到该购买人的额度记录（HTTP 404）。"
        );
    }
}
