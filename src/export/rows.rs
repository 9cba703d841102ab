//! Reading an export's request and event rows (JSON arrays, `docs/export-schema.md`)
//! straight into the model's types, without a `serde_json::Value` or a string per row.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use super::schema::{kind, request_flags, target};
use crate::model::bidi::neutralised;
use crate::model::keys::parse_hex;
use crate::model::{
    CheckKind, CheckRun, ConversationId, ErrorText, Event, EventKind, LineCounts, LineKey, PriceStatus, RecordedCost, Request, RequestKey, Runner, Target,
    TestCounts, TextId, TokenUsage, ToolUseId,
};

use crate::model::limits::{is_cost, MAX_EDIT_LINES as MAX_LINES, MAX_TOKENS, TIME_RANGE_MS};

fn checked_time<E: de::Error>(timestamp_ms: i64) -> Result<i64, E> {
    if TIME_RANGE_MS.contains(&timestamp_ms) {
        Ok(timestamp_ms)
    } else {
        Err(E::custom(format!("time {timestamp_ms} is outside the years 2000 to 2199")))
    }
}

/// A short code (event kind, price status, key): read without allocating.
struct CodeVisitor<T>(fn(&str) -> Option<T>, &'static str);

impl<T> Visitor<'_> for CodeVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.1)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.0)(text).ok_or_else(|| E::custom(format!("{text:?} is not {}", self.1)))
    }
}

/// A code read as `T` by `parse`; `expecting` names it in errors.
struct Code<T>(T);

/// The parse of one kind of code.
trait CodeKind: Sized {
    const EXPECTING: &'static str;
    fn parse(text: &str) -> Option<Self>;
}

impl<'de, T: CodeKind> Deserialize<'de> for Code<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CodeVisitor(T::parse, T::EXPECTING)).map(Code)
    }
}

/// A key: 16 hex digits.
struct HexKey(u64);

impl CodeKind for HexKey {
    const EXPECTING: &'static str = "a key of hex digits";
    fn parse(text: &str) -> Option<Self> {
        parse_hex(text).map(HexKey)
    }
}

impl CodeKind for PriceStatus {
    const EXPECTING: &'static str = "a price status";
    fn parse(text: &str) -> Option<Self> {
        PriceStatus::from_code(text)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Prompt,
    Message,
    Call,
    Result,
    Interruption,
    Command,
    Compaction,
    Meta,
}

impl CodeKind for Kind {
    const EXPECTING: &'static str = "an event kind";
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            kind::PROMPT => Kind::Prompt,
            kind::MESSAGE => Kind::Message,
            kind::CALL => Kind::Call,
            kind::RESULT => Kind::Result,
            kind::INTERRUPTION => Kind::Interruption,
            kind::COMMAND => Kind::Command,
            kind::COMPACTION => Kind::Compaction,
            kind::META => Kind::Meta,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy)]
enum TargetKind {
    File,
    Command,
}

impl CodeKind for TargetKind {
    const EXPECTING: &'static str = "a target kind (file or command)";
    fn parse(text: &str) -> Option<Self> {
        match text {
            target::FILE => Some(TargetKind::File),
            target::COMMAND => Some(TargetKind::Command),
            _ => None,
        }
    }
}

/// The next element of a row, which must be there.
fn next<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(seq: &mut A, name: &str) -> Result<T, A::Error> {
    seq.next_element()?.ok_or_else(|| de::Error::custom(format!("the row ends before its {name}")))
}

/// A row ends here: more elements are an error (a row of a newer schema).
fn end<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<(), A::Error> {
    match seq.next_element::<de::IgnoredAny>()? {
        None => Ok(()),
        Some(_) => Err(de::Error::custom("the row has more elements than its kind takes")),
    }
}

fn flag<E: de::Error>(value: u8, name: &str) -> Result<bool, E> {
    match value {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(E::custom(format!("{name} is {other}, not 0 or 1"))),
    }
}

fn line_counts<E: de::Error>(pair: Option<[u32; 2]>) -> Result<Option<LineCounts>, E> {
    match pair {
        Some([added, removed]) if added > MAX_LINES || removed > MAX_LINES => {
            Err(E::custom(format!("{added} or {removed} lines is more than an edit changes")))
        }
        pair => Ok(pair.map(|[added, removed]| LineCounts { added, removed })),
    }
}

