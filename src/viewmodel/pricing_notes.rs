//! Models whose cost is not exact: unpriced ones (counted, cost 0, never silently) and
//! ones priced by a relative of the same family ("approximate").

use std::collections::BTreeMap;

use crate::model::{Dataset, PriceStatus};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelNote {
    pub model: String,
    pub requests: u64,
    pub total_tokens: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PricingNotes {
    pub unpriced: Vec<ModelNote>,
    pub approximate: Vec<ModelNote>,
}

impl PricingNotes {
    pub fn is_empty(&self) -> bool {
        self.unpriced.is_empty() && self.approximate.is_empty()
    }

    /// One sentence per kind of note, for the page and the command line.
    pub fn sentences(&self) -> Vec<String> {
        let list = |notes: &[ModelNote]| {
            notes.iter().map(|note| format!("{} ({} requests, {} tokens)", note.model, note.requests, note.total_tokens)).collect::<Vec<_>>().join(", ")
        };
        let mut sentences = Vec::new();
        if !self.unpriced.is_empty() {
            sentences.push(format!("No price known, cost counted as $0: {}.", list(&self.unpriced)));
        }
        if !self.approximate.is_empty() {
            sentences.push(format!("Approximate price (a related model's): {}.", list(&self.approximate)));
        }
        sentences
    }
}

pub fn pricing_notes(dataset: &Dataset) -> PricingNotes {
    let mut unpriced: BTreeMap<&str, ModelNote> = BTreeMap::new();
    let mut approximate: BTreeMap<&str, ModelNote> = BTreeMap::new();
    for request in &dataset.requests {
        let bucket = match request.price_status {
            PriceStatus::Unpriced => &mut unpriced,
            PriceStatus::Approximate => &mut approximate,
            PriceStatus::Exact | PriceStatus::Logged => continue,
        };
        let model = dataset.text(request.model);
        let note = bucket.entry(model).or_insert_with(|| ModelNote { model: model.to_owned(), ..ModelNote::default() });
        note.requests += 1;
        note.total_tokens += request.usage.total_tokens();
    }
    PricingNotes { unpriced: unpriced.into_values().collect(), approximate: approximate.into_values().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::PriceTable;
    use crate::transport::ingest_files;

    fn line(model: &str, id: &str) -> String {
        format!(
            r#"{{"type":"assistant","uuid":"{id}","sessionId":"s","timestamp":"2025-01-01T00:00:00Z","message":{{"id":"{id}","model":"{model}","usage":{{"input_tokens":10,"output_tokens":5}}}}}}"#
        )
    }

    #[test]
    fn unknown_and_family_models_are_listed_with_their_tokens() {
        let text = [line("my-local-llama", "a"), line("my-local-llama", "b"), line("claude-opus-4-6-preview", "c"), line("claude-opus-4-6", "d")].join("\n");
        let dataset = ingest_files([("s.jsonl", "me", text.as_bytes())], PriceTable::embedded());
        let notes = pricing_notes(&dataset);
        assert_eq!(notes.unpriced, [ModelNote { model: "my-local-llama".into(), requests: 2, total_tokens: 30 }]);
        assert_eq!(notes.approximate, [ModelNote { model: "claude-opus-4-6-preview".into(), requests: 1, total_tokens: 15 }]);
        assert_eq!(dataset.requests.iter().filter(|r| dataset.text(r.model) == "my-local-llama").map(|r| r.cost_usd).sum::<f64>(), 0.0);
        assert_eq!(notes.sentences().len(), 2);
    }
}
