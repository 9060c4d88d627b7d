//! A ring gauge of how much of a limit is used.

use leptos::prelude::*;
use rust_decimal::Decimal;

/// Circle radius that gives a circumference of 100 user units, so the stroke dash
/// length is the percentage itself (the `pathLength` attribute does the same, but
/// older WebKit ignores it on circles).
const RADIUS: &str = "15.91549";

/// A meter from 0 to `max` showing `value`, drawn as a ring filled to `percent`.
///
/// `value` and `max` are exact decimal strings (yuan) for `aria-valuenow` and
/// `aria-valuemax`; `label` names the meter and `text` is what assistive technology
/// reads as the value. Both are visible beside the ring.
#[component]
pub fn Gauge(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] max: Signal<String>,
    #[prop(into)] percent: Signal<Decimal>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] text: Signal<String>,
) -> impl IntoView {
    let dash = move || format!("{} 100", percent.get());
    let percent_text = move || format!("{}%", percent.get());
    let level = move || {
        let percent = percent.get();
        if percent >= Decimal::ONE_HUNDRED {
            "cbec-gauge cbec-gauge--full"
        } else if percent >= Decimal::from(80) {
            "cbec-gauge cbec-gauge--high"
        } else {
            "cbec-gauge"
        }
    };

    view! {
        <div
            class=level
            role="meter"
            aria-valuemin="0"
            aria-valuenow=move || value.get()
            aria-valuemax=move || max.get()
            aria-valuetext=move || text.get()
            aria-label=move || label.get()
        >
            <svg class="cbec-gauge__ring" viewBox="0 0 36 36" aria-hidden="true" focusable="false">
                <circle class="cbec-gauge__track" cx="18" cy="18" r=RADIUS />
                <circle
                    class="cbec-gauge__fill"
                    cx="18"
                    cy="18"
                    r=RADIUS
                    stroke-dasharray=dash
                    transform="rotate(-90 18 18)"
                />
                <text class="cbec-gauge__percent" x="18" y="20.5" text-anchor="middle">
                    {percent_text}
                </text>
            </svg>
            <p class="cbec-gauge__label">{move || label.get()}</p>
            <p class="cbec-gauge__text">{move || text.get()}</p>
        </div>
    }
}
