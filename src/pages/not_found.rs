use leptos::prelude::*;

use crate::components::page_title::use_page_title;
use crate::i18n::*;

/// The page for any path the router does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|locale| td_string!(locale, not_found.page_title).to_string());

    view! {
        <section class="cbec-not-found">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <p>
                <a href="/">{t!(i18n, not_found.home_link)}</a>
            </p>
        </section>
    }
}
