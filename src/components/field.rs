//! A labelled text input with its inline error message.

use leptos::prelude::*;

/// A text input bound to `value`, with a label and, once the shopper has touched it
/// (typed in it or left it), the message of `error` next to it.
///
/// Amounts use `inputmode="decimal"` on a text input rather than `type="number"`,
/// which would let the browser accept exponents and silently drop invalid text
/// before the rules crate can name the problem.
#[component]
pub fn InputField(
    /// DOM id of the input; the message gets `{id}-error`.
    id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    /// Message in the current language, or `None` when the value is valid.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether the shopper has typed in or left the input. Owned by the caller, so the
    /// results can also hold back the problems of untouched fields.
    touched: RwSignal<bool>,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    // Errors appear only once the field has been touched, so that a fresh form is
    // not covered in complaints.
    let shown_error = move || if touched.get() { error.get() } else { None };
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || shown_error().map(|_| error_id.clone())
    };

    view! {
        <div class="cbec-field" class:cbec-field--invalid=move || shown_error().is_some()>
            <label class="cbec-field__label" for=id.clone()>{move || label.get()}</label>
            <input
                class="cbec-field__input"
                id=id
                type="text"
                inputmode=inputmode
                placeholder=placeholder
                autocomplete=autocomplete.unwrap_or("off")
                spellcheck="false"
                prop:value=move || value.get()
                aria-invalid=move || if shown_error().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                on:input=move |event| {
                    touched.set(true);
                    value.set(event_target_value(&event));
                }
                on:blur=move |_| touched.set(true)
            />
            <p class="cbec-field__error" id=error_id aria-live="polite" hidden=move || shown_error().is_none()>
                {shown_error}
            </p>
        </div>
    }
}
