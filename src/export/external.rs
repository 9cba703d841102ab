//! Other tools' records as an export writes them (`"external"`, docs/export-schema.md):
//! their prose (notes, summaries) only with text included, their projects hashed with
//! the paths, and only the people of the exported conversations when the export is of
//! some of them.

use std::collections::BTreeSet;

use super::schema::Redaction;
use crate::model::keys::hashed_path;
use crate::model::{External, ReportKind};

/// `external` as the export writes it; `people` are the exported conversations' people
/// when not every conversation is exported.
pub fn redacted(external: &External, redaction: Redaction, people: Option<&BTreeSet<&str>>) -> External {
    let keeps = |person: &str| people.is_none_or(|people| people.contains(person));
    let hashed = |path: &str| if redaction.hash_paths && !path.is_empty() { hashed_path(path) } else { path.to_owned() };
    let prose = |text: &str| if redaction.include_text { text.to_owned() } else { String::new() };
    let logged = external
        .logged
        .iter()
        .filter(|entry| keeps(&entry.person))
        .map(|entry| {
            let mut entry = entry.clone();
            entry.project = hashed(&entry.project);
            entry.notes = prose(&entry.notes);
            entry
        })
        .collect();
    let tracked = external
        .tracked
        .iter()
        .filter(|session| keeps(&session.person))
        .map(|session| {
            let mut session = session.clone();
            session.summary = prose(&session.summary);
            session
        })
        .collect();
    let reported = external
        .reported
        .iter()
        .filter(|row| keeps(&row.person))
        .map(|row| {
            let mut row = row.clone();
            if let ReportKind::Session { project, .. } = &mut row.kind {
                *project = hashed(project);
            }
            row
        })
        .collect();
    External { logged, tracked, reported }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agent, LoggedSession, ReportedUsage, TokenUsage};

    #[test]
    fn prose_is_left_out_and_projects_hashed_unless_asked_for() {
        let external = External {
            logged: vec![LoggedSession {
                person: String::from("ana"),
                project: String::from("api"),
                notes: String::from("fixed it"),
                ..LoggedSession::default()
            }],
            reported: vec![ReportedUsage {
                person: String::from("bob"),
                agent: Agent::Codex,
                date: String::from("2026-01-02"),
                kind: ReportKind::Session { session_id: String::from("s"), project: String::from("web") },
                usage: TokenUsage::default(),
                cost_usd: 1.0,
                models: Vec::new(),
            }],
            ..External::default()
        };
        let plain = redacted(&external, Redaction { include_text: false, hash_paths: false }, None);
        assert_eq!((plain.logged[0].project.as_str(), plain.logged[0].notes.as_str()), ("api", ""));
        let open = redacted(&external, Redaction { include_text: true, hash_paths: true }, None);
        assert_eq!(open.logged[0].notes, "fixed it");
        assert_eq!(open.logged[0].project, hashed_path("api"));
        assert_ne!(open.logged[0].project, "api");
        let ana_only: BTreeSet<&str> = ["ana"].into();
        let some = redacted(&external, Redaction::default(), Some(&ana_only));
        assert_eq!((some.logged.len(), some.reported.len()), (1, 0));
    }
}
