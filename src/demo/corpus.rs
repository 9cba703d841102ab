//! A benchmark corpus: a Claude Code folder of about N bytes, deterministic by seed, with
//! a realistic spread of file sizes (median around 100 KB; about one file in 400 a
//! marathon session of 50–100 MB). The same session writer as the demo, so the files
//! are what the ingest meets in real folders. Files are handed to `sink` one at a time,
//! so a gigabyte corpus is never held in memory.

use chrono::NaiveDate;

use super::rng::Rng;
use super::session::{write_session, SessionPlan};
use super::team::{DemoAgent, CLAUDE_TEAM, PROJECTS};
use super::{day_start_ms, DemoFile};

/// Days the corpus spreads over, ending on the demo's last day.
const DAYS: u64 = 90;

/// A class of session sizes: (share of files, session minutes, bytes per Read result).
type SizeClass = (f64, (u64, u64), (usize, usize));

const SIZE_CLASSES: [SizeClass; 4] =
    [(0.55, (3, 25), (400, 3_000)), (0.35, (20, 60), (2_000, 8_000)), (0.0975, (60, 240), (8_000, 30_000)), (0.0025, (2_400, 4_800), (30_000, 60_000))];

/// Writes sessions until about `target_bytes` have been handed to `sink`; returns the
/// number of files and bytes.
pub fn generate_corpus(seed: u64, target_bytes: u64, sink: impl FnMut(DemoFile)) -> (usize, u64) {
    generate_agent_corpus(seed, target_bytes, DemoAgent::Claude, sink)
}

/// As [`generate_corpus`], every session written as `agent` writes it (Codex rollouts,
/// Gemini CLI chats): the same sessions, for comparing the readers' speed.
pub fn generate_agent_corpus(seed: u64, target_bytes: u64, agent: DemoAgent, mut sink: impl FnMut(DemoFile)) -> (usize, u64) {
    let mut rng = Rng::new(seed);
    let first_day = super::last_day() - chrono::Days::new(DAYS - 1);
    let (mut files, mut bytes) = (0, 0);
    while bytes < target_bytes {
        let person = rng.pick(CLAUDE_TEAM);
        let project = &PROJECTS[*rng.pick(person.projects)];
        let day: NaiveDate = first_day + chrono::Days::new(rng.range(0, DAYS - 1));
        let start_ms = day_start_ms(day, person.first_hour_utc) + rng.range(0, 600) as i64 * 60_000;
        let roll = rng.unit();
        let mut cumulative = 0.0;
        let class = SIZE_CLASSES
            .iter()
            .find(|(share, _, _)| {
                cumulative += share;
                roll < cumulative
            })
            .unwrap_or(&SIZE_CLASSES[0]);
        let (_, (short, long), (small, large)) = *class;
        let length_minutes = rng.range(short, long);
        let read_bytes = rng.range(small as u64, large as u64) as usize;
        let plan = SessionPlan { person, project, start_ms, length_minutes, read_bytes, agent };
        let (session_id, text) = write_session(&mut rng, &plan);
        bytes += text.len() as u64;
        files += 1;
        sink(DemoFile { path: super::session_path(&plan, &session_id), person: person.name.to_owned(), text });
    }
    (files, bytes)
}

/// Short sessions written per file by [`generate_short_sessions`], hours apart.
const SESSIONS_PER_FILE: u64 = 25;

/// A corpus of `session_count` short sessions (1–3 minutes, small reads), for measuring
/// the page with very many sessions loaded: each file holds 25 conversations of one
/// person and project, one to five hours apart over 90 days. Returns files and bytes.
pub fn generate_short_sessions(seed: u64, session_count: u64, mut sink: impl FnMut(DemoFile)) -> (usize, u64) {
    let mut rng = Rng::new(seed);
    let first_day = super::last_day() - chrono::Days::new(DAYS - 1);
    let (mut files, mut bytes, mut written) = (0, 0, 0);
    while written < session_count {
        let person = rng.pick(CLAUDE_TEAM);
        let project = &PROJECTS[*rng.pick(person.projects)];
        let day: NaiveDate = first_day + chrono::Days::new(rng.range(0, DAYS - 1));
        let mut start_ms = day_start_ms(day, person.first_hour_utc);
        let mut text = String::new();
        let mut first_id = None;
        let mut first_plan_start = None;
        for _ in 0..SESSIONS_PER_FILE.min(session_count - written) {
            let plan =
                SessionPlan { person, project, start_ms, length_minutes: rng.range(1, 3), read_bytes: rng.range(100, 300) as usize, agent: DemoAgent::Claude };
            first_plan_start.get_or_insert(plan.start_ms);
            let (session_id, session_text) = write_session(&mut rng, &plan);
            first_id.get_or_insert(session_id);
            text.push_str(&session_text);
            start_ms += rng.range(60, 300) as i64 * 60_000;
            written += 1;
        }
        bytes += text.len() as u64;
        files += 1;
        let plan = SessionPlan { person, project, start_ms: first_plan_start.unwrap_or_default(), length_minutes: 1, read_bytes: 0, agent: DemoAgent::Claude };
        sink(DemoFile { path: super::session_path(&plan, &first_id.unwrap_or_default()), person: person.name.to_owned(), text });
    }
    (files, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sessions_corpus_has_the_sessions_asked_for() {
        let mut files = Vec::new();
        let (count, _) = generate_short_sessions(5, 60, |file| files.push(file));
        assert_eq!(count, 3, "25 sessions a file");
        let dataset = crate::transport::ingest_files(
            files.iter().map(|file| (file.path.as_str(), file.person.as_str(), file.text.as_bytes())),
            crate::pricing::PriceTable::embedded(),
        );
        assert_eq!(dataset.conversations.len(), 60);
        let sessions = crate::sessions::split_sessions(&dataset.events, crate::sessions::DEFAULT_IDLE_CUTOFF_MS);
        assert_eq!(sessions.len(), 60, "each conversation is one session");
    }

    #[test]
    fn reaches_the_target_with_a_realistic_spread() {
        let mut sizes = Vec::new();
        let (files, bytes) = generate_corpus(7, 20_000_000, |file| sizes.push(file.text.len()));
        assert_eq!(files, sizes.len());
        assert!((20_000_000..140_000_000).contains(&bytes), "{bytes}");
        sizes.sort_unstable();
        let median = sizes[sizes.len() / 2];
        assert!((30_000..400_000).contains(&median), "median {median}");
    }

    #[test]
    fn same_seed_same_corpus() {
        let collect = |seed| {
            let mut texts = Vec::new();
            generate_corpus(seed, 2_000_000, |file| texts.push(file.text));
            texts
        };
        assert_eq!(collect(3), collect(3));
    }
}
