//! Invariants of the dashboard over real and generated data: per-session figures add up
//! to the totals, per-person filters partition them, and tables agree with the cards.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use chrono::NaiveDate;
use session_lens::metrics::practices::Practice;
use session_lens::metrics::selection::{Filters, Period, Selection};
use session_lens::metrics::Settings;
use session_lens::model::{ConversationId, Dataset, Event, EventKind, TokenUsage};
use session_lens::timezone::{local_date, parse_time_zone};
use session_lens::viewmodel::chart_series::duration_bucket;
use session_lens::viewmodel::dashboard::{filter_choices, Dashboard};
use session_lens::viewmodel::people::person_rows;
use session_lens::viewmodel::practices::adoption_matrix;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_sessions_add_up(dashboard: &Dashboard) {
    let mut usage = TokenUsage::default();
    let mut cost_usd = 0.0;
    let mut active_time_ms = 0;
    let mut durations = [0; 8];
    for session in dashboard.sessions() {
        usage.add(&session.usage);
        cost_usd += session.cost_usd;
        active_time_ms += session.active_time_ms;
        durations[duration_bucket(session.active_time_ms)] += 1;
    }
    assert_eq!(durations, dashboard.durations, "the duration chart counts each session once, in its bar");
    let summary = &dashboard.summary;
    assert_eq!(usage, summary.tokens);
    assert!(close(cost_usd, summary.cost_usd), "{cost_usd} vs {}", summary.cost_usd);
    assert_eq!(active_time_ms, summary.active_time_ms);
    let project_cost: f64 = dashboard.tables.projects.iter().map(|row| row.cost_usd).sum();
    assert!(close(project_cost, summary.cost_usd));
    let model_requests: u64 = dashboard.tables.models.iter().map(|row| row.requests).sum();
    assert_eq!(model_requests, summary.requests);
    let day_requests: u64 = dashboard.tables.days.iter().map(|row| row.requests).sum();
    assert_eq!(day_requests, summary.requests);
    let day_sessions: u64 = dashboard.tables.days.iter().map(|row| row.sessions).sum();
    assert_eq!(day_sessions, summary.sessions);
}

fn assert_people_partition_the_total(dataset: &Dataset, settings: &Settings, today: NaiveDate) {
    let everyone = Dashboard::build(dataset, &Filters::default(), settings, today);
    let people = filter_choices(dataset).people;
    let parts: Vec<Dashboard> =
        people.iter().map(|person| Dashboard::build(dataset, &Filters { person: Some(person.clone()), ..Filters::default() }, settings, today)).collect();
    assert_eq!(parts.iter().map(|d| d.summary.sessions).sum::<u64>(), everyone.summary.sessions);
    assert_eq!(parts.iter().map(|d| d.summary.tokens.total_tokens()).sum::<u64>(), everyone.summary.tokens.total_tokens());
    assert_eq!(parts.iter().map(|d| d.summary.tools.calls).sum::<u64>(), everyone.summary.tools.calls);
    // The team table's row of each person is that person's own dashboard.
    let rows = person_rows(dataset, &everyone);
    let with_sessions: Vec<(&String, &Dashboard)> = people.iter().zip(&parts).filter(|(_, part)| part.summary.sessions > 0).collect();
    assert_eq!(rows.iter().map(|row| &row.person).collect::<Vec<_>>(), with_sessions.iter().map(|(person, _)| *person).collect::<Vec<_>>());
    for (row, (person, own)) in rows.iter().zip(&with_sessions) {
        let summary = &own.summary;
        assert_eq!(row.totals.sessions, summary.sessions, "{person}");
        assert_eq!(row.totals.active_time_ms, summary.active_time_ms, "{person}");
        assert_eq!(row.totals.tokens, summary.tokens, "{person}");
        assert!(close(row.totals.cost_usd, summary.cost_usd), "{person}");
        assert_eq!(row.totals.outcomes, summary.outcomes, "{person}");
        let adopted = adoption_matrix(dataset, own).team;
        assert_eq!(row.practices_adopted, Practice::ALL.iter().filter(|practice| adopted.is_adopted(**practice)).count(), "{person}");
    }
}

#[test]
fn sample_project_sessions_add_up_to_the_totals() {
    let dataset = common::ingest_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"), "me");
    let dashboard = Dashboard::unfiltered(&dataset, &Settings::default());
    assert_sessions_add_up(&dashboard);
    // Real transcripts: edits, tool errors and a turn each at least.
    assert!(dashboard.summary.code.lines.added > 0 && dashboard.summary.tools.errors > 0 && dashboard.summary.conversation.turns > 0);
}

#[test]
fn demo_sessions_add_up_and_people_partition_the_totals() {
    let dataset = common::demo_dataset();
    let today: NaiveDate = "2026-11-20".parse().expect("date");
    for idle_minutes in [2, 10, 60] {
        let settings = Settings { idle_cutoff_ms: idle_minutes * 60_000, ..Settings::default() };
        assert_sessions_add_up(&Dashboard::build(&dataset, &Filters::default(), &settings, today));
        let last_month = Filters { period: Period::LastDays(30), ..Filters::default() };
        assert_sessions_add_up(&Dashboard::build(&dataset, &last_month, &settings, today));
        assert_people_partition_the_total(&dataset, &settings, today);
    }
}

#[test]
fn a_shorter_idle_cutoff_never_gives_fewer_sessions_or_more_active_time() {
    let dataset = common::demo_dataset();
    let at = |minutes: i64| Dashboard::unfiltered(&dataset, &Settings { idle_cutoff_ms: minutes * 60_000, ..Settings::default() }).summary;
    let (short, long) = (at(2), at(30));
    assert!(short.sessions >= long.sessions);
    assert!(short.active_time_ms <= long.active_time_ms);
    assert_eq!(short.tokens, long.tokens, "tokens do not depend on the cutoff");
}

