//! The zh-CN / en switch and the locale's effects on the page.

use gloo_storage::{LocalStorage as BrowserStorage, Storage};
use leptos::prelude::*;

use crate::i18n::*;

/// localStorage key of the chosen locale.
pub const LOCALE_KEY: &str = "cbec.locale";

/// Returns the locale chosen earlier on this browser, or zh-CN.
///
/// The browser's language list is deliberately ignored: the product's default is
/// zh-CN whatever the browser reports.
pub fn initial_locale() -> Locale {
    BrowserStorage::get::<String>(LOCALE_KEY)
        .ok()
        .and_then(|stored| stored.parse::<Locale>().ok())
        .unwrap_or(Locale::zh_CN)
}

/// Remembers the locale and, when the app owns the page, sets `<html lang>`.
#[component]
pub fn LocaleEffects(owns_document: bool) -> impl IntoView {
    let i18n = use_i18n();

    // An effect, not a derived value, because both are side effects outside the
    // reactive tree: they must follow every change of the locale, and only in the
    // browser.
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Err(error) = BrowserStorage::set(LOCALE_KEY, locale.as_str()) {
            leptos::logging::warn!("could not store the locale {}: {error}", locale.as_str());
        }
        if owns_document {
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", locale.as_str());
            }
        }
    });
}

/// A button that switches between zh-CN and en. It shows the name of the other
/// language in that language, as language pickers usually do.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.get_locale() {
        Locale::zh_CN => Locale::en,
        Locale::en => Locale::zh_CN,
    };
    let other_name = move || match other() {
        Locale::zh_CN => td_string!(Locale::zh_CN, lang.zh),
        Locale::en => td_string!(Locale::en, lang.en),
    };

    view! {
        <button
            type="button"
            class="cbec-lang-switch"
            aria-label=move || format!("{}: {}", t_string!(i18n, lang.switch_label), other_name())
            lang=move || other().as_str()
            on:click=move |_| i18n.set_locale(other())
        >
            {other_name}
        </button>
    }
}
