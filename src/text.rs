//! Filling `{name}` placeholders in translated texts.
//!
//! NOTE: leptos_i18n's own `{{ name }}` interpolation cannot produce a `String` (for
//! attributes, the document title, tests) unless its `interpolate_display` option is
//! on, and `load_locales!` has no way to turn it on; the build.rs code generation that
//! can would add the ICU data crates to the build. So the locale files use `{name}`,
//! which leptos_i18n leaves as text, and [`fill`] replaces it.

use std::fmt::Display;

/// Replaces each `{name}` in `template` with its value. A placeholder without a value
/// stays as it is, so a missing value shows up on screen and in the tests rather than
/// vanishing.
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut filled = template.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), &value.to_string());
    }
    filled
}

/// Returns the placeholder names of `template` in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            break;
        };
        let name = &after[..end];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            names.push(name);
        }
        rest = &after[end + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn fill_replaces_every_occurrence() {
        let text = fill("{n} of {total}, again {n}", &[("n", &3), ("total", &"10")]);
        assert_eq!(text, "3 of 10, again 3");
    }

    #[test]
    fn fill_keeps_unknown_placeholders() {
        assert_eq!(fill("HTTP {status}", &[("code", &"x")]), "HTTP {status}");
    }

    #[test]
    fn placeholders_found_in_order() {
        assert_eq!(
            placeholders("超出 {amount}（{code}）"),
            vec!["amount", "code"]
        );
        assert_eq!(placeholders("no braces"), Vec::<&str>::new());
    }

    fn flatten(prefix: &str, value: &Value, into: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    flatten(&path, child, into);
                }
            }
            Value::String(text) => into.push((prefix.to_owned(), text.clone())),
            other => panic!("key {prefix} holds {other}, not text"),
        }
    }

    #[test]
    fn locales_have_same_keys_and_placeholders() {
        let parse = |text: &str| {
            let mut entries = Vec::new();
            flatten(
                "",
                &serde_json::from_str(text).expect("locale file is JSON"),
                &mut entries,
            );
            entries.sort();
            entries
        };
        let zh = parse(include_str!("../locales/zh-CN.json"));
        let en = parse(include_str!("../locales/en.json"));

        let zh_keys: Vec<_> = zh.iter().map(|(key, _)| key).collect();
        let en_keys: Vec<_> = en.iter().map(|(key, _)| key).collect();
        assert_eq!(zh_keys, en_keys, "zh-CN and en have the same keys");

        for ((key, zh_text), (_, en_text)) in zh.iter().zip(&en) {
            let mut zh_names = placeholders(zh_text);
            let mut en_names = placeholders(en_text);
            zh_names.sort_unstable();
            en_names.sort_unstable();
            assert_eq!(zh_names, en_names, "key {key} has the same placeholders");
            assert!(
                !zh_text.contains("{{") && !en_text.contains("{{"),
                "key {key} uses {{{{name}}}}; write {{name}}"
            );
        }
    }
}
