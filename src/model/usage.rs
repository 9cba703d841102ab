//! API requests and their token usage.

use super::dataset::ConversationId;
use super::keys::RequestKey;
use super::texts::TextId;

/// Token counts of one API request, by price class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TokenUsage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_write_5m_tokens: u64,
    pub cache_write_1h_tokens: u64,
    pub cache_read_tokens: u64,
}

impl TokenUsage {
    pub fn cache_write_tokens(&self) -> u64 {
        self.cache_write_5m_tokens.saturating_add(self.cache_write_1h_tokens)
    }

    /// Input + output + cache writes + cache reads (spec section 4, "tokens"). Sums
    /// saturate: counts are bounded where they are read (`limits`), sums of them never wrap.
    pub fn total_tokens(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens).saturating_add(self.cache_write_tokens()).saturating_add(self.cache_read_tokens)
    }

    pub fn add(&mut self, other: &TokenUsage) {
        self.input_tokens = self.input_tokens.saturating_add(other.input_tokens);
        self.output_tokens = self.output_tokens.saturating_add(other.output_tokens);
        self.cache_write_5m_tokens = self.cache_write_5m_tokens.saturating_add(other.cache_write_5m_tokens);
        self.cache_write_1h_tokens = self.cache_write_1h_tokens.saturating_add(other.cache_write_1h_tokens);
        self.cache_read_tokens = self.cache_read_tokens.saturating_add(other.cache_read_tokens);
    }
}

/// How the price of a request's model was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PriceStatus {
    /// The model id is in the price table.
    Exact,
    /// Priced by a related model of the same family: shown as "approximate".
    Approximate,
    /// The log carried its own `costUSD`, which is used as is.
    Logged,
    /// No price known: cost 0, and the model is listed as unpriced.
    #[default]
    Unpriced,
}

impl PriceStatus {
    pub const ALL: [PriceStatus; 4] = [PriceStatus::Exact, PriceStatus::Approximate, PriceStatus::Logged, PriceStatus::Unpriced];

    /// The name exports write.
    pub fn code(self) -> &'static str {
        match self {
            PriceStatus::Exact => "exact",
            PriceStatus::Approximate => "approximate",
            PriceStatus::Logged => "logged",
            PriceStatus::Unpriced => "unpriced",
        }
    }

    pub fn from_code(code: &str) -> Option<PriceStatus> {
        PriceStatus::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// What a file itself says a request cost (a fact of the file, unlike the cost the
/// price tables in force give it when the dataset is assembled).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum RecordedCost {
    /// `costUSD` written by older Claude Code builds: used as is.
    Logged(f64),
    /// The cost an export carries, priced by its producer's table: kept unless the user
    /// has laid a price table of their own over the embedded one.
    Exported { cost_usd: f64, price_status: PriceStatus },
}

impl Request {
    /// A request as a transcript records it: not fast, with no cost of its own (it is
    /// priced when the dataset is assembled: `pricing::price_requests`).
    pub fn read(timestamp_ms: i64, conversation: ConversationId, model: TextId, usage: TokenUsage, is_sidechain: bool, keys: RequestKey) -> Request {
        Request {
            timestamp_ms,
            conversation,
            model,
            usage,
            reasoning_output_tokens: 0,
            is_fast: false,
            is_sidechain,
            recorded_cost: None,
            cost_usd: 0.0,
            price_status: PriceStatus::Unpriced,
            keys,
        }
    }

    /// The `costUSD` its log carried, if any.
    pub fn logged_cost_usd(&self) -> Option<f64> {
        match self.recorded_cost {
            Some(RecordedCost::Logged(cost_usd)) => Some(cost_usd),
            _ => None,
        }
    }
}

/// One deduplicated API request (a model response with usage).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Request {
    pub timestamp_ms: i64,
    pub conversation: ConversationId,
    /// The model id, in `Dataset::texts`.
    pub model: TextId,
    pub usage: TokenUsage,
    /// Of `usage.output_tokens`, what the model spent reasoning, where the transcript says
    /// so (Codex): shown as ccusage's `reasoningOutputTokens`, never billed apart.
    pub reasoning_output_tokens: u64,
    pub is_fast: bool,
    pub is_sidechain: bool,
    /// What its file says it cost, if anything.
    pub recorded_cost: Option<RecordedCost>,
    /// Its cost and how its price was found: set when the dataset is assembled, from
    /// the price tables in force, and never carried in a part (`transport`).
    #[serde(skip)]
    pub cost_usd: f64,
    #[serde(skip)]
    pub price_status: PriceStatus,
    /// Its dedupe keys (see `keys`).
    pub keys: RequestKey,
}
