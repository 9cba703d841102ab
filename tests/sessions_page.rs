//! The sessions list (headless Chromium over `dist/`): newest first, every session
//! reachable a page at a time, a search over title, project, agent, person and tools, and
//! the agent and title columns; on the demo and on a real fixture folder.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(180);

/// The shown rows' `data-start-ms` and cells.
fn rows(browser: &Browser) -> Vec<(i64, Vec<String>)> {
    let rows = browser.run("return [...document.querySelectorAll('table[data-table=sessions] tbody tr')].map(r => [Number(r.dataset.startMs), [...r.cells].map(c => c.textContent)])");
    serde_json::from_value(rows).expect("rows")
}

fn headings(browser: &Browser) -> Vec<String> {
    let found = browser.run("return [...document.querySelectorAll('table[data-table=sessions] thead th')].map(th => th.textContent.replace(/ [▾▴]$/, ''))");
    serde_json::from_value(found).expect("headings")
}

fn page_rows(browser: &Browser) -> Option<String> {
    browser
        .run("const e = document.querySelector('table[data-table=sessions] ~ [data-role=pager] [data-role=page-rows]'); return e ? e.textContent : null")
        .as_str()
        .map(str::to_owned)
}

fn search(browser: &Browser, text: &str) {
    let script = format!(
        "const input = document.querySelector('[data-role=session-search]'); input.value = {}; input.dispatchEvent(new Event('input', {{bubbles: true}})); return 0",
        serde_json::to_string(text).expect("text")
    );
    browser.run(&script);
}

fn assert_newest_first(rows: &[(i64, Vec<String>)]) {
    assert!(rows.iter().all(|(start_ms, _)| *start_ms > 0), "every row has data-start-ms");
    assert!(rows.windows(2).all(|pair| pair[0].0 >= pair[1].0), "newest first: {:?}", rows.iter().map(|(start, _)| start).collect::<Vec<_>>());
}

