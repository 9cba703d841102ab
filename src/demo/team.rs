//! The demo team: who works on what, and how. Each person has a distinct way of
//! working so that every pattern card and practice has someone to show.

/// A project of the demo team, with the files and commands work on it touches.
pub struct Project {
    pub name: &'static str,
    pub files: &'static [&'static str],
    pub test_command: &'static str,
    pub test_pass: &'static str,
    /// A failing run's output: `{failing}` is replaced by the failing tests' own lines
    /// (each name written through `failing_line`, `{name}` replaced) and `{count}` by
    /// their number.
    pub test_fail: &'static str,
    pub failing_line: &'static str,
    /// Tests that can fail (a failing run picks one or two).
    pub tests: &'static [&'static str],
}

pub const PROJECTS: [Project; 5] = [
    Project {
        name: "api-server",
        files: &["src/main.rs", "src/routes/users.rs", "src/db/pool.rs", "src/auth.rs", "Cargo.toml"],
        test_command: "cargo test",
        test_pass: "test result: ok. 48 passed; 0 failed; 0 ignored",
        test_fail: "running 48 tests\n{failing}\ntest result: FAILED. 45 passed; {count} failed; 0 ignored",
        failing_line: "test {name} ... FAILED",
        tests: &["routes::users::rejects_empty_email", "db::pool::reconnects_after_timeout", "auth::refreshes_expired_token", "routes::users::lists_in_pages"],
    },
    Project {
        name: "web-app",
        files: &["src/App.tsx", "src/components/Chart.tsx", "src/api/client.ts", "src/styles.css", "package.json"],
        test_command: "npm test",
        test_pass: "Tests:       62 passed, 62 total",
        test_fail: "{failing}\nTests:       {count} failed, 60 passed, 62 total",
        failing_line: "  ● {name}",
        tests: &["Chart › redraws once on resize", "client › retries with backoff", "App › shows the signup errors"],
    },
    Project {
        name: "data-pipeline",
        files: &["pipeline/extract.py", "pipeline/transform.py", "pipeline/load.py", "tests/test_transform.py"],
        test_command: "pytest -q",
        test_pass: "31 passed in 2.41s",
        test_fail: "{failing}\n{count} failed, 29 passed in 2.77s",
        failing_line: "FAILED {name} - AssertionError",
        tests: &["tests/test_transform.py::test_empty_batch", "tests/test_transform.py::test_dedupes_rows", "tests/test_transform.py::test_keeps_nulls"],
    },
    Project {
        name: "infra",
        files: &["cmd/deploy/main.go", "internal/k8s/apply.go", "deploy/values.yaml", "Makefile"],
        test_command: "go test ./...",
        test_pass: "ok  \tinfra/internal/k8s\t0.412s",
        test_fail: "{failing}\nFAIL\tinfra/internal/k8s\t0.398s",
        failing_line: "--- FAIL: {name} (0.01s)",
        tests: &["TestApplyRollsBack", "TestApplyWaitsForReady"],
    },
    Project {
        name: "docs-site",
        files: &["docs/getting-started.md", "docs/api.md", "mkdocs.yml", "README.md"],
        test_command: "npm run build",
        test_pass: "Build complete in 3.1s",
        test_fail: "Error: broken link in docs/api.md",
        failing_line: "",
        tests: &[],
    },
];

/// How long someone's sessions usually last.
#[derive(Clone, Copy, Debug)]
pub enum Durations {
    /// Always about `minutes`, give or take `spread`.
    Steady { minutes: u64, spread: u64 },
    /// Mostly very short, often very long, rarely in between.
    Bimodal,
    /// Long working sessions.
    Long,
    /// Quick in-and-out sessions.
    Short,
}

/// The coding agents the demo team uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoAgent {
    Claude,
    Codex,
    Gemini,
}

pub struct Person {
    pub name: &'static str,
    /// The agents the person works with (a session picks one).
    pub agents: &'static [DemoAgent],
    /// Indexes into [`PROJECTS`].
    pub projects: &'static [usize],
    pub model: &'static str,
    pub codex_model: &'static str,
    pub gemini_model: &'static str,
    /// Expected sessions per working day at the start of the period.
    pub sessions_per_day: f64,
    /// Fraction of the starting rate left by the last week (1.0 = no decline).
    pub rate_by_last_week: f64,
    pub durations: Durations,
    /// Chance that an edit is accepted (else rejected by the user).
    pub acceptance: f64,
    pub tool_error_rate: f64,
    pub commit_rate: f64,
    pub plan_mode_rate: f64,
    pub subagent_rate: f64,
    pub first_hour_utc: u64,
}

