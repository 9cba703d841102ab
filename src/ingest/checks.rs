//! Which shell commands are builds or test runs, what a test run's output says (the
//! summary lines each runner prints: `tests/test_output/` holds real ones), and whether
//! an edit writes a TODO marker. The transcript's command and output are read here, once;
//! what is kept is a [`CheckRun`] (and a flag on the edit's result).

use super::failing_tests::failing_tests;
use crate::model::shell::simple_commands;
use crate::model::{CheckKind, Runner, TestCounts};

/// Output read for a summary: its last part (a summary comes last; a test run can print
/// megabytes before it).
const OUTPUT_TAIL_BYTES: usize = 256 * 1024;

/// The check a simple command (words, program first) runs, if any.
fn simple_check(words: &[&str]) -> Option<CheckKind> {
    let program = *words.first()?;
    let sub = words.get(1).copied().unwrap_or("");
    let runner = |runner| Some(CheckKind::Test(runner));
    match program {
        "cargo" => match sub {
            "test" => runner(Runner::Cargo),
            "nextest" => runner(Runner::Nextest),
            "build" | "check" | "clippy" => Some(CheckKind::Build),
            _ => None,
        },
        "pytest" | "py.test" => runner(Runner::Pytest),
        "python" | "python3" if sub == "-m" && words.get(2) == Some(&"pytest") => runner(Runner::Pytest),
        "uv" | "poetry" | "pipenv" | "hatch" if sub == "run" => simple_check(&words[2..]),
        "npx" | "pnpx" | "bunx" => simple_check(&words[1..]),
        "go" => match sub {
            "test" => runner(Runner::GoTest),
            "build" | "vet" => Some(CheckKind::Build),
            _ => None,
        },
        "jest" => runner(Runner::Jest),
        "vitest" => runner(Runner::Vitest),
        "mocha" => runner(Runner::Mocha),
        "bun" if sub == "test" => runner(Runner::BunTest),
        "npm" | "pnpm" | "yarn" | "bun" => {
            let script = if sub == "run" { words.get(2).copied().unwrap_or("") } else { sub };
            match script {
                "test" | "t" => runner(Runner::PackageScript),
                script if script.starts_with("test:") => runner(Runner::PackageScript),
                "build" | "lint" | "typecheck" | "type-check" => Some(CheckKind::Build),
                _ => None,
            }
        }
        "rspec" => runner(Runner::Rspec),
        "bundle" if sub == "exec" => simple_check(&words[2..]),
        "phpunit" | "pest" => runner(Runner::Phpunit),
        "php" if sub == "artisan" && words.get(2) == Some(&"test") => runner(Runner::Phpunit),
        "make" => match sub {
            "test" | "check" => runner(Runner::Other),
            "" | "build" | "all" => Some(CheckKind::Build),
            _ => None,
        },
        "tsc" | "eslint" | "ruff" | "mypy" | "javac" | "gcc" | "clang" => Some(CheckKind::Build),
        "mvn" | "gradle" | "./gradlew" | "gradlew" => match sub {
            "test" | "verify" => runner(Runner::Other),
            "build" | "compile" | "package" | "assemble" => Some(CheckKind::Build),
            _ => None,
        },
        "tox" | "nox" | "ctest" => runner(Runner::Other),
        "deno" if sub == "test" => runner(Runner::Other),
        _ => None,
    }
}

/// The check a command line runs: its test run if it has one (a build then tests is a
/// test run), else its build.
pub fn check_of(command: &str) -> Option<CheckKind> {
    let checks: Vec<CheckKind> = simple_commands(command).filter_map(|words| simple_check(&words)).collect();
    checks.iter().copied().find(|check| matches!(check, CheckKind::Test(_))).or_else(|| checks.first().copied())
}

/// Text without terminal colour and style sequences (`ESC [ … m`).
fn without_escapes(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        clean.push(c);
    }
    clean
}

