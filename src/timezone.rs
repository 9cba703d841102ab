//! Display time zones (spec section 3): timestamps stay UTC; days are computed in an
//! IANA zone chosen by the user (the browser's by default, `--tz` on the command line).
//!
//! A zone is a table of the times its offset from UTC changes, made once per zone by
//! sampling a source of offsets: the tz database (chrono-tz) natively, the browser's own
//! (the page sets [`set_zone_source`]), so the page carries no tz database of its own.
//! Tables cover [`TABLE_START_MS`] to [`TABLE_END_MS`]; before and after, a zone keeps the
//! offset it has at the ends.

use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike};
use rustc_hash::FxHashMap;

const HOUR_MS: i64 = 60 * 60 * 1000;
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const DAYS_FROM_CE_TO_EPOCH: i64 = 719_163;
/// More than any zone's offset from UTC (they lie within −12 h and +14 h).
pub const MAX_ZONE_OFFSET_MS: i64 = 26 * HOUR_MS;
/// 2000-01-01T00:00:00Z and 2050-01-01T00:00:00Z: the span a zone's table covers.
pub const TABLE_START_MS: i64 = 946_684_800_000;
pub const TABLE_END_MS: i64 = 2_524_608_000_000;
/// How far apart the offsets are sampled; a change between two samples is then found to
/// the second. No zone has changed its offset twice within a week since 2000 (the test
/// below checks every zone, twice a day, against the tz database; at 40 days it fails).
const SAMPLE_STEP_MS: i64 = 7 * DAY_MS;