/// Models of people who do not use that agent (never written).
const NO_CODEX: &str = "gpt-5.4";
const NO_GEMINI: &str = "gemini-2.5-pro";

/// The team: five Claude Code users (dave also uses Codex), a Codex user and a Gemini
/// CLI user. The first five alone write the benchmark corpora (`CLAUDE_TEAM`).
pub const TEAM: [Person; 7] = [
    Person {
        name: "alice",
        agents: &[DemoAgent::Claude],
        projects: &[0, 3],
        model: "claude-sonnet-4-5",
        codex_model: NO_CODEX,
        gemini_model: NO_GEMINI,
        sessions_per_day: 2.0,
        rate_by_last_week: 1.0,
        durations: Durations::Steady { minutes: 24, spread: 5 },
        acceptance: 0.95,
        tool_error_rate: 0.02,
        commit_rate: 0.8,
        plan_mode_rate: 0.4,
        subagent_rate: 0.3,
        first_hour_utc: 8,
    },
    Person {
        name: "bob",
        agents: &[DemoAgent::Claude],
        projects: &[1, 4],
        model: "claude-opus-4-6",
        codex_model: NO_CODEX,
        gemini_model: NO_GEMINI,
        sessions_per_day: 2.6,
        rate_by_last_week: 1.0,
        durations: Durations::Bimodal,
        acceptance: 0.9,
        tool_error_rate: 0.03,
        commit_rate: 0.5,
        plan_mode_rate: 0.05,
        subagent_rate: 0.15,
        first_hour_utc: 13,
    },
    Person {
        name: "carol",
        agents: &[DemoAgent::Claude],
        projects: &[2],
        model: "claude-sonnet-4-5",
        codex_model: NO_CODEX,
        gemini_model: NO_GEMINI,
        sessions_per_day: 2.4,
        rate_by_last_week: 0.2,
        durations: Durations::Steady { minutes: 35, spread: 20 },
        acceptance: 0.88,
        tool_error_rate: 0.03,
        commit_rate: 0.4,
        plan_mode_rate: 0.1,
        subagent_rate: 0.1,
        first_hour_utc: 7,
    },
    Person {
        name: "dave",
        agents: &[DemoAgent::Claude, DemoAgent::Codex],
        projects: &[0, 2, 3],
        model: "claude-opus-4-6",
        codex_model: "gpt-5.3-codex",
        gemini_model: NO_GEMINI,
        sessions_per_day: 1.2,
        rate_by_last_week: 1.0,
        durations: Durations::Long,
        acceptance: 0.55,
        tool_error_rate: 0.08,
        commit_rate: 0.15,
        plan_mode_rate: 0.0,
        subagent_rate: 0.4,
        first_hour_utc: 15,
    },
    Person {
        name: "erin",
        agents: &[DemoAgent::Claude],
        projects: &[1, 4],
        model: "claude-haiku-4-5",
        codex_model: NO_CODEX,
        gemini_model: NO_GEMINI,
        sessions_per_day: 3.0,
        rate_by_last_week: 1.0,
        durations: Durations::Short,
        acceptance: 0.97,
        tool_error_rate: 0.015,
        commit_rate: 0.6,
        plan_mode_rate: 0.0,
        subagent_rate: 0.0,
        first_hour_utc: 9,
    },
    Person {
        name: "frank",
        agents: &[DemoAgent::Codex],
        projects: &[0, 1],
        model: "claude-sonnet-4-5",
        codex_model: "gpt-5.4",
        gemini_model: NO_GEMINI,
        sessions_per_day: 1.4,
        rate_by_last_week: 2.2,
        durations: Durations::Steady { minutes: 30, spread: 15 },
        acceptance: 0.9,
        tool_error_rate: 0.04,
        commit_rate: 0.7,
        plan_mode_rate: 0.0,
        subagent_rate: 0.0,
        first_hour_utc: 10,
    },
    Person {
        name: "grace",
        agents: &[DemoAgent::Gemini],
        projects: &[2, 4],
        model: "claude-sonnet-4-5",
        codex_model: NO_CODEX,
        gemini_model: "gemini-2.5-pro",
        sessions_per_day: 1.0,
        rate_by_last_week: 3.0,
        durations: Durations::Steady { minutes: 20, spread: 10 },
        acceptance: 0.92,
        tool_error_rate: 0.05,
        commit_rate: 0.3,
        plan_mode_rate: 0.0,
        subagent_rate: 0.0,
        first_hour_utc: 6,
    },
];

/// The Claude Code users alone (the benchmark corpora are Claude Code folders).
pub const CLAUDE_TEAM: &[Person] = TEAM.split_at(5).0;
