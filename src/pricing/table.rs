//! The price table: per-token prices by model id, and how a model id finds its row.
//!
//! Lookup order: the exact id; then the id with a provider prefix (`anthropic/`,
//! `anthropic.`) or a date suffix (`-20250514`) removed, which is still the same model;
//! then the longest table key that the id starts with (or that starts with the id),
//! which is a relative of the model and is flagged approximate.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::PriceStatus;

const EMBEDDED_JSON: &str = include_str!("prices.json");

/// Prices in USD per token. Missing optional prices follow ccusage's derivations
/// (see `cost`).
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
pub struct ModelPrice {
    pub input: f64,
    pub output: f64,
    pub cache_write_5m: Option<f64>,
    pub cache_write_1h: Option<f64>,
    pub cache_read: Option<f64>,
    pub input_above_200k: Option<f64>,
    pub output_above_200k: Option<f64>,
    pub cache_write_5m_above_200k: Option<f64>,
    pub cache_read_above_200k: Option<f64>,
    pub fast_multiplier: Option<f64>,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
pub struct PriceTable {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub source: String,
    pub models: BTreeMap<String, ModelPrice>,
    #[serde(default)]
    fast_multiplier_exact: BTreeMap<String, f64>,
    #[serde(default)]
    fast_multiplier_by_prefix: BTreeMap<String, f64>,
    /// A user's table is laid over the embedded one: it prices imported requests too.
    #[serde(skip)]
    has_user_rows: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PriceTableError {
    #[error("price table is not valid JSON of the expected shape: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("price table has no models")]
    Empty,
}

/// The row a model id found, and how sure the match is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PriceLookup<'a> {
    pub price: &'a ModelPrice,
    pub status: PriceStatus,
    pub fast_multiplier: f64,
}

impl PriceTable {
    /// Parses a table in our JSON shape (`{"models": {"id": {"input": …}}}`).
    pub fn from_json(text: &str) -> Result<Self, PriceTableError> {
        let table: PriceTable = serde_json::from_str(text)?;
        if table.models.is_empty() {
            return Err(PriceTableError::Empty);
        }
        Ok(table)
    }

    /// A file's bytes as a price table, when they are a JSON object of this shape
    /// (recognised by content: a dropped file is a price table if it parses as one).
    pub fn recognise(bytes: &[u8]) -> Option<PriceTable> {
        let text = std::str::from_utf8(bytes).ok()?;
        if !text.trim_start().starts_with('{') {
            return None;
        }
        PriceTable::from_json(text).ok()
    }

    /// The table compiled into the program.
    pub fn embedded() -> &'static PriceTable {
        static TABLE: OnceLock<PriceTable> = OnceLock::new();
        TABLE.get_or_init(|| match PriceTable::from_json(EMBEDDED_JSON) {
            Ok(table) => table.with_source("the embedded price table"),
            // The embedded file is checked by a unit test; an empty table prices nothing
            // and lists every model as unpriced rather than crashing the page.
            Err(_) => PriceTable::default(),
        })
    }

    /// A user's table laid over this one: its rows win for their ids.
    pub fn overridden_by(&self, user: PriceTable) -> PriceTable {
        let mut merged = self.clone();
        merged.has_user_rows = true;
        merged.source = format!("{} over {}", user.source_name(), self.source_name());
        merged.models.extend(user.models);
        merged.fast_multiplier_exact.extend(user.fast_multiplier_exact);
        merged.fast_multiplier_by_prefix.extend(user.fast_multiplier_by_prefix);
        if !user.date.is_empty() {
            merged.date = user.date;
        }
        merged
    }

    /// Whether a user's table was laid over this one (`overridden_by`).
    pub fn has_user_rows(&self) -> bool {
        self.has_user_rows
    }

    /// "the embedded price table of 2026-11-21 (140 models)", or the user's file.
    pub fn label(&self) -> String {
        let date = if self.date.is_empty() { String::new() } else { format!(" of {}", self.date) };
        format!("{}{date} ({} models)", self.source_name(), self.models.len())
    }

    fn source_name(&self) -> &str {
        if self.source.is_empty() {
            "a user price table"
        } else {
            &self.source
        }
    }

    /// Names where the table came from (shown in `label`).
    pub fn with_source(mut self, source: impl Into<String>) -> PriceTable {
        self.source = source.into();
        self
    }