#[test]
fn the_demo_covers_every_figure() {
    let summary = Dashboard::unfiltered(&common::demo_dataset(), &Settings::default()).summary;
    let json = summary.to_json();
    for (name, value) in json.as_object().expect("object") {
        if name == "skipped_lines" {
            continue;
        }
        if value.is_array() {
            continue;
        }
        if let Some(counts) = value.as_object() {
            for (part, count) in counts {
                assert!(count.as_u64().is_some_and(|count| count > 0), "{name}: {part} is {count} in the demo");
            }
            continue;
        }
        assert!(value.as_f64().is_some_and(|v| v != 0.0), "{name} is {value} in the demo");
    }
}

/// Person and project filters merge per-group sums kept in the base; the sessions they
/// list must still add up to the merged figures, for every choice.
#[test]
fn filters_over_one_base_add_up_for_every_person_and_project() {
    use session_lens::viewmodel::session_base::SessionBase;
    let dataset = common::demo_dataset();
    let today: NaiveDate = "2026-11-20".parse().expect("date");
    let settings = Settings::default();
    let base = std::sync::Arc::new(SessionBase::build(&dataset, &Filters::default(), &settings, today));
    let choices = filter_choices(&dataset);
    let person_filters = choices.people.iter().map(|person| Filters { person: Some(person.clone()), ..Filters::default() });
    let project_filters = choices.projects.iter().map(|project| Filters { project: Some(project.clone()), ..Filters::default() });
    for filters in person_filters.chain(project_filters) {
        let dashboard = Dashboard::from_base(&dataset, &base, &filters, &settings);
        assert!(dashboard.summary.sessions > 0, "{filters:?}");
        assert_sessions_add_up(&dashboard);
        let calls: u64 = dashboard.sessions().flat_map(|facts| facts.tools.values()).map(|stats| stats.calls).sum();
        assert_eq!(calls, dashboard.summary.tools.calls);
        assert_eq!(dashboard, Dashboard::build(&dataset, &filters, &settings, today), "{filters:?}");
        // And against the raw dataset, counted here without the sessions, bases or
        // groups the dashboard goes through.
        let kept = |conversation: ConversationId| {
            let conversation = dataset.conversation(conversation);
            filters.person.as_ref().is_none_or(|person| &conversation.person == person)
                && filters.project.as_ref().is_none_or(|project| conversation.project_name() == project)
        };
        let requests: Vec<_> = dataset.requests.iter().filter(|request| kept(request.conversation)).collect();
        assert_eq!(dashboard.summary.requests, requests.len() as u64, "{filters:?}: requests");
        assert_eq!(dashboard.summary.tokens.total_tokens(), requests.iter().map(|r| r.usage.total_tokens()).sum::<u64>(), "{filters:?}: tokens");
        let cost: f64 = requests.iter().map(|request| request.cost_usd).sum();
        assert!((dashboard.summary.cost_usd - cost).abs() < 1e-6 * cost.max(1.0), "{filters:?}: cost {} vs {cost}", dashboard.summary.cost_usd);
        let kept_events: Vec<_> = dataset.events.iter().filter(|event| kept(event.conversation)).collect();
        let tool_calls = kept_events.iter().filter(|event| matches!(event.kind, EventKind::ToolCall { .. })).count() as u64;
        assert_eq!(dashboard.summary.tools.calls, tool_calls, "{filters:?}: tool calls");
        let conversations: std::collections::BTreeSet<_> = kept_events.iter().map(|event| event.conversation).collect();
        assert_eq!(dashboard.summary.conversations, conversations.len() as u64, "{filters:?}: conversations");
    }
}

#[test]
fn a_period_keeps_exactly_the_events_on_its_local_days() {
    // Checked against the definition itself (spec: the events on days inside the period,
    // in the display zone), for periods whose edges cut conversations, in zones far from
    // UTC, with a person filter dropping conversations.
    let dataset = common::demo_dataset();
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let person = filter_choices(&dataset).people.first().cloned();
    let range = Period::Range { from: NaiveDate::from_ymd_opt(2026, 10, 14).expect("date"), to: NaiveDate::from_ymd_opt(2026, 10, 29).expect("date") };
    for zone in ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata"] {
        let settings = Settings { time_zone: parse_time_zone(zone).expect("zone"), ..Settings::default() };
        for period in [Period::All, Period::LastDays(7), Period::LastDays(30), range.clone()] {
            for person in [None, person.clone()] {
                let filters = Filters { period: period.clone(), person: person.clone(), ..Filters::default() };
                let selection = Selection::new(&dataset, &filters, &settings, today);
                let dates = period.dates(today);
                let expected: Vec<&Event> = dataset
                    .events
                    .iter()
                    .filter(|event| filters.keeps_conversation(dataset.conversation(event.conversation)))
                    .filter(|event| dates.is_none_or(|(from, to)| (from..=to).contains(&local_date(event.timestamp_ms, settings.time_zone))))
                    .collect();
                assert!(!expected.is_empty());
                assert!(
                    selection.events.len() == expected.len() && selection.events.iter().zip(&expected).all(|(kept, expected)| std::ptr::eq(*kept, *expected)),
                    "{zone}, {period:?}, {person:?}: {} events kept, {} expected",
                    selection.events.len(),
                    expected.len()
                );
            }
        }
    }
}
