//! One demo session: prompts and the agent's work (reads, edits, tests, commits,
//! subagents, errors, rejections, interruptions) until the session's length is used up.

use serde_json::json;

use super::codex_writer::CodexTranscript;
use super::gemini_writer::GeminiTranscript;
use super::rng::Rng;
use super::team::DemoAgent;
use super::team::{Durations, Person, Project};
use super::writer::{ClaudeTranscript, Outcome, Transcript};

const PROMPTS: [&str; 8] = [
    "Add input validation to the signup handler",
    "Why does the nightly job fail on empty batches?",
    "Refactor the client so retries use exponential backoff",
    "Write tests for the edge cases we discussed",
    "The chart flickers on resize, can you fix it?",
    "Rename the config option and update every caller",
    "Explain how the deploy step decides which cluster to use",
    "Speed up the slow query in the report endpoint",
];
const COMMANDS: [(&str, &str); 4] = [("review", ""), ("init", ""), ("fix-issue", "142"), ("compact", "")];

pub struct SessionPlan<'a> {
    pub person: &'a Person,
    pub project: &'a Project,
    pub start_ms: i64,
    pub length_minutes: u64,
    /// Size of each file a Read returns (0: a one-line stand-in).
    pub read_bytes: usize,
    /// Which agent the session is with (one of the person's).
    pub agent: DemoAgent,
}

/// Writes the session; returns (session id, JSONL text).
pub fn write_session(rng: &mut Rng, plan: &SessionPlan<'_>) -> (String, String) {
    let cwd = format!("/home/{}/code/{}", plan.person.name, plan.project.name);
    match plan.agent {
        DemoAgent::Claude => script(ClaudeTranscript::new(rng, plan.start_ms, &cwd, plan.person.model), plan),
        DemoAgent::Codex => script(CodexTranscript::new(rng, plan.start_ms, &cwd, plan.person.codex_model), plan),
        DemoAgent::Gemini => script(GeminiTranscript::new(rng, plan.start_ms, &cwd, plan.person.gemini_model), plan),
    }
}

/// The session said through one agent's writer.
fn script(mut transcript: impl Transcript, plan: &SessionPlan<'_>) -> (String, String) {
    let end_ms = plan.start_ms + plan.length_minutes as i64 * 60_000;
    let title = transcript.rng().pick(&PROMPTS).to_string();
    let is_plan_mode = transcript.rng().chance(plan.person.plan_mode_rate);
    if plan.length_minutes <= 2 && matches!(plan.person.durations, Durations::Bimodal) {
        // A quick lookup: one question, one answer.
        transcript.prompt(&title);
        transcript.reply("Here is how it works, in short.");
        let session_id = transcript.session_id().to_owned();
        return (session_id, transcript.finish(&title));
    }
    // Some long sessions only explore: reading and asking, never changing a file.
    let explores = matches!(plan.person.durations, Durations::Long) && transcript.rng().chance(0.2);
    let mut changed_files = 0;
    let mut turn = 0;
    loop {
        turn += 1;
        if turn == 1 {
            transcript.set_plan_mode(is_plan_mode);
            transcript.prompt(&title);
            if is_plan_mode {
                plan_step(&mut transcript, &title);
            }
        } else if transcript.rng().chance(0.12) {
            let (name, args) = *transcript.rng().pick(&COMMANDS);
            transcript.slash_command(name, args);
        } else {
            let follow_up = *transcript.rng().pick(&PROMPTS);
            transcript.prompt(follow_up);
        }
        changed_files += work_turn(&mut transcript, plan, explores);
        if transcript.clock_ms() >= end_ms {
            break;
        }
        transcript.wait_seconds(20, 150);
        if transcript.clock_ms() >= end_ms {
            break;
        }
        let keeps_at_it = matches!(plan.person.durations, Durations::Steady { .. } | Durations::Bimodal);
        if !keeps_at_it && transcript.rng().chance(0.05) {
            // A meeting or lunch: the conversation goes on later, as a new session (people
            // with a steady routine, or who dive deep, finish first).
            let break_minutes = transcript.rng().range(15, 70);
            transcript.wait_seconds(break_minutes * 60, break_minutes * 60);
        }
    }
    if changed_files > 0 && transcript.rng().chance(plan.person.commit_rate) {
        commit(&mut transcript);
    }
    let session_id = transcript.session_id().to_owned();
    (session_id, transcript.finish(&title))
}