    pub fn lookup(&self, model: &str) -> Option<PriceLookup<'_>> {
        let (key, status) = self.find_key(model)?;
        let price = self.models.get(key)?;
        Some(PriceLookup { price, status, fast_multiplier: self.fast_multiplier(key, price) })
    }

    fn find_key<'a>(&'a self, model: &str) -> Option<(&'a str, PriceStatus)> {
        if let Some((key, _)) = self.models.get_key_value(model) {
            return Some((key, PriceStatus::Exact));
        }
        let bare = strip_provider(model);
        let undated = strip_date_suffix(bare);
        for candidate in [bare, undated] {
            if let Some((key, _)) = self.models.get_key_value(candidate) {
                return Some((key, PriceStatus::Exact));
            }
        }
        self.models
            .keys()
            .filter(|key| !key.contains('/') && is_family_of(undated, key))
            .max_by_key(|key| key.len())
            .map(|key| (key.as_str(), PriceStatus::Approximate))
    }

    fn fast_multiplier(&self, key: &str, price: &ModelPrice) -> f64 {
        if let Some(multiplier) = price.fast_multiplier {
            return multiplier;
        }
        if let Some(multiplier) = self.fast_multiplier_exact.get(key) {
            return *multiplier;
        }
        self.fast_multiplier_by_prefix
            .iter()
            .filter(|(prefix, _)| key.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, multiplier)| *multiplier)
            .unwrap_or(1.0)
    }
}

fn strip_provider(model: &str) -> &str {
    ["anthropic/", "anthropic.", "openai/", "gemini/", "google/"].iter().find_map(|prefix| model.strip_prefix(prefix)).unwrap_or(model)
}

/// `claude-sonnet-4-20250514` → `claude-sonnet-4`; ids without an 8-digit date stay.
fn strip_date_suffix(model: &str) -> &str {
    match model.rsplit_once('-') {
        Some((stem, date)) if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) => stem,
        _ => model,
    }
}

/// True when one id extends the other at a `-` or `.` boundary
/// (`claude-opus-4-9` and `claude-opus-4`, `gpt-5.9` and `gpt-5`).
fn is_family_of(model: &str, key: &str) -> bool {
    let (long, short) = if model.len() >= key.len() { (model, key) } else { (key, model) };
    long.strip_prefix(short).is_some_and(|rest| rest.starts_with('-') || rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_with_its_date() {
        let table = PriceTable::from_json(EMBEDDED_JSON).expect("embedded table parses");
        assert!(table.models.len() > 100);
        assert_eq!(table.date, "2026-11-21");
        assert_eq!(PriceTable::embedded().label(), format!("the embedded price table of 2026-11-21 ({} models)", table.models.len()));
    }

    #[test]
    fn exact_ids_are_exact() {
        let lookup = PriceTable::embedded().lookup("claude-sonnet-4-20250514").expect("known");
        assert_eq!(lookup.status, PriceStatus::Exact);
        assert_eq!(lookup.price.input, 3e-6);
    }

    #[test]
    fn provider_prefix_is_the_same_model() {
        let lookup = PriceTable::embedded().lookup("anthropic/claude-opus-4-6").expect("known");
        assert_eq!(lookup.status, PriceStatus::Exact);
        assert_eq!(lookup.fast_multiplier, 6.0);
    }

    #[test]
    fn unknown_family_member_is_approximate() {
        let lookup = PriceTable::embedded().lookup("claude-opus-4-6-preview").expect("family");
        assert_eq!(lookup.status, PriceStatus::Approximate);
        assert_eq!(lookup.price.input, 5e-6);
    }

    #[test]
    fn unrelated_model_is_unpriced() {
        assert!(PriceTable::embedded().lookup("my-local-llama").is_none());
        assert!(PriceTable::embedded().lookup("<synthetic>").is_none());
    }

    #[test]
    fn user_table_overrides_rows() {
        let user = PriceTable::from_json(r#"{"models":{"claude-opus-4-6":{"input":1.0,"output":2.0}}}"#).expect("user table");
        let merged = PriceTable::embedded().overridden_by(user);
        assert_eq!(merged.lookup("claude-opus-4-6").map(|l| l.price.input), Some(1.0));
        assert_eq!(merged.lookup("claude-sonnet-4-20250514").map(|l| l.price.input), Some(3e-6));
    }

    #[test]
    fn malformed_user_table_is_an_error() {
        assert!(PriceTable::from_json("{").is_err());
        assert!(matches!(PriceTable::from_json(r#"{"models":{}}"#), Err(PriceTableError::Empty)));
    }
}
