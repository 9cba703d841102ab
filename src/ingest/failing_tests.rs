//! The names of the tests a run's output reports as failing, each runner as it prints
//! them (`tests/test_output/` holds real outputs): what a regression across runs is
//! read from (spec 4.5). Names are taken from lines the runner writes for a failure,
//! never guessed from other text.

use crate::model::Runner;

/// Most names kept from one run (a run failing thousands of tests is one regression).
pub const MAX_FAILING_TESTS: usize = 100;
/// Longest name kept, in bytes.
const MAX_NAME_BYTES: usize = 300;

/// `cargo test`: `test tests::wrong ... FAILED`.
fn cargo(line: &str) -> Option<&str> {
    line.strip_prefix("test ")?.strip_suffix(" ... FAILED")
}

/// nextest: `FAIL [   0.075s] (3/3) rs tests::wrong` (also repeated after the summary).
fn nextest(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("FAIL [")?;
    let (_, after) = rest.split_once("] ")?;
    Some(after.split_once(") ").map_or(after, |(_, name)| name))
}

/// pytest: `FAILED test_calc.py::test_wrong - assert …` and `ERROR test_x.py::test_y`.
fn pytest(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("FAILED ").or_else(|| line.strip_prefix("ERROR "))?;
    let name = rest.split_once(" - ").map_or(rest, |(name, _)| name);
    name.contains("::").then_some(name)
}

/// go test: `--- FAIL: TestWrong (0.00s)`.
fn go_test(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("--- FAIL: ")?;
    Some(rest.rsplit_once(" (").map_or(rest, |(name, _)| name))
}

/// jest: `● wrong` or `● suite › case` (not `● Test suite failed to run`).
fn jest(line: &str) -> Option<&str> {
    let name = line.strip_prefix("● ")?;
    (name != "Test suite failed to run").then_some(name)
}

/// vitest: ` FAIL  calc.test.js > wrong` (a file-level `FAIL file` names no test).
fn vitest(line: &str) -> Option<&str> {
    let name = line.strip_prefix("FAIL ")?.trim_start();
    name.contains(" > ").then_some(name)
}

/// rspec: `rspec ./spec/calc_spec.rb:5 # add wrong`.
fn rspec(line: &str) -> Option<&str> {
    line.strip_prefix("rspec ")?.split_once(" # ").map(|(_, name)| name)
}

/// bun test: `(fail) wrong [0.13ms]`.
fn bun_test(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("(fail) ")?;
    Some(rest.rsplit_once(" [").map_or(rest, |(name, _)| name))
}

/// phpunit: `1) CalcTest::testWrong` under `There was 1 failure:` / `There were 2 errors:`.
fn phpunit(line: &str) -> Option<&str> {
    let (number, name) = line.split_once(") ")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && name.contains("::")).then_some(name)
}

type LineReader = fn(&str) -> Option<&str>;

const READERS: [(Runner, LineReader); 9] = [
    (Runner::Cargo, cargo),
    (Runner::Nextest, nextest),
    (Runner::Pytest, pytest),
    (Runner::GoTest, go_test),
    (Runner::Jest, jest),
    (Runner::Vitest, vitest),
    (Runner::Rspec, rspec),
    (Runner::BunTest, bun_test),
    (Runner::Phpunit, phpunit),
];

/// mocha: under `N failing`, `  1) suite` then `       case:` for each failure.
fn mocha(lines: &[&str]) -> Vec<String> {
    let Some(start) = lines.iter().position(|line| line.split_once(' ').is_some_and(|(n, rest)| rest == "failing" && n.parse::<u32>().is_ok())) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    let mut rest = lines[start + 1..].iter().peekable();
    while let Some(line) = rest.next() {
        let Some((number, suite)) = line.split_once(") ") else { continue };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let case = rest.next_if(|next| next.ends_with(':')).map(|next| next.trim_end_matches(':'));
        names.push(match case {
            Some(case) => format!("{suite} {case}"),
            None => suite.trim_end_matches(':').to_owned(),
        });
    }
    names
}

/// The failing tests a run's output names, in the order printed, each once; none when
/// the runner names none (or its summary is not read).
pub fn failing_tests(runner: Runner, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let readers: Vec<LineReader> = match READERS.iter().find(|(known, _)| *known == runner) {
        Some((_, reader)) => vec![*reader],
        None if runner == Runner::Mocha => Vec::new(),
        None => READERS.iter().map(|(_, reader)| *reader).collect(),
    };
    let mut names: Vec<String> =
        if runner == Runner::Mocha || (readers.len() > 1 && lines.iter().any(|line| line.ends_with(" failing"))) { mocha(&lines) } else { Vec::new() };
    for line in &lines {
        if let Some(name) = readers.iter().find_map(|reader| reader(line)) {
            names.push(name.trim().to_owned());
        }
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| !name.is_empty() && seen.insert(name.clone()));
    for name in &mut names {
        if name.len() > MAX_NAME_BYTES {
            let mut end = MAX_NAME_BYTES;
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            name.truncate(end);
        }
    }
    names.truncate(MAX_FAILING_TESTS);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_only_from_a_runner_s_failure_lines() {
        assert_eq!(failing_tests(Runner::Cargo, "test a::b ... ok\ntest a::c ... FAILED\n"), ["a::c"]);
        assert_eq!(failing_tests(Runner::Pytest, "FAILED because of things\n"), Vec::<String>::new(), "no test id");
        assert_eq!(failing_tests(Runner::Jest, "  ● Test suite failed to run\n"), Vec::<String>::new());
        let many: String = (0..500).map(|n| format!("--- FAIL: Test{n} (0.00s)\n")).collect();
        assert_eq!(failing_tests(Runner::GoTest, &many).len(), MAX_FAILING_TESTS);
        assert_eq!(failing_tests(Runner::PackageScript, "FAILED t.py::x - boom\nFAILED t.py::x - boom\n"), ["t.py::x"], "each once");
    }
}
