//! `manifest.json` beside the tables: what wrote them and with which settings, the
//! batches appended so far (each a file per table), and each conversation written with
//! the fingerprint of what it held, so that a later run adds only what is new or grew.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::context::Span;
use crate::export::Redaction;
use crate::model::{stable_hash, Conversation, Dataset};

pub const FORMAT: &str = "session-lens-tables";
/// The tables' layout; a folder of another layout is not appended to.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub schema_version: u32,
    pub producer: Producer,
    /// The idle cutoff the sessions were split at, in minutes.
    pub idle_minutes: f64,
    /// The zone of the `day` and `week` columns.
    pub time_zone: String,
    pub redaction: Redaction,
    /// Whether `input_tokens` includes cached input: it does not (OpenTelemetry's
    /// conventions count it in; add `cache_read_tokens` and `cache_creation_tokens`).
    pub input_tokens_include_cache: bool,
    pub batches: Vec<Batch>,
    /// Each conversation written (`person / agent / id`), with the fingerprint of what it
    /// held and the batch that holds its rows.
    pub conversations: BTreeMap<String, Written>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Producer {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub batch: i64,
    pub created_at: String,
    /// The price table the costs were computed with.
    pub prices: String,
    /// Each table's file (relative to the folder) and rows.
    pub files: BTreeMap<String, TableFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableFile {
    pub path: String,
    pub rows: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    pub fingerprint: String,
    pub batch: i64,
}

impl Manifest {
    pub fn new(idle_minutes: f64, time_zone: &str, redaction: Redaction) -> Manifest {
        Manifest {
            format: FORMAT.to_owned(),
            schema_version: SCHEMA_VERSION,
            producer: Producer { name: String::from("session-lens"), version: env!("CARGO_PKG_VERSION").to_owned() },
            idle_minutes,
            time_zone: time_zone.to_owned(),
            redaction,
            input_tokens_include_cache: false,
            batches: Vec::new(),
            conversations: BTreeMap::new(),
        }
    }

    /// Why this folder's tables cannot take rows made with `other`'s settings, if they cannot.
    pub fn refuses(&self, other: &Manifest) -> Option<String> {
        if self.format != FORMAT || self.schema_version != SCHEMA_VERSION {
            return Some(format!("its manifest is {} version {}, not {FORMAT} version {SCHEMA_VERSION}", self.format, self.schema_version));
        }
        let differs = |what: &str, old: String, new: String| (old != new).then(|| format!("its tables were written with {what} {old}, not {new}"));
        differs("--idle-minutes", self.idle_minutes.to_string(), other.idle_minutes.to_string())
            .or_else(|| differs("--timezone", self.time_zone.clone(), other.time_zone.clone()))
            .or_else(|| differs("--hash-paths", self.redaction.hash_paths.to_string(), other.redaction.hash_paths.to_string()))
            .or_else(|| differs("--include-text", self.redaction.include_text.to_string(), other.redaction.include_text.to_string()))
    }

    pub fn next_batch(&self) -> i64 {
        self.batches.iter().map(|batch| batch.batch).max().unwrap_or(0) + 1
    }
}

/// A conversation's key in the manifest.
pub fn conversation_key(conversation: &Conversation) -> String {
    format!("{} / {} / {}", conversation.person, conversation.agent.label(), conversation.session_key)
}

/// What each conversation holds, as a fingerprint: its events (`spans`: count, first and
/// last time) and its requests (count, tokens, keys), which change when it grows.
pub fn fingerprints(dataset: &Dataset, spans: &[Option<Span>]) -> Vec<String> {
    let mut requests = vec![[0_u64; 3]; dataset.conversations.len()];
    for request in &dataset.requests {
        let Some(facts) = requests.get_mut(request.conversation.0 as usize) else { continue };
        facts[0] += 1;
        facts[1] = facts[1].saturating_add(request.usage.total_tokens());
        facts[2] = facts[2].wrapping_add(request.keys.request);
    }
    requests
        .iter()
        .zip(spans)
        .map(|(requests, span)| {
            let text = format!("{span:?} {requests:?}");
            format!("{:016x}", stable_hash(&[text.as_bytes()]))
        })
        .collect()
}
