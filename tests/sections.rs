//! One list of sections (`viewmodel::sections`): `summary --json` names every field under
//! one section, in the list's order; the report writes its sections in that order, and its
//! practices, trends and project catalogue show what the command line gives for them; the
//! page lays its panels out by the same list.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use serde_json::Value;
use session_lens::cli;
use session_lens::viewmodel::sections::Section;

const TODAY: &str = "2026-11-20";

/// The demo's transcripts, written into a folder of the test's own.
fn demo_folder(test: &str) -> PathBuf {
    let dir = common::scratch_dir(&format!("sections-demo-{test}"));
    cli::run(&[String::from("demo"), String::from("-o"), dir.display().to_string()]).expect("demo written");
    dir
}

fn run(arguments: &[&str]) -> String {
    cli::run(&arguments.iter().map(|argument| argument.to_string()).collect::<Vec<_>>()).expect("runs").stdout
}

/// Each start tag of `html` that has `attribute`, as the text inside `<…>`.
fn tags_with<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.split('<').filter_map(|piece| piece.split('>').next()).filter(|tag| tag.contains(&needle)).collect()
}

/// An attribute's value in a start tag's text (`&quot;` and `&amp;` read back).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].replace("&quot;", "\"").replace("&amp;", "&"))
}

fn keys_without(skipped: &[Section]) -> Vec<&'static str> {
    Section::ALL.iter().filter(|section| !skipped.contains(section)).map(|section| section.key()).collect()
}

/// A value written by `f64`'s `Display` (empty for none), as JSON gives it.
fn same_number(text: &str, value: &Value) -> bool {
    match value.as_f64() {
        Some(expected) => text.parse::<f64>().is_ok_and(|shown| shown == expected),
        None => text.is_empty(),
    }
}

#[test]
fn summary_json_names_every_field_under_one_section_in_the_list_s_order() {
    let folder = demo_folder("summary");
    let summary: Value =
        serde_json::from_str(&run(&["summary", "--json", "--tz", "UTC", "--today", TODAY, "--period", "all", &folder.display().to_string()])).expect("JSON");
    let sections = summary["sections"].as_array().expect("sections");
    let keys: Vec<&str> = sections.iter().map(|section| section["key"].as_str().expect("key")).collect();
    assert_eq!(keys, keys_without(&[]));
    let mut named: BTreeMap<&str, usize> = BTreeMap::new();
    for section in sections {
        for field in section["fields"].as_array().expect("fields") {
            *named.entry(field.as_str().expect("name")).or_default() += 1;
        }
    }
    let fields: Vec<&str> = summary.as_object().expect("object").keys().map(String::as_str).filter(|key| *key != "sections").collect();
    assert_eq!(named.keys().copied().collect::<Vec<_>>(), fields, "every field, and no other, is a section's");
    assert!(named.values().all(|count| *count == 1), "{named:?}");
    // Each insight sits under its own section.
    let section_of = |field: &str| sections.iter().find(|s| s["fields"].as_array().is_some_and(|f| f.iter().any(|n| n == field))).map(|s| s["key"].clone());
    assert_eq!(section_of("practices"), Some(Value::from("practices")));
    assert_eq!(section_of("trends"), Some(Value::from("trends")));
    assert_eq!(section_of("project_catalogue"), Some(Value::from("projects")));
    assert_eq!(section_of("total_tokens"), Some(Value::from("figures")));
}

#[test]
fn the_report_follows_the_list_and_shows_the_command_line_s_practices_trends_and_catalogue() {
    let folder = demo_folder("report");
    let folder = folder.display().to_string();
    let report = common::scratch_dir("sections-report").join("report.html");
    let filters = ["--tz", "UTC", "--today", TODAY, "--period", "30d"];
    run(&[&["report"][..], &filters, &[&folder, "-o", &report.display().to_string()]].concat());
    let summary: Value = serde_json::from_str(&run(&[&["summary", "--json"][..], &filters, &[&folder]].concat())).expect("JSON");
    let html = std::fs::read_to_string(&report).expect("report");

    let written: Vec<String> = tags_with(&html, "data-section").iter().filter_map(|tag| attribute(tag, "data-section")).collect();
    assert_eq!(written, keys_without(&[Section::External]), "no other tools' records in the demo");

    // Practices: a cell per person (and the team) and practice, as the command line counts.
    let cells = tags_with(&html, "data-practice");
    assert_eq!(cells.len(), 7 * (summary["practices"]["people"].as_object().expect("people").len() + 1));
    for cell in cells {
        let (person, practice) = (attribute(cell, "data-person").expect("person"), attribute(cell, "data-practice").expect("practice"));
        let row = if person == "(team)" { &summary["practices"]["team"] } else { &summary["practices"]["people"][&person] };
        let expected = &row["practices"][&practice];
        assert!(same_number(&attribute(cell, "data-value").expect("value"), &expected["share"]), "{person} {practice}: {cell} against {expected}");
        assert_eq!(attribute(cell, "data-adopted").as_deref(), Some(if expected["adopted"] == true { "true" } else { "false" }));
    }

    // Trends: each measure's latest rolling average per window.
    let averages = tags_with(&html, "data-trend");
    assert_eq!(averages.len(), 4 * 3);
    for cell in averages {
        let (measure, window) = (attribute(cell, "data-trend").expect("measure"), attribute(cell, "data-window").expect("window"));
        let series = &summary["trends"]["measures"][&measure][format!("rolling_{window}d")];
        let latest = series.as_array().and_then(|values| values.last()).cloned().unwrap_or(Value::Null);
        assert!(same_number(&attribute(cell, "data-value").expect("value"), &latest), "{measure} {window}: {cell} against {latest}");
    }

    // The catalogue: a card per project, with its sessions and cost.
    let cards = tags_with(&html, "data-project");
    let expected = summary["project_catalogue"].as_array().expect("catalogue");
    assert_eq!(cards.len(), expected.len());
    assert!(!cards.is_empty());
    for (card, project) in cards.iter().zip(expected) {
        assert_eq!(attribute(card, "data-project").as_deref(), project["project"].as_str());
        assert!(same_number(&attribute(card, "data-sessions").expect("sessions"), &project["sessions"]));
        assert!(same_number(&attribute(card, "data-cost-usd").expect("cost"), &project["cost_usd"]));
    }
}

#[test]
fn the_page_lays_its_panels_out_by_the_same_list() {
    let browser = Browser::start();
    browser.open(&format!("?demo&today={TODAY}"));
    browser.wait_for_state("ready", Duration::from_secs(180));
    let shown = browser.run("return [...document.querySelectorAll('[data-section]')].map(element => element.dataset.section)");
    let shown: Vec<&str> = shown.as_array().expect("list").iter().filter_map(Value::as_str).collect();
    assert_eq!(shown, keys_without(&[Section::External]), "no other tools' records in the demo");
}