#[test]
fn the_demo_s_sessions_are_newest_first_paged_and_searchable() {
    let browser = Browser::start();
    browser.open("?demo&tz=UTC&today=2026-11-20&period=all");
    browser.wait_for_state("ready", TIMEOUT);
    let titles = headings(&browser);
    for column in ["Start", "Agent", "Model", "Title", "Person", "Project", "Duration", "Cost", "Outcome"] {
        assert!(titles.iter().any(|title| title == column), "{column} in {titles:?}");
    }
    let sessions = browser.run("return Number(document.querySelector('[data-metric=sessions]').dataset.value)").as_u64().expect("sessions");
    let first = rows(&browser);
    assert_eq!(first.len(), 100);
    assert_newest_first(&first);
    assert_eq!(page_rows(&browser).as_deref(), Some(format!("Rows 1–100 of {sessions}").as_str()));
    // The next page goes on where the first stopped.
    browser.click("[data-role=page-next]");
    browser.wait_until("return document.querySelector('[data-role=page-rows]').textContent.startsWith('Rows 101')", TIMEOUT);
    let second = rows(&browser);
    assert_newest_first(&second);
    assert!(second[0].0 <= first[99].0, "the second page is older");
    let person_column = titles.iter().position(|title| title == "Person").expect("person");
    let people: std::collections::BTreeSet<&String> = first.iter().chain(&second).map(|(_, cells)| &cells[person_column]).collect();
    assert!(people.len() > 2, "newest first mixes the team's people: {people:?}");

    // A project narrows the list to its sessions, back to the first page.
    let agent_column = titles.iter().position(|title| title == "Agent").expect("agent");
    let project_column = titles.iter().position(|title| title == "Project").expect("project");
    let project = first[0].1[project_column].clone();
    search(&browser, &project.to_uppercase());
    browser.wait_until(
        &format!(
            "return [...document.querySelectorAll('table[data-table=sessions] tbody tr')].every(r => r.cells[{project_column}].textContent === {})",
            serde_json::to_string(&project).expect("text")
        ),
        TIMEOUT,
    );
    let found = rows(&browser);
    assert!(!found.is_empty());
    assert!(found.iter().all(|(_, cells)| cells[project_column] == project), "only {project}'s sessions");
    assert_newest_first(&found);
    // An agent's name finds its sessions; a tool's name finds sessions that used it.
    search(&browser, "codex");
    browser.wait_until("return [...document.querySelectorAll('table[data-table=sessions] tbody tr')].every(r => r.cells[1].textContent === 'codex')", TIMEOUT);
    assert!(!rows(&browser).is_empty());
    search(&browser, "Bash");
    browser.wait_until("return document.querySelectorAll('table[data-table=sessions] tbody tr').length > 0", TIMEOUT);
    let with_bash = rows(&browser);
    assert!(with_bash.iter().any(|(_, cells)| cells[agent_column] == "claude-code"));
    // A model's name finds the sessions it answered in (their main model, or among others).
    let model_column = titles.iter().position(|title| title == "Model").expect("model");
    let model =
        first.iter().map(|(_, cells)| cells[model_column].split(" +").next().unwrap_or_default().to_owned()).find(|model| !model.is_empty()).expect("a model");
    search(&browser, &model);
    browser.wait_until("return document.querySelectorAll('table[data-table=sessions] tbody tr').length > 0", TIMEOUT);
    assert!(rows(&browser).iter().any(|(_, cells)| cells[model_column].starts_with(&model)), "{model}'s sessions");
    search(&browser, "no such session anywhere");
    browser.wait_until("return document.querySelectorAll('table[data-table=sessions] tbody tr').length === 0", TIMEOUT);
    assert_eq!(page_rows(&browser), None, "no pages for no rows");
    search(&browser, "");
    browser.wait_until("return document.querySelectorAll('table[data-table=sessions] tbody tr').length === 100", TIMEOUT);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn a_real_folder_s_sessions_are_newest_first_with_their_start() {
    let browser = Browser::start();
    browser.open_with_nothing_kept("?tz=UTC", TIMEOUT);
    browser.upload("input[data-role=folder-input]", &common::fixture("real/claude-code-viewer/projects/sample-project"));
    browser.wait_for_state("ready", TIMEOUT);
    let shown = rows(&browser);
    assert!(shown.len() > 1);
    assert_newest_first(&shown);
    assert_eq!(page_rows(&browser), None, "one page");
}

/// The text of the failed calls in the timelines of the first `limit` sessions listed,
/// each opened in turn.
fn failed_call_texts(browser: &Browser, limit: usize) -> Vec<String> {
    let keys: Vec<String> =
        serde_json::from_value(browser.run("return [...document.querySelectorAll('table[data-table=sessions] tbody tr')].map(r => r.dataset.row)"))
            .expect("rows");
    let mut texts = Vec::new();
    for key in keys.iter().take(limit) {
        browser.click(&format!("table[data-table=sessions] tbody tr[data-row=\"{key}\"]"));
        browser.wait_until(&format!("return !!document.querySelector('[data-role=session-detail][data-session=\"{key}\"] ol.timeline')"), TIMEOUT);
        let found = browser
            .run("return [...document.querySelectorAll('[data-role=session-detail] li:has(> .marker.error) [data-role=error-text]')].map(e => e.textContent)");
        texts.extend(serde_json::from_value::<Vec<String>>(found).expect("texts"));
    }
    texts
}

#[test]
fn a_failed_call_shows_what_it_said_in_the_timeline() {
    let browser = Browser::start();
    browser.open("?demo&tz=UTC&today=2026-11-20&period=all");
    browser.wait_for_state("ready", TIMEOUT);
    let texts = failed_call_texts(&browser, 40);
    assert!(!texts.is_empty(), "no failed call in the demo's first 40 sessions");
    assert!(texts.iter().all(|text| text.len() > 5), "{texts:?}");
    // The demo's transcripts say why a read or an edit failed (`demo::session`).
    assert!(texts.iter().any(|text| text.starts_with("File does not exist: ")), "{texts:?}");
    assert!(texts.iter().any(|text| text.starts_with("String to replace not found")), "{texts:?}");
}

/// What each failed tool result of a folder's Claude Code transcripts says, on one line
/// (read here from the JSON lines directly).
fn failed_results_said(folder: &std::path::Path) -> Vec<String> {
    let mut said = Vec::new();
    for (_, bytes) in common::read_tree(folder) {
        for line in String::from_utf8_lossy(&bytes).lines() {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let Some(blocks) = value.pointer("/message/content").and_then(|content| content.as_array()) else { continue };
            for block in blocks.iter().filter(|block| block["type"] == "tool_result" && block["is_error"] == true) {
                let text = match &block["content"] {
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Array(parts) => parts.iter().filter_map(|part| part["text"].as_str()).collect::<Vec<_>>().join("\n"),
                    _ => String::new(),
                };
                let text = text.replace("<tool_use_error>", "").replace("</tool_use_error>", "");
                said.push(text.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect());
            }
        }
    }
    said
}

#[test]
fn a_real_folder_s_failed_calls_show_the_transcript_s_words() {
    let folder = common::fixture("real/entireio-cli");
    let said = failed_results_said(&folder);
    assert!(said.len() > 10, "the fixture's failed calls: {}", said.len());
    let browser = Browser::start();
    browser.open_with_nothing_kept("?tz=UTC&period=all", TIMEOUT);
    browser.upload("input[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    let texts = failed_call_texts(&browser, 100);
    assert!(texts.len() > 5, "failed calls shown: {texts:?}");
    for text in &texts {
        let shown = text.strip_suffix('…').unwrap_or(text);
        assert!(said.iter().any(|words| words.starts_with(shown)), "{shown} is not what a failed call said");
    }
}
