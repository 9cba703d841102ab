//! Token counts as the adapters read them: leniently (a missing or odd counter is 0, as
//! the agents' own readers take it) and within what a request can hold.

use serde::Deserialize;

/// A count: a non-negative integer (or a float that is one), else 0. Values beyond
/// `limits::MAX_TOKENS` are kept here and refused by [`over_limit`].
pub fn lenient_count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Number(number) => number.as_u64().or_else(|| number.as_f64().filter(|f| f.is_finite() && *f >= 0.0).map(|f| f as u64)).unwrap_or(0),
        _ => 0,
    })
}

/// The first named count no request can hold, as "name count".
pub fn over_limit(counts: &[(&str, u64)]) -> Option<String> {
    counts.iter().find(|(_, count)| *count > crate::model::limits::MAX_TOKENS).map(|(name, count)| format!("{name} {count}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Counted {
        #[serde(default, deserialize_with = "lenient_count")]
        n: u64,
    }

    #[test]
    fn odd_counts_are_zero_and_huge_ones_are_named() {
        let read = |text: &str| serde_json::from_str::<Counted>(text).expect("parses").n;
        assert_eq!(
            [read(r#"{"n":12}"#), read(r#"{"n":12.0}"#), read(r#"{"n":-3}"#), read(r#"{"n":"7"}"#), read(r#"{"n":null}"#), read("{}")],
            [12, 12, 0, 0, 0, 0]
        );
        assert_eq!(over_limit(&[("input", 5), ("output", 2_000_000_000)]).as_deref(), Some("output 2000000000"));
        assert_eq!(over_limit(&[("input", 5)]), None);
    }
}
