//! The normalised model every format is turned into (spec section 2).
//!
//! A [`Dataset`] holds conversations, their timestamped events and the deduplicated API
//! requests that carry token usage. Nothing here knows which agent wrote the files.

pub mod bidi;
mod check_run;
mod commit;
mod cross_file;
mod dataset;
pub mod dedupe;
mod diagnostics;
mod event;
mod external;
pub mod field_versions;
mod file_skip;
pub mod keys;
mod labels;
pub mod limits;
pub mod shell;
mod texts;
mod usage;

pub use check_run::{CheckKind, CheckRun, Runner, TestCounts};
pub use commit::Commit;
pub use cross_file::{ClaimTarget, EventlessLine, LeadToken, ReplayLead, TitleClaim, TitleRank, UsageSequence};
pub use dataset::{dedupe_file_reports, project_name, Conversation, ConversationId, Dataset, FileOutcome, FileReport};
pub use diagnostics::{Diagnostic, Diagnostics, SkipReason};
pub use event::{error_preview, preview, Agent, CheckIndex, ErrorText, Event, EventKind, LineCounts, Target, ToolUseId, PREVIEW_CHARS};
pub use external::{agent_of_model, External, LoggedMetrics, LoggedSession, ReportKind, ReportedModel, ReportedUsage, Segment, TrackedSession, TrackedTests};
pub use file_skip::FileSkip;
pub use keys::{stable_hash, LineKey, RequestKey};
pub use labels::PersonLabels;
pub use texts::{Interner, TextId, TextMap, Texts};
pub use usage::{PriceStatus, RecordedCost, Request, TokenUsage};