/// The number right before `word` in `line` ("3 passed" → 3), the first such; the word
/// must end there ("3 passedx" is not it).
fn count_before(line: &str, word: &str) -> Option<u32> {
    line.match_indices(word).find_map(|(at, _)| {
        let ends_word = line[at + word.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
        let before = line[..at].trim_end_matches([' ', '\t']);
        let digits_from = before.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |index| index + 1);
        let digits = &before[digits_from..];
        (ends_word && !digits.is_empty() && before.len() < at).then(|| digits.parse().ok()).flatten()
    })
}

/// The number right after `label` in `line` ("Tests: 4," → 4).
fn count_after(line: &str, label: &str) -> Option<u32> {
    let at = line.find(label)? + label.len();
    let digits: String = line[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `cargo test`: every `test result:` line (one per test binary and the doc tests).
fn cargo(lines: &[&str]) -> Option<TestCounts> {
    let mut total: Option<TestCounts> = None;
    for line in lines.iter().filter(|line| line.trim_start().starts_with("test result:")) {
        let counts =
            TestCounts { passed: count_before(line, "passed")?, failed: count_before(line, "failed")?, skipped: count_before(line, "ignored").unwrap_or(0) };
        total.get_or_insert_with(TestCounts::default).add(counts);
    }
    total
}

/// `cargo nextest run`: `Summary [ 0.080s] 3 tests run: 2 passed, 1 failed, 1 skipped`.
fn nextest(lines: &[&str]) -> Option<TestCounts> {
    let line = lines.iter().rev().find(|line| line.trim_start().starts_with("Summary") && line.contains("tests run:"))?;
    let run = count_before(line, "tests run").or_else(|| count_before(line, "test run"))?;
    let failed = count_before(line, "failed").unwrap_or(0) + count_before(line, "timed out").unwrap_or(0);
    Some(TestCounts { passed: count_before(line, "passed").unwrap_or(run.saturating_sub(failed)), failed, skipped: count_before(line, "skipped").unwrap_or(0) })
}

/// pytest: its last line `1 failed, 2 passed, 1 skipped in 0.02s` (with `===` around
/// it unless `-q`).
fn pytest(lines: &[&str]) -> Option<TestCounts> {
    let line = lines.iter().rev().find(|line| line.contains(" in ") && (line.contains(" passed") || line.contains(" failed") || line.contains(" error")))?;
    let passed = count_before(line, "passed");
    let failed = count_before(line, "failed");
    let errors = count_before(line, "errors").or_else(|| count_before(line, "error"));
    if passed.is_none() && failed.is_none() && errors.is_none() {
        return None;
    }
    Some(TestCounts { passed: passed.unwrap_or(0), failed: failed.unwrap_or(0) + errors.unwrap_or(0), skipped: count_before(line, "skipped").unwrap_or(0) })
}

/// `go test`: with `-v`, one `--- PASS/FAIL/SKIP:` line a test; without, only failing
/// tests are named, so packages are counted (`ok  pkg` passed, `FAIL pkg` failed).
fn go_test(lines: &[&str]) -> Option<TestCounts> {
    let starting = |prefix: &str| lines.iter().filter(|line| line.trim_start().starts_with(prefix)).count() as u32;
    let passed_tests = starting("--- PASS:");
    if passed_tests > 0 {
        return Some(TestCounts { passed: passed_tests, failed: starting("--- FAIL:"), skipped: starting("--- SKIP:") });
    }
    let passed = lines.iter().filter(|line| line.starts_with("ok  \t") || line.starts_with("ok \t")).count() as u32;
    let failed = lines.iter().filter(|line| line.starts_with("FAIL\t")).count() as u32;
    (passed + failed > 0).then_some(TestCounts { passed, failed, skipped: 0 })
}

/// jest: `Tests:       1 failed, 1 skipped, 2 passed, 4 total`.
fn jest(lines: &[&str]) -> Option<TestCounts> {
    let line = lines.iter().rev().find(|line| line.trim_start().starts_with("Tests:") && line.contains("total"))?;
    Some(TestCounts {
        passed: count_before(line, "passed").unwrap_or(0),
        failed: count_before(line, "failed").unwrap_or(0),
        skipped: count_before(line, "skipped").unwrap_or(0) + count_before(line, "todo").unwrap_or(0),
    })
}

/// vitest: `      Tests  1 failed | 2 passed | 1 skipped (4)`.
fn vitest(lines: &[&str]) -> Option<TestCounts> {
    let line = lines.iter().rev().find(|line| line.trim_start().starts_with("Tests ") && line.trim_end().ends_with(')'))?;
    let counts = TestCounts {
        passed: count_before(line, "passed").unwrap_or(0),
        failed: count_before(line, "failed").unwrap_or(0),
        skipped: count_before(line, "skipped").unwrap_or(0) + count_before(line, "todo").unwrap_or(0),
    };
    (counts != TestCounts::default() || line.contains("(0)")).then_some(counts)
}

/// mocha: `2 passing (4ms)`, `1 pending`, `1 failing`.
fn mocha(lines: &[&str]) -> Option<TestCounts> {
    let find = |word: &str| {
        lines.iter().rev().find_map(|line| line.trim().split_once(' ').filter(|(_, rest)| rest.starts_with(word)).and_then(|(n, _)| n.parse::<u32>().ok()))
    };
    let passed = find("passing")?;
    Some(TestCounts { passed, failed: find("failing").unwrap_or(0), skipped: find("pending").unwrap_or(0) })
}

/// bun test: ` 2 pass`, ` 1 skip`, ` 1 fail` lines before `Ran 4 tests across 1 file.`.
fn bun_test(lines: &[&str]) -> Option<TestCounts> {
    lines.iter().rev().find(|line| line.starts_with("Ran ") && line.contains(" across "))?;
    let find = |word: &str| lines.iter().rev().find_map(|line| line.trim().strip_suffix(word).and_then(|n| n.trim().parse::<u32>().ok())).unwrap_or(0);
    Some(TestCounts { passed: find(" pass"), failed: find(" fail"), skipped: find(" skip") + find(" todo") })
}

/// rspec: `4 examples, 1 failure, 1 pending`.
fn rspec(lines: &[&str]) -> Option<TestCounts> {
    let line = lines.iter().rev().find(|line| line.contains(" example") && (line.contains(" failure") || line.contains("failures")))?;
    let examples = count_before(line, "examples").or_else(|| count_before(line, "example"))?;
    let failed = count_before(line, "failures").or_else(|| count_before(line, "failure")).unwrap_or(0);
    let skipped = count_before(line, "pending").unwrap_or(0);
    Some(TestCounts { passed: examples.saturating_sub(failed + skipped), failed, skipped })
}

/// phpunit: `OK (1 test, 1 assertion)` or `Tests: 4, Assertions: 3, Failures: 1, Skipped: 1.`
fn phpunit(lines: &[&str]) -> Option<TestCounts> {
    if let Some(line) = lines.iter().rev().find(|line| line.starts_with("OK (")) {
        let tests = count_before(line, "tests").or_else(|| count_before(line, "test"))?;
        return Some(TestCounts { passed: tests, failed: 0, skipped: 0 });
    }
    let line = lines.iter().rev().find(|line| line.starts_with("Tests: ") && line.contains("Assertions:"))?;
    let tests = count_after(line, "Tests:")?;
    let failed = count_after(line, "Failures:").unwrap_or(0) + count_after(line, "Errors:").unwrap_or(0);
    let skipped = count_after(line, "Skipped:").unwrap_or(0) + count_after(line, "Incomplete:").unwrap_or(0);
    Some(TestCounts { passed: tests.saturating_sub(failed + skipped), failed, skipped })
}

type Parser = fn(&[&str]) -> Option<TestCounts>;

/// Every parser, tried in this order when the runner does not say which prints.
const PARSERS: [(Runner, Parser); 10] = [
    (Runner::Cargo, cargo),
    (Runner::Nextest, nextest),
    (Runner::Jest, jest),
    (Runner::Vitest, vitest),
    (Runner::Mocha, mocha),
    (Runner::BunTest, bun_test),
    (Runner::Rspec, rspec),
    (Runner::Phpunit, phpunit),
    (Runner::Pytest, pytest),
    (Runner::GoTest, go_test),
];

/// The output's last part (where the summary is), without terminal escapes.
fn summary_text(output: &str) -> String {
    let mut start = output.len().saturating_sub(OUTPUT_TAIL_BYTES);
    while !output.is_char_boundary(start) {
        start += 1;
    }
    without_escapes(&output[start..])
}

fn counts_in(runner: Runner, text: &str) -> Option<TestCounts> {
    let lines: Vec<&str> = text.lines().collect();
    match PARSERS.iter().find(|(known, _)| *known == runner) {
        Some((_, parse)) => parse(&lines),
        None => PARSERS.iter().find_map(|(_, parse)| parse(&lines)),
    }
}

/// The counts a test run's output reports; `None` when no summary line of the runner
/// (or, for a package script or other command, of any runner) is found.
pub fn test_counts(runner: Runner, output: &str) -> Option<TestCounts> {
    counts_in(runner, &summary_text(output))
}

/// [`test_counts`], and when they count failures, the failing tests the output names.
pub fn test_result(runner: Runner, output: &str) -> (Option<TestCounts>, Vec<String>) {
    let text = summary_text(output);
    let counts = counts_in(runner, &text);
    let failing = match counts {
        Some(counts) if counts.failed > 0 => failing_tests(runner, &text),
        _ => Vec::new(),
    };
    (counts, failing)
}

/// Whether text an edit writes holds a marker of unfinished work (`TODO`, `FIXME`,
/// `unimplemented!`, `todo!`, `pass  # TODO`).
pub fn writes_todo(text: &str) -> bool {
    ["TODO", "FIXME", "unimplemented!(", "todo!("].iter().any(|marker| text.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_told_apart() {
        let test = |runner| Some(CheckKind::Test(runner));
        assert_eq!(check_of("cargo test --release 2>&1 | tail -20"), test(Runner::Cargo));
        assert_eq!(check_of("cd api && cargo build && cargo nextest run"), test(Runner::Nextest));
        assert_eq!(check_of("python -m pytest -q tests/"), test(Runner::Pytest));
        assert_eq!(check_of("uv run pytest"), test(Runner::Pytest));
        assert_eq!(check_of("npx vitest run"), test(Runner::Vitest));
        assert_eq!(check_of("npm run test:unit"), test(Runner::PackageScript));
        assert_eq!(check_of("yarn test"), test(Runner::PackageScript));
        assert_eq!(check_of("bun test"), test(Runner::BunTest));
        assert_eq!(check_of("bundle exec rspec spec/models"), test(Runner::Rspec));
        assert_eq!(check_of("vendor/bin/phpunit tests"), test(Runner::Phpunit));
        assert_eq!(check_of("make test"), test(Runner::Other));
        assert_eq!(check_of("npm run build"), Some(CheckKind::Build));
        assert_eq!(check_of("cargo clippy -- -D warnings"), Some(CheckKind::Build));
        assert_eq!(check_of("tsc --noEmit"), Some(CheckKind::Build));
        assert_eq!(check_of("git status && ls"), None);
        assert_eq!(check_of("echo cargo test"), None);
        assert_eq!(check_of("npm install"), None);
    }

    #[test]
    fn colours_are_left_out() {
        assert_eq!(without_escapes("\u{1b}[2m Tests \u{1b}[22m \u{1b}[1m\u{1b}[31m1 failed\u{1b}[39m"), " Tests  1 failed");
    }

    #[test]
    fn a_summary_of_another_runner_is_not_taken_for_this_one() {
        assert_eq!(test_counts(Runner::Cargo, "31 passed in 2.41s"), None);
        assert_eq!(test_counts(Runner::Other, "all good"), None, "result unknown, never a guess");
        assert_eq!(test_counts(Runner::PackageScript, "Tests:       2 failed, 60 passed, 62 total").map(|c| (c.passed, c.failed)), Some((60, 2)));
    }

    #[test]
    fn markers_of_unfinished_work() {
        assert!(writes_todo("fn f() {\n    todo!()\n}"));
        assert!(writes_todo("    pass  # TODO: handle errors"));
        assert!(writes_todo("// FIXME later"));
        assert!(!writes_todo("fn todo_list() {}"));
    }
}
