use leptos::prelude::*;

use crate::components::page_title::use_page_title;
use crate::i18n::*;

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|locale| td_string!(locale, cart.page_title).to_string());
    view! { <h1>{t!(i18n, cart.title)}</h1> }
}
