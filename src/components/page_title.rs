//! The document title of a page.

use leptos::prelude::*;

use crate::i18n::*;
use crate::AppConfig;

/// Sets the document title to `title(locale)` and keeps it in step with the locale,
/// unless the app is embedded in a page it does not own.
pub fn use_page_title(title: impl Fn(Locale) -> String + Send + Sync + 'static) {
    let owns_document = use_context::<AppConfig>().is_none_or(|config| config.owns_document);
    if !owns_document {
        return;
    }

    let i18n = use_i18n();
    // An effect because the title lives outside the mounted element.
    Effect::new(move |_| document().set_title(&title(i18n.get_locale())));
}