/// A row read by a visitor of its own.
struct RowVisitor<T>(PhantomData<T>);

/// One request row.
pub struct RequestRow(pub Request);

impl<'de> Deserialize<'de> for RequestRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RowVisitor::<RequestRow>(PhantomData))
    }
}

impl<'de> Visitor<'de> for RowVisitor<RequestRow> {
    type Value = RequestRow;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a request row")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RequestRow, A::Error> {
        let conversation = ConversationId(next(&mut seq, "conversation")?);
        let timestamp_ms = checked_time(next(&mut seq, "time")?)?;
        let model = TextId(next(&mut seq, "model")?);
        let usage = TokenUsage {
            input_tokens: next(&mut seq, "input tokens")?,
            output_tokens: next(&mut seq, "output tokens")?,
            cache_write_5m_tokens: next(&mut seq, "5-minute cache write tokens")?,
            cache_write_1h_tokens: next(&mut seq, "1-hour cache write tokens")?,
            cache_read_tokens: next(&mut seq, "cache read tokens")?,
        };
        let cost_usd: f64 = next(&mut seq, "cost")?;
        let Code(price_status) = next::<_, Code<PriceStatus>>(&mut seq, "price status")?;
        let logged_cost_usd: Option<f64> = next(&mut seq, "logged cost")?;
        let flags: u8 = next(&mut seq, "flags")?;
        let request_key = next::<_, Option<Code<HexKey>>>(&mut seq, "request key")?.map_or(0, |Code(HexKey(key))| key);
        let message_key = next::<_, Option<Code<HexKey>>>(&mut seq, "message key")?.map_or(0, |Code(HexKey(key))| key);
        // Schema 2 added the reasoning tokens; a schema 1 row ends before them.
        let reasoning_output_tokens: u64 = seq.next_element()?.unwrap_or(0);
        end(&mut seq)?;
        if !is_cost(cost_usd) || logged_cost_usd.is_some_and(|cost| !is_cost(cost)) {
            return Err(de::Error::custom("a cost is negative, not a number or beyond a million dollars"));
        }
        let counts = [usage.input_tokens, usage.output_tokens, usage.cache_write_5m_tokens, usage.cache_write_1h_tokens, usage.cache_read_tokens];
        if counts.iter().any(|count| *count > MAX_TOKENS) {
            return Err(de::Error::custom("a token count is beyond a billion"));
        }
        if reasoning_output_tokens > usage.output_tokens {
            return Err(de::Error::custom("the reasoning tokens are more than the output tokens"));
        }
        Ok(RequestRow(Request {
            timestamp_ms,
            conversation,
            model,
            usage,
            reasoning_output_tokens,
            is_fast: flags & request_flags::FAST != 0,
            is_sidechain: flags & request_flags::SIDECHAIN != 0,
            recorded_cost: Some(match logged_cost_usd {
                Some(cost_usd) => RecordedCost::Logged(cost_usd),
                None => RecordedCost::Exported { cost_usd, price_status },
            }),
            cost_usd: 0.0,
            price_status: PriceStatus::Unpriced,
            keys: RequestKey { request: request_key, message: message_key },
        }))
    }
}

/// One event row.
pub struct EventRow(pub Event);

impl<'de> Deserialize<'de> for EventRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RowVisitor::<EventRow>(PhantomData))
    }
}