/// A time zone: its name and when its offset changes. Copied freely; zones are made once
/// per name and live as long as the program.
#[derive(Clone, Copy)]
pub struct Tz(&'static ZoneRules);

struct ZoneRules {
    name: &'static str,
    /// The offset before the first change, in ms.
    first_offset_ms: i64,
    /// (UTC ms from which, offset in ms), in time order.
    changes: &'static [(i64, i64)],
}

impl Tz {
    pub const UTC: Tz = Tz(&ZoneRules { name: "UTC", first_offset_ms: 0, changes: &[] });

    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The zone's offset from UTC at a UTC time, in ms.
    pub fn offset_ms(self, timestamp_ms: i64) -> i64 {
        let changes = self.0.changes;
        match changes.partition_point(|(from_ms, _)| *from_ms <= timestamp_ms) {
            0 => self.0.first_offset_ms,
            after => changes[after - 1].1,
        }
    }
}

impl PartialEq for Tz {
    fn eq(&self, other: &Tz) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Tz {}

impl std::hash::Hash for Tz {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl std::fmt::Debug for Tz {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A zone's offset (ms) at any UTC ms, `None` where its source has none.
pub type OffsetAt = Box<dyn FnMut(i64) -> Option<i64>>;

/// Where a zone's offsets come from: for a name, the name to show and its offsets; `None`
/// for a name it does not know.
pub type ZoneSource = fn(&str) -> Option<(String, OffsetAt)>;

static SOURCE: OnceLock<ZoneSource> = OnceLock::new();
static ZONES: Mutex<Vec<Tz>> = Mutex::new(Vec::new());

/// Sets where zones come from (the page: the browser's time-zone data). Natively the tz
/// database is the source unless one is set.
pub fn set_zone_source(source: ZoneSource) {
    // A second call keeps the first source: zones already made stay consistent.
    let _ = SOURCE.set(source);
}

fn source() -> Option<ZoneSource> {
    match SOURCE.get() {
        Some(source) => Some(*source),
        #[cfg(not(target_arch = "wasm32"))]
        None => Some(tz_database),
        #[cfg(target_arch = "wasm32")]
        None => None,
    }
}

/// The tz database (chrono-tz), natively.
#[cfg(not(target_arch = "wasm32"))]
fn tz_database(name: &str) -> Option<(String, OffsetAt)> {
    use chrono::{Offset, TimeZone};
    let zone = name.parse::<chrono_tz::Tz>().ok()?;
    let offset_at =
        move |timestamp_ms: i64| zone.timestamp_millis_opt(timestamp_ms).single().map(|time| i64::from(time.offset().fix().local_minus_utc()) * 1000);
    Some((zone.name().to_owned(), Box::new(offset_at)))
}

/// Parses an IANA zone name such as `Europe/Berlin` or `UTC`.
pub fn parse_time_zone(name: &str) -> Result<Tz, String> {
    let unknown = || format!("unknown time zone {name:?} (expected an IANA name such as Europe/Berlin)");
    if name == Tz::UTC.name() {
        return Ok(Tz::UTC);
    }
    let mut zones = ZONES.lock().map_err(|_| unknown())?;
    if let Some(zone) = zones.iter().find(|zone| zone.name() == name) {
        return Ok(*zone);
    }
    let (shown_name, offset_at) = source().and_then(|source| source(name)).ok_or_else(unknown)?;
    if let Some(zone) = zones.iter().find(|zone| zone.name() == shown_name) {
        return Ok(*zone);
    }
    let zone = sampled_zone(shown_name, offset_at);
    zones.push(zone);
    Ok(zone)
}

/// A zone's table from its offsets: sampled every [`SAMPLE_STEP_MS`], each change then
/// narrowed to the second it happens. Made once per zone name, kept for the program's life.
fn sampled_zone(name: String, mut offset_at: OffsetAt) -> Tz {
    let mut offset_at = move |timestamp_ms: i64| offset_at(timestamp_ms).unwrap_or(0);
    let first_offset_ms = offset_at(TABLE_START_MS);
    let mut changes = Vec::new();
    let (mut before_ms, mut before_offset_ms) = (TABLE_START_MS, first_offset_ms);
    while before_ms < TABLE_END_MS {
        let after_ms = (before_ms + SAMPLE_STEP_MS).min(TABLE_END_MS);
        let after_offset_ms = offset_at(after_ms);
        if after_offset_ms != before_offset_ms {
            // The change lies in (before, after]: halve the span down to a second.
            let (mut low_ms, mut high_ms) = (before_ms, after_ms);
            while high_ms - low_ms > 1000 {
                let middle_ms = low_ms + (high_ms - low_ms) / 2000 * 1000;
                if offset_at(middle_ms) == before_offset_ms {
                    low_ms = middle_ms;
                } else {
                    high_ms = middle_ms;
                }
            }
            changes.push((high_ms, after_offset_ms));
        }
        (before_ms, before_offset_ms) = (after_ms, after_offset_ms);
    }
    let rules = ZoneRules { name: Box::leak(name.into_boxed_str()), first_offset_ms, changes: Box::leak(changes.into_boxed_slice()) };
    Tz(Box::leak(Box::new(rules)))
}

/// The calendar day of a UTC millisecond timestamp in `zone`.
pub fn local_date(timestamp_ms: i64, zone: Tz) -> NaiveDate {
    local_time(timestamp_ms, zone).map(|time| time.date()).unwrap_or_default()
}

/// The wall-clock time of a UTC millisecond timestamp in `zone` (`None` out of range).
pub fn local_time(timestamp_ms: i64, zone: Tz) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(timestamp_ms.checked_add(zone.offset_ms(timestamp_ms))?).map(|time| time.naive_utc())
}

/// "2026-11-20 14:05": a UTC millisecond timestamp to the minute in `zone` (empty out of range).
pub fn minute_text(timestamp_ms: i64, zone: Tz) -> String {
    local_time(timestamp_ms, zone).map(|time| format!("{} {:02}:{:02}", time.date(), time.hour(), time.minute())).unwrap_or_default()
}

/// "14:05:09": the wall-clock time of a UTC millisecond timestamp in `zone` (empty out of range).
pub fn clock_text(timestamp_ms: i64, zone: Tz) -> String {
    local_time(timestamp_ms, zone).map(|time| format!("{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second())).unwrap_or_default()
}

/// When a day starts in UTC, in ms since the epoch.
pub fn utc_midnight_ms(date: NaiveDate) -> i64 {
    date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis()
}

/// [`local_date`] for many timestamps: the zone's offset is looked up once per UTC hour
/// and kept when it is the same at both ends of the hour (no zone changes its offset
/// twice within an hour), and the date is made once per local day in a row. Hours are
/// remembered, so times that jump around (one conversation's events after another's)
/// cost a hash lookup, not the zone's rules.
#[derive(Clone, Debug)]
pub struct LocalDays {
    zone: Tz,
    /// The zone's offset in each UTC hour (ms since the epoch ÷ one hour) looked at;
    /// `None` where it changes within the hour (or the time is out of range).
    hours: FxHashMap<i64, Option<i64>>,
    /// The last hour looked at and its offset.
    hour: i64,
    offset_ms: i64,
    /// The local day (days since the epoch) `date` is.
    day: i64,
    date: NaiveDate,
}

impl LocalDays {
    pub fn new(zone: Tz) -> LocalDays {
        LocalDays { zone, hours: FxHashMap::default(), hour: i64::MIN, offset_ms: 0, day: i64::MIN, date: NaiveDate::default() }
    }

    /// The calendar day of a UTC millisecond timestamp in the zone (= [`local_date`]).
    pub fn date(&mut self, timestamp_ms: i64) -> NaiveDate {
        let Some(offset_ms) = self.steady_offset_ms(timestamp_ms) else {
            return local_date(timestamp_ms, self.zone);
        };
        let day = (timestamp_ms + offset_ms).div_euclid(DAY_MS);
        if day != self.day {
            self.day = day;
            self.date = i32::try_from(day + DAYS_FROM_CE_TO_EPOCH)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or_else(|| local_date(timestamp_ms, self.zone));
        }
        self.date
    }

    /// Whether the zone's offset is the same from one time to a later one, at most a day
    /// later (so local time runs on with UTC between them: the days of times between
    /// lie between theirs).
    pub fn offset_steady_between(&mut self, start_ms: i64, end_ms: i64) -> bool {
        if end_ms < start_ms || end_ms - start_ms > DAY_MS {
            return false;
        }
        let Some(offset_ms) = self.steady_offset_ms(start_ms) else {
            return false;
        };
        let mut hour_ms = start_ms.div_euclid(HOUR_MS) * HOUR_MS;
        while hour_ms < end_ms.div_euclid(HOUR_MS) * HOUR_MS {
            hour_ms += HOUR_MS;
            if self.steady_offset_ms(hour_ms) != Some(offset_ms) {
                return false;
            }
        }
        true
    }

    /// The zone's offset from UTC at a time, in ms (0 for a time out of range).
    pub fn offset_at_ms(&mut self, timestamp_ms: i64) -> i64 {
        match self.steady_offset_ms(timestamp_ms) {
            Some(offset_ms) => offset_ms,
            None => offset_ms(self.zone, timestamp_ms).unwrap_or(0),
        }
    }

    /// The zone's offset at a time, if it is the same all through the time's UTC hour.
    fn steady_offset_ms(&mut self, timestamp_ms: i64) -> Option<i64> {
        let hour = timestamp_ms.div_euclid(HOUR_MS);
        if hour == self.hour {
            return Some(self.offset_ms);
        }
        let zone = self.zone;
        let steady = *self.hours.entry(hour).or_insert_with(|| match (offset_ms(zone, hour * HOUR_MS), offset_ms(zone, hour * HOUR_MS + HOUR_MS - 1)) {
            (Some(start), Some(end)) if start == end => Some(start),
            _ => None,
        });
        if let Some(offset_ms) = steady {
            self.hour = hour;
            self.offset_ms = offset_ms;
        }
        steady
    }
}

/// The zone's offset at a time, if the local time it gives is in chrono's range.
fn offset_ms(zone: Tz, timestamp_ms: i64) -> Option<i64> {
    let offset_ms = zone.offset_ms(timestamp_ms);
    DateTime::from_timestamp_millis(timestamp_ms.checked_add(offset_ms)?).map(|_| offset_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_agree_with_local_date_across_offset_changes() {
        // Zones whose clocks change at midnight (Beirut falls back from 00:00 to 23:00 of
        // the day before), by half an hour (Lord Howe), at odd UTC minutes (Kathmandu's
        // history), and ordinary ones; 2024-01-01 to 2026-12-31 in steps of 7 minutes,
        // forwards and with jumps back.
        let zones = ["Asia/Beirut", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "America/New_York", "Europe/Berlin", "UTC"];
        let start_ms = 1_704_067_200_000;
        let end_ms = 1_798_675_200_000;
        for name in zones {
            let zone = parse_time_zone(name).expect("zone");
            let mut days = LocalDays::new(zone);
            let mut timestamp_ms = start_ms;
            let mut step = 0;
            while timestamp_ms < end_ms {
                assert_eq!(days.date(timestamp_ms), local_date(timestamp_ms, zone), "{name} at {timestamp_ms}");
                step += 1;
                timestamp_ms += if step % 1000 == 0 { -2 * DAY_MS } else { 7 * 60 * 1000 };
            }
        }
    }

    #[test]
    fn day_depends_on_zone() {
        // 2025-09-03T00:52:35Z is still the 2nd in New York.
        let ms = 1_756_860_755_000;
        assert_eq!(local_date(ms, Tz::UTC).to_string(), "2025-09-03");
        assert_eq!(local_date(ms, parse_time_zone("America/New_York").expect("zone")).to_string(), "2025-09-02");
    }

    /// The tz database's own offset at a time, for checking the sampled tables.
    fn database_offset_ms(zone: chrono_tz::Tz, timestamp_ms: i64) -> i64 {
        use chrono::{Offset, TimeZone};
        i64::from(zone.timestamp_millis_opt(timestamp_ms).unwrap().offset().fix().local_minus_utc()) * 1000
    }

    #[test]
    fn every_zone_s_table_gives_the_tz_database_s_offsets() {
        // Every zone chrono-tz knows, at noon and midnight UTC of every day the tables
        // cover, and a second either side of every change the sampling found: a change the
        // sampling missed (two within one step) or misplaced fails here.
        for database_zone in chrono_tz::TZ_VARIANTS {
            let zone = parse_time_zone(database_zone.name()).expect("zone");
            let mut timestamp_ms = TABLE_START_MS;
            while timestamp_ms < TABLE_END_MS {
                assert_eq!(zone.offset_ms(timestamp_ms), database_offset_ms(database_zone, timestamp_ms), "{} at {timestamp_ms}", zone.name());
                timestamp_ms += DAY_MS / 2;
            }
            for (change_ms, _) in zone.0.changes {
                for at_ms in [change_ms - 1000, *change_ms, change_ms + 1000] {
                    assert_eq!(zone.offset_ms(at_ms), database_offset_ms(database_zone, at_ms), "{} at {at_ms}", zone.name());
                }
            }
        }
    }

    #[test]
    fn zones_are_made_once_and_compared_by_name() {
        let berlin = parse_time_zone("Europe/Berlin").expect("zone");
        assert_eq!(berlin, parse_time_zone("Europe/Berlin").expect("zone"));
        assert!(std::ptr::eq(berlin.0, parse_time_zone("Europe/Berlin").expect("zone").0));
        assert_ne!(berlin, Tz::UTC);
        assert_eq!(parse_time_zone("UTC").expect("zone"), Tz::UTC);
        // Summer and winter in Berlin, and 2024-03-31T01:00:00Z, when its clocks went forward.
        assert_eq!(berlin.offset_ms(1_719_792_000_000), 2 * HOUR_MS);
        assert_eq!(berlin.offset_ms(1_704_067_200_000), HOUR_MS);
        assert_eq!(berlin.offset_ms(1_711_846_800_000 - 1), HOUR_MS);
        assert_eq!(berlin.offset_ms(1_711_846_800_000), 2 * HOUR_MS);
        assert_eq!(minute_text(1_711_846_800_000, berlin), "2024-03-31 03:00");
        assert_eq!(clock_text(1_711_846_799_000, berlin), "01:59:59");
    }

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(parse_time_zone("Mars/Olympus").is_err());
    }
}
