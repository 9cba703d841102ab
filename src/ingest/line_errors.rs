//! What every JSONL adapter says about a line it could not use: why it failed to
//! parse, and whether its timestamp is one a transcript can hold.

use chrono::DateTime;

use crate::model::SkipReason;

/// Why a line failed to parse: cut short at the end of the file, not an object, a
/// field of the wrong type, or not JSON at all.
pub fn parse_failure(text: &str, error: &serde_json::Error, is_unterminated: bool) -> SkipReason {
    if error.is_eof() && is_unterminated {
        SkipReason::TruncatedLastLine
    } else if error.is_data() && !text.trim_start().starts_with('{') {
        SkipReason::NotAnObject
    } else if error.is_data() {
        SkipReason::WrongFieldType
    } else {
        SkipReason::InvalidJson
    }
}

/// An RFC 3339 timestamp in milliseconds, within the years a transcript can hold.
pub fn timestamp_ms(timestamp: Option<&str>) -> Result<i64, (SkipReason, String)> {
    let text = timestamp.ok_or((SkipReason::MissingTimestamp, String::from("no timestamp field")))?;
    let timestamp_ms =
        DateTime::parse_from_rfc3339(text).map(|time| time.timestamp_millis()).map_err(|error| (SkipReason::BadTimestamp, format!("{text:?}: {error}")))?;
    if !crate::model::limits::TIME_RANGE_MS.contains(&timestamp_ms) {
        return Err((SkipReason::BadTimestamp, format!("{text:?} is outside the years 2000 to 2199")));
    }
    Ok(timestamp_ms)
}