impl<'de> Visitor<'de> for RowVisitor<EventRow> {
    type Value = EventRow;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an event row")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EventRow, A::Error> {
        let conversation = ConversationId(next(&mut seq, "conversation")?);
        let timestamp_ms = checked_time(next(&mut seq, "time")?)?;
        let line = LineKey(next::<_, Option<Code<HexKey>>>(&mut seq, "line key")?.map_or(0, |Code(HexKey(key))| key));
        let is_sidechain = flag(next(&mut seq, "sidechain flag")?, "the sidechain flag")?;
        let Code(event_kind) = next::<_, Code<Kind>>(&mut seq, "kind")?;
        let kind = match event_kind {
            Kind::Prompt => EventKind::HumanPrompt {
                is_plan_mode: flag(next(&mut seq, "plan mode flag")?, "the plan mode flag")?,
                preview: neutralised(next::<_, Option<String>>(&mut seq, "text")?.unwrap_or_default()),
            },
            Kind::Message => EventKind::AgentMessage {
                request: next(&mut seq, "request")?,
                preview: neutralised(next::<_, Option<String>>(&mut seq, "text")?.unwrap_or_default()),
            },
            Kind::Call => {
                let Code(HexKey(tool_use_id)) = next(&mut seq, "tool use id")?;
                let tool = TextId(next(&mut seq, "tool")?);
                let target_kind: Option<Code<TargetKind>> = next(&mut seq, "target kind")?;
                let target_text: Option<u32> = next(&mut seq, "target")?;
                let target = match (target_kind, target_text) {
                    (Some(Code(TargetKind::File)), Some(text)) => Some(Target::File(TextId(text))),
                    (Some(Code(TargetKind::Command)), Some(text)) => Some(Target::Command(TextId(text))),
                    (None, None) => None,
                    _ => return Err(de::Error::custom("a call names a target kind without a target, or the reverse")),
                };
                EventKind::ToolCall {
                    tool_use_id: ToolUseId(tool_use_id),
                    tool,
                    target,
                    proposed: line_counts(next(&mut seq, "proposed lines")?)?,
                    request: next(&mut seq, "request")?,
                }
            }
            Kind::Result => {
                let Code(HexKey(tool_use_id)) = next(&mut seq, "tool use id")?;
                EventKind::ToolResult {
                    tool_use_id: ToolUseId(tool_use_id),
                    is_error: flag(next(&mut seq, "error flag")?, "the error flag")?,
                    is_rejection: flag(next(&mut seq, "rejection flag")?, "the rejection flag")?,
                    is_interruption: flag(next(&mut seq, "interruption flag")?, "the interruption flag")?,
                    applied: line_counts(next(&mut seq, "applied lines")?)?,
                    writes_todo: flag(next(&mut seq, "TODO flag")?, "the TODO flag")?,
                    check: next(&mut seq, "check")?,
                    // Schema 3: a failed result's text, written only with the text.
                    error: seq.next_element::<Option<u32>>()?.flatten().map(|text| ErrorText::of(TextId(text))),
                }
            }
            Kind::Interruption => EventKind::Interruption,
            Kind::Command => EventKind::SlashCommand { name: neutralised(next(&mut seq, "command name")?) },
            Kind::Compaction => EventKind::Compaction,
            Kind::Meta => EventKind::SystemMeta,
        };
        end(&mut seq)?;
        Ok(EventRow(Event { timestamp_ms, line, conversation, is_sidechain, kind }))
    }
}

/// One build or test run row: `["build", null, …]` or `["test", runner, passed, failed,
/// skipped]` (the counts null when the output's summary was not read).
pub struct CheckRow(pub CheckRun);

impl<'de> Deserialize<'de> for CheckRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RowVisitor::<CheckRow>(PhantomData))
    }
}

impl CodeKind for Runner {
    const EXPECTING: &'static str = "a test runner";
    fn parse(text: &str) -> Option<Self> {
        Runner::from_code(text)
    }
}

impl<'de> Visitor<'de> for RowVisitor<CheckRow> {
    type Value = CheckRow;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a check row")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CheckRow, A::Error> {
        let kind: String = next(&mut seq, "kind")?;
        let runner: Option<Code<Runner>> = next(&mut seq, "runner")?;
        let kind = match (kind.as_str(), runner) {
            ("build", None) => CheckKind::Build,
            ("test", Some(Code(runner))) => CheckKind::Test(runner),
            _ => return Err(de::Error::custom("a check is a build without a runner or a test with one")),
        };
        let passed: Option<u32> = next(&mut seq, "passed")?;
        let failed: Option<u32> = next(&mut seq, "failed")?;
        let skipped: Option<u32> = next(&mut seq, "skipped")?;
        // Added in schema 1.x: the failing tests the run's output named (older rows end here).
        let failing_tests: Vec<String> = seq.next_element()?.unwrap_or_default();
        end(&mut seq)?;
        let counts = match (passed, failed, skipped) {
            (Some(passed), Some(failed), Some(skipped)) => Some(TestCounts { passed, failed, skipped }),
            (None, None, None) => None,
            _ => return Err(de::Error::custom("a check's counts are all given or all null")),
        };
        Ok(CheckRow(CheckRun { kind, counts, failing_tests }))
    }
}
