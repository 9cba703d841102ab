//! Practices (spec 4.4) on real transcripts that show them: each fixture file named here
//! holds the evidence (a plan-mode tool, a Task call, a todo list, a compaction…), found
//! by searching its text, and some session of it shows the practice; a file without any
//! such evidence shows none of them.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use session_lens::metrics::practices::{session_practices, Practice};
use session_lens::metrics::selection::{Filters, Selection};
use session_lens::metrics::tool_use::pair_tool_uses;
use session_lens::metrics::Settings;
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

/// The practices any session of a fixture file shows.
fn practices_of(relative: &str) -> BTreeSet<Practice> {
    let bytes = std::fs::read(common::fixture(relative)).expect("fixture");
    let dataset = ingest_files([(relative, "me", bytes.as_slice())], PriceTable::embedded());
    let selection = Selection::new(&dataset, &Filters::default(), &Settings::default(), NaiveDate::default());
    let mut shown = BTreeSet::new();
    for session in &selection.sessions {
        let events = selection.session_events(session);
        shown.extend(session_practices(events, &pair_tool_uses(events, &dataset.texts)).iter());
    }
    shown
}

#[test]
fn real_sessions_show_the_practices_their_transcripts_hold() {
    let cases = [
        ("real/entireio-cli/7e/d4051c8a85/0/full.jsonl", "\"name\":\"ExitPlanMode\"", Practice::PlanMode),
        ("real/claude-code-viewer/projects/sample-project/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl", "\"name\":\"Task\"", Practice::Subagents),
        // (TaskCreate is only named in these fixtures' lists of available tools, never
        // called: the task tools are checked on constructed events in metrics/practices.rs.)
        ("real/entireio-cli/8e/0a64736bc7/0/full.jsonl", "\"name\":\"TodoWrite\"", Practice::TaskTracking),
        ("real/claude-code-log/todowrite_examples.jsonl", "\"name\":\"TodoWrite\"", Practice::TaskTracking),
        ("real/oh-my-posh/10/906611becd/0/full.jsonl", "compact_boundary", Practice::MemoryContext),
        ("real/agent-sessions/claude/small.jsonl", "compact_boundary", Practice::MemoryContext),
        ("real/oh-my-posh/1b/006db4f6c6/1/full.jsonl", "\"name\":\"Skill\"", Practice::SkillsCommands),
    ];
    for (file, evidence, practice) in cases {
        let text = std::fs::read_to_string(common::fixture(file)).expect("fixture");
        assert!(text.contains(evidence), "{file} holds {evidence}");
        let shown = practices_of(file);
        assert!(shown.contains(&practice), "{file}: {practice:?} not among {shown:?}");
    }
}

#[test]
fn a_transcript_without_the_evidence_shows_none_of_those_practices() {
    let file = "real/agent-sessions/claude/large.jsonl";
    let text = std::fs::read_to_string(common::fixture(file)).expect("fixture");
    for evidence in [
        "ExitPlanMode",
        "\"name\":\"Task\"",
        "TaskCreate",
        "TodoWrite",
        "compact_boundary",
        "\"name\":\"Skill\"",
        "git commit",
        ".md\"",
        "\"isSidechain\":true",
    ] {
        assert!(!text.contains(evidence), "{file} holds {evidence}");
    }
    assert_eq!(practices_of(file), BTreeSet::new());
    assert!(text.contains("\"type\":\"user\""), "it has sessions to judge");
}

#[test]
fn the_adoption_matrix_counts_each_person_s_sessions_as_the_sessions_themselves_do() {
    use session_lens::viewmodel::dashboard::Dashboard;
    use session_lens::viewmodel::practices::adoption_matrix;
    use std::collections::BTreeMap;

    let dataset = common::demo_dataset();
    let settings = Settings::default();
    // Straight from the sessions: each one's practices, by its conversation's person.
    let selection = Selection::new(&dataset, &Filters::default(), &settings, NaiveDate::default());
    let mut expected: BTreeMap<String, (u64, BTreeMap<Practice, u64>)> = BTreeMap::new();
    for session in &selection.sessions {
        let events = selection.session_events(session);
        let person = dataset.conversation(session.conversation).person.clone();
        let entry = expected.entry(person).or_default();
        entry.0 += 1;
        for practice in session_practices(events, &pair_tool_uses(events, &dataset.texts)).iter() {
            *entry.1.entry(practice).or_default() += 1;
        }
    }
    let matrix = adoption_matrix(&dataset, &Dashboard::unfiltered(&dataset, &settings));
    assert_eq!(matrix.people.len(), expected.len());
    assert!(matrix.people.len() >= 5, "the demo team");
    for (person, counts) in &matrix.people {
        let (sessions, showing) = &expected[person];
        assert_eq!(counts.sessions, *sessions, "{person}");
        for practice in Practice::ALL {
            assert_eq!(counts.showing(practice), showing.get(&practice).copied().unwrap_or(0), "{person} {practice:?}");
            assert_eq!(counts.is_adopted(practice), showing.contains_key(&practice), "{person} {practice:?}");
        }
    }
    assert_eq!(matrix.team.sessions, selection.sessions.len() as u64);
}
