//! JSON input with the path of the offending field in every error.

use serde::de::DeserializeOwned;

use crate::Error;

/// Deserializes a JSON document, reporting where it failed.
///
/// # Errors
///
/// [`Error::InvalidJson`] for malformed JSON, a missing field, an unknown variant or a
/// value of the wrong type, wrapped by [`Error::at`] with the path of the field
/// (`lines[2].price`) when the failure is inside the document. The message of a field
/// type's own error, such as an amount with three decimals, is kept.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let error = Error::InvalidJson {
            message: error.into_inner().to_string(),
        };
        if path == "." {
            error
        } else {
            error.at(path)
        }
    })?;
    deserializer.end().map_err(|error| Error::InvalidJson {
        message: error.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::Money;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Line {
        price: Money,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Cart {
        lines: Vec<Line>,
    }

    #[test]
    fn names_the_field_path() {
        let error =
            from_str::<Cart>(r#"{"lines":[{"price":"1.00"},{"price":"1.001"}]}"#).unwrap_err();
        assert_eq!(error.field(), Some("lines[1].price"));
        assert_eq!(error.code(), "json.invalid");
        assert!(
            error.to_string().contains("more than two decimals"),
            "{error}"
        );
    }

    #[test]
    fn reports_missing_field_and_syntax() {
        let missing = from_str::<Cart>(r#"{"lines":[{}]}"#).unwrap_err();
        assert_eq!(missing.field(), Some("lines[0]"));
        assert!(
            missing.to_string().contains("missing field `price`"),
            "{missing}"
        );

        let syntax = from_str::<Cart>("{\"lines\": [").unwrap_err();
        assert!(
            matches!(syntax.root(), Error::InvalidJson { .. }),
            "{syntax}"
        );

        let trailing = from_str::<Cart>(r#"{"lines":[]} x"#).unwrap_err();
        assert_eq!(trailing.field(), None);
    }
}
