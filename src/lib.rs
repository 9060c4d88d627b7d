//! cbec-check web app (跨境通关自查): the shopper's annual quota and a cart check
//! that runs the customs rules of `cbec-rules` in the browser.
//!
//! The pages are plain components under one [`CbecRoot`], so they can be mounted into
//! any element ([`mount_app`]) and, later, inside a storefront's shadow root.

// The build.rs code generation that leptos_i18n 0.6 prefers would compile the ICU
// data crates into the build; the macro reads the same locale files.
#[allow(deprecated)]
mod i18n_gen {
    leptos_i18n::load_locales!();
}
pub use i18n_gen::i18n;

// `load_locales!` does not tell cargo that it read the locale files; naming them in
// `include_str!` does, so that editing a translation rebuilds the app. Unused
// constants are not emitted.
const _: &str = include_str!("../locales/zh-CN.json");
const _: &str = include_str!("../locales/en.json");

pub mod api;
pub mod cart;
pub mod components;
pub mod field_error;
pub mod format;
pub mod pages;
pub mod quota;
pub mod text;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::language_switch::{initial_locale, LanguageSwitch, LocaleEffects};
use crate::i18n::*;
use crate::pages::cart::{CartPage, CartPanel};
use crate::pages::home::{HomePage, QuotaPanel};
use crate::pages::not_found::NotFound;
use crate::quota::QuotaStore;

/// Shopper whose quota the app shows until sign-in exists.
pub const DEMO_SHOPPER_ID: &str = "demo";

/// Configuration of a mount: the API client, the shopper, and whether the app owns
/// the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    pub client: ApiClient,
    pub shopper_id: String,
    /// Whether the app owns the page, so it may set `<html lang>` and the document
    /// title. An app embedded in someone else's page sets `lang` on its root only.
    pub owns_document: bool,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            client: ApiClient::default(),
            shopper_id: DEMO_SHOPPER_ID.to_owned(),
            owns_document: true,
        }
    }
}

/// Provides the locale, the configuration and the shared quota figures to
/// `children`, inside a `cbec-root` element that scopes the stylesheet and carries the
/// `lang` attribute.
#[component]
pub fn CbecRoot(config: AppConfig, children: Children) -> impl IntoView {
    let owns_document = config.owns_document;
    provide_context(config.clone());

    view! {
        <I18nSubContextProvider initial_locale=initial_locale()>
            <LocaleEffects owns_document=owns_document />
            {
                // The pages refresh the store when they mount, so it is only created
                // here, once for all of them.
                provide_context(QuotaStore::new(config.client.clone(), config.shopper_id.clone()));
                view! { <RootElement>{children()}</RootElement> }
            }
        </I18nSubContextProvider>
    }
}

#[component]
fn RootElement(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="cbec-root" lang=move || i18n.get_locale().as_str()>
            {children()}
        </div>
    }
}

/// The whole app: header, navigation and the routed pages.
#[component]
pub fn App(#[prop(optional)] config: Option<AppConfig>) -> impl IntoView {
    let config = config.unwrap_or_default();

    view! {
        <CbecRoot config=config>
            <Router>
                <AppShell />
            </Router>
        </CbecRoot>
    }
}

#[component]
fn AppShell() -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <header class="cbec-header">
            <p class="cbec-header__title">{t!(i18n, app_title)}</p>
            <nav class="cbec-nav" aria-label=move || t_string!(i18n, nav.label)>
                <A href="/" exact=true>{t!(i18n, nav.home)}</A>
                <A href="/cart">{t!(i18n, nav.cart)}</A>
            </nav>
            <LanguageSwitch />
        </header>
        <main class="cbec-main">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/cart") view=CartPage />
            </Routes>
        </main>
    }
}

/// Mounts the whole app into `parent` with the default configuration: the API on
/// the same origin and the demo shopper.
pub fn mount_app(parent: web_sys::HtmlElement) {
    mount_app_with(parent, AppConfig::default());
}

/// Mounts the whole app into `parent`. The app stays mounted for the life of the page.
pub fn mount_app_with(parent: web_sys::HtmlElement, config: AppConfig) {
    let handle = leptos::mount::mount_to(parent, move || view! { <App config=config /> });
    handle.forget();
}

/// Mounts the quota panel alone into `parent`, without router or header, such as into
/// an element inside a storefront's shadow root (load `style/main.css` there too).
pub fn mount_quota(parent: web_sys::HtmlElement, config: AppConfig) {
    let handle = leptos::mount::mount_to(parent, move || {
        view! {
            <CbecRoot config=config>
                <QuotaPanel />
            </CbecRoot>
        }
    });
    handle.forget();
}

/// Mounts the cart check alone into `parent`, like [`mount_quota`].
pub fn mount_cart(parent: web_sys::HtmlElement, config: AppConfig) {
    let handle = leptos::mount::mount_to(parent, move || {
        view! {
            <CbecRoot config=config>
                <CartPanel />
            </CbecRoot>
        }
    });
    handle.forget();
}