fn plan_step(transcript: &mut impl Transcript, title: &str) {
    let plan = format!("## Plan\n1. Read the code involved\n2. {title}\n3. Run the tests");
    let text = String::from("User has approved your plan. You can now start coding.");
    transcript.tool("ExitPlanMode", json!({"plan": plan}), Outcome::Success { text, structured: None });
    transcript.set_plan_mode(false);
}

/// One prompt's worth of agent work. Returns how many edits were applied.
fn work_turn(transcript: &mut impl Transcript, plan: &SessionPlan<'_>, explores: bool) -> u32 {
    let person = plan.person;
    let project = plan.project;
    if transcript.rng().chance(person.subagent_rate / 3.0) {
        let reads: Vec<String> = (0..2).map(|_| transcript.rng().pick(project.files).to_string()).collect();
        transcript.subagent("Survey the code paths involved", &reads);
    }
    let mut read_paths = Vec::new();
    for _ in 0..transcript.rng().range(1, 3) {
        let path = transcript.rng().pick(project.files).to_string();
        read_paths.push(path.clone());
        let outcome = if transcript.rng().chance(person.tool_error_rate / 2.0) {
            Outcome::Error(format!("File does not exist: {path}"))
        } else {
            Outcome::Success { text: file_contents(&path, plan.read_bytes), structured: None }
        };
        transcript.tool("Read", json!({"file_path": path}), outcome);
    }
    if transcript.rng().chance(0.03) {
        if transcript.rng().chance(0.5) {
            let input = json!({"command": project.test_command, "description": "Run the tests"});
            transcript.tool("Bash", input, Outcome::Interrupted);
        }
        transcript.interruption();
        return 0;
    }
    if transcript.rng().chance(0.2) {
        let todos = json!({"todos": [{"content": "Make the change", "status": "in_progress", "activeForm": "Making the change"}]});
        let text = String::from("Todos have been modified successfully.");
        transcript.tool("TodoWrite", todos, Outcome::Success { text, structured: None });
    }
    if transcript.rng().chance(person.tool_error_rate / 4.0) {
        // A file that is not there: the agent tries it three times before it looks around.
        let path = format!("{}/config.local", project.name);
        for _ in 0..3 {
            transcript.tool("Read", json!({"file_path": path}), Outcome::Error(format!("File does not exist: {path}")));
        }
    }
    let mut applied = 0;
    let edits = if explores { 0 } else { transcript.rng().range(0, 3) };
    for _ in 0..edits {
        applied += edit(transcript, person, project, &read_paths);
    }
    if applied > 0 && transcript.rng().chance(0.7) && !run_tests(transcript, project, 0.85) && transcript.rng().chance(0.8) {
        // Most failures the agent fixes itself: one more edit, and the tests pass.
        applied += edit(transcript, person, project, &read_paths);
        run_tests(transcript, project, 1.0);
    }
    if transcript.needs_compaction() || transcript.rng().chance(0.02) {
        transcript.compaction("earlier work on this task");
    }
    transcript.reply("Done. I made the change and checked it.");
    applied
}

/// What a Read of `path` returns: numbered lines up to about `bytes`.
fn file_contents(path: &str, bytes: usize) -> String {
    let mut text = format!("     1\tcontents of {path}\n");
    let mut number = 2;
    while text.len() < bytes {
        text.push_str(&format!("{number:>6}\tlet value_{number} = compute(input, {number}); // {path}\n"));
        number += 1;
    }
    text
}

/// An edit, mostly of a file just read (careless work edits others unread).
fn edit(transcript: &mut impl Transcript, person: &Person, project: &Project, read_paths: &[String]) -> u32 {
    let path = if transcript.rng().chance(0.05) {
        String::from("CLAUDE.md")
    } else if !read_paths.is_empty() && !transcript.rng().chance(person.tool_error_rate * 2.0) {
        transcript.rng().pick(read_paths).clone()
    } else {
        transcript.rng().pick(project.files).to_string()
    };
    let removed = transcript.rng().range(0, 6) as usize;
    let added = transcript.rng().range(1, 14) as usize;
    let old_lines: Vec<String> = (0..removed).map(|i| format!("old line {i}")).collect();
    let mut new_lines: Vec<String> = (0..added).map(|i| format!("new line {i}")).collect();
    // Sloppier work leaves more unfinished markers behind.
    if transcript.rng().chance(person.tool_error_rate) {
        let comment = if path.ends_with(".py") || path.ends_with(".yaml") || path == "Makefile" { "#" } else { "//" };
        if let Some(last) = new_lines.last_mut() {
            *last = format!("{comment} TODO: handle the error case");
        }
    }
    let input = json!({"file_path": path, "old_string": old_lines.join("\n"), "new_string": new_lines.join("\n")});
    if transcript.rng().chance(person.tool_error_rate) {
        let error = String::from("String to replace not found in file.");
        transcript.tool("Edit", input.clone(), Outcome::Error(error));
    }
    if !transcript.rng().chance(person.acceptance) {
        transcript.tool("Edit", input, Outcome::Rejected);
        return 0;
    }
    let patch_lines: Vec<String> = old_lines.iter().map(|line| format!("-{line}")).chain(new_lines.iter().map(|line| format!("+{line}"))).collect();
    let structured = json!({
        "filePath": path, "oldString": old_lines.join("\n"), "newString": new_lines.join("\n"),
        "structuredPatch": [{"oldStart": 10, "oldLines": removed, "newStart": 10, "newLines": added, "lines": patch_lines}],
        "userModified": false, "replaceAll": false
    });
    let text = format!("The file {path} has been updated.");
    transcript.tool("Edit", input, Outcome::Success { text, structured: Some(structured) });
    1
}

/// A failing run's output, naming one or two of the project's tests as its runner does.
fn failing_output(transcript: &mut impl Transcript, project: &Project) -> String {
    let count = if project.tests.len() > 1 && transcript.rng().chance(0.3) { 2 } else { 1 };
    let mut names: Vec<&str> = Vec::new();
    while names.len() < count.min(project.tests.len()) {
        let name = *transcript.rng().pick(project.tests);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let lines: Vec<String> = names.iter().map(|name| project.failing_line.replace("{name}", name)).collect();
    project.test_fail.replace("{failing}", &lines.join("\n")).replace("{count}", &names.len().max(1).to_string())
}

/// A test run that passes with `pass_chance`; whether it passed.
fn run_tests(transcript: &mut impl Transcript, project: &Project, pass_chance: f64) -> bool {
    let passes = transcript.rng().chance(pass_chance);
    let summary = if passes { project.test_pass.to_owned() } else { failing_output(transcript, project) };
    let input = json!({"command": project.test_command, "description": "Run the tests"});
    if passes {
        let structured = json!({"stdout": summary, "stderr": "", "interrupted": false, "isImage": false});
        transcript.tool("Bash", input, Outcome::Success { text: summary, structured: Some(structured) });
    } else {
        transcript.tool("Bash", input, Outcome::Error(summary));
    }
    passes
}

fn commit(transcript: &mut impl Transcript) {
    let hash = transcript.rng().token("", 7).to_lowercase();
    let input = json!({"command": "git add -A && git commit -m \"Apply the requested change\"", "description": "Commit the work"});
    let text = format!("[main {hash}] Apply the requested change\n 2 files changed, 14 insertions(+), 3 deletions(-)");
    let structured = json!({"stdout": text, "stderr": "", "interrupted": false, "isImage": false});
    transcript.tool("Bash", input, Outcome::Success { text, structured: Some(structured) });
}
