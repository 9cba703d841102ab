//! The test-summary parsers on what each runner really printed (`tests/test_output/`,
//! see its README): sample suites of three tests and one skipped, one of the three
//! failing in the `-fail` runs. The expected counts follow from the suites, not from
//! the parsers.
#![cfg(not(target_arch = "wasm32"))]

use session_lens::ingest::checks::{check_of, test_counts, test_result};
use session_lens::model::{CheckKind, Runner, TestCounts};

fn output(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/test_output").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn counts(passed: u32, failed: u32, skipped: u32) -> Option<TestCounts> {
    Some(TestCounts { passed, failed, skipped })
}

/// (file, the command that printed it, passed, failed, skipped)
const CASES: [(&str, &str, u32, u32, u32); 22] = [
    ("cargo-fail.txt", "cargo test", 2, 1, 1),
    ("cargo-pass.txt", "cargo test", 3, 0, 1),
    ("nextest-fail.txt", "cargo nextest run", 2, 1, 1),
    ("nextest-pass.txt", "cargo nextest run", 3, 0, 1),
    ("pytest-fail.txt", "pytest", 2, 1, 1),
    ("pytest-pass.txt", "pytest", 3, 0, 1),
    ("pytest-q-fail.txt", "python -m pytest -q", 2, 1, 1),
    ("pytest-q-pass.txt", "python -m pytest -q", 3, 0, 1),
    // With -v, tests are counted (a second package adds one passing test)…
    ("go-v-fail.txt", "go test -v ./...", 3, 1, 1),
    ("go-v-pass.txt", "go test -v ./...", 4, 0, 1),
    // …without, only packages are named, so packages are counted.
    ("go-fail.txt", "go test ./...", 1, 1, 0),
    ("go-pass.txt", "go test ./...", 2, 0, 0),
    ("jest-fail.txt", "npx jest", 2, 1, 1),
    ("jest-pass.txt", "jest", 3, 0, 1),
    ("npm-test-fail.txt", "npm test", 2, 1, 1),
    ("pnpm-test-fail.txt", "pnpm test", 2, 1, 1),
    ("yarn-test-fail.txt", "yarn test", 2, 1, 1),
    ("vitest-fail.txt", "npx vitest run", 2, 1, 1),
    ("mocha-fail.txt", "mocha", 2, 1, 1),
    ("bun-test-fail.txt", "bun test", 2, 1, 1),
    ("rspec-fail.txt", "bundle exec rspec", 2, 1, 1),
    ("phpunit-fail.txt", "phpunit tests", 2, 1, 1),
];

#[test]
fn every_runner_s_summary_is_read_from_its_real_output() {
    for (file, command, passed, failed, skipped) in CASES {
        let Some(CheckKind::Test(runner)) = check_of(command) else { panic!("{command} is a test command") };
        assert_eq!(test_counts(runner, &output(file)), counts(passed, failed, skipped), "{file} ({command})");
    }
}

#[test]
fn passing_runs_of_the_other_runners() {
    for (file, runner, passed, skipped) in [
        ("npm-test-pass.txt", Runner::PackageScript, 3, 1),
        ("vitest-pass.txt", Runner::Vitest, 3, 1),
        ("mocha-pass.txt", Runner::Mocha, 3, 1),
        ("bun-test-pass.txt", Runner::BunTest, 3, 1),
        ("rspec-pass.txt", Runner::Rspec, 3, 1),
        ("phpunit-pass.txt", Runner::Phpunit, 3, 1),
        ("phpunit-ok.txt", Runner::Phpunit, 1, 0),
    ] {
        assert_eq!(test_counts(runner, &output(file)), counts(passed, 0, skipped), "{file}");
    }
}

#[test]
fn a_runner_whose_summary_is_not_read_gives_no_guess() {
    // `make test` running a suite whose summary this program does not read.
    assert_eq!(test_counts(Runner::Other, "Ran the suite.\nAll good.\n"), None);
    // A package script is read by whichever runner's summary it printed.
    assert_eq!(test_counts(Runner::PackageScript, &output("mocha-fail.txt")), counts(2, 1, 1));
}

/// The one failing test of each sample suite (`wrong`, as each runner names it), read from
/// the lines the runner prints for a failure; passing runs name none.
#[test]
fn every_runner_names_the_failing_test_as_it_prints_it() {
    let expected = [
        ("cargo-fail.txt", "cargo test", "tests::wrong"),
        ("nextest-fail.txt", "cargo nextest run", "rs tests::wrong"),
        ("pytest-fail.txt", "pytest", "test_calc.py::test_wrong"),
        ("pytest-q-fail.txt", "python -m pytest -q", "test_calc.py::test_wrong"),
        ("go-v-fail.txt", "go test -v ./...", "TestWrong"),
        ("go-fail.txt", "go test ./...", "TestWrong"),
        ("jest-fail.txt", "npx jest", "wrong"),
        ("npm-test-fail.txt", "npm test", "wrong"),
        ("pnpm-test-fail.txt", "pnpm test", "wrong"),
        ("yarn-test-fail.txt", "yarn test", "wrong"),
        ("vitest-fail.txt", "npx vitest run", "calc.test.js > wrong"),
        ("mocha-fail.txt", "mocha", "add wrong"),
        ("bun-test-fail.txt", "bun test", "wrong"),
        ("rspec-fail.txt", "bundle exec rspec", "add wrong"),
        ("phpunit-fail.txt", "phpunit tests", "CalcTest::testWrong"),
    ];
    for (file, command, name) in expected {
        let Some(CheckKind::Test(runner)) = check_of(command) else { panic!("{command} is a test command") };
        let (_, failing) = test_result(runner, &output(file));
        assert_eq!(failing, [name], "{file} ({command})");
    }
    for file in ["cargo-pass.txt", "pytest-pass.txt", "go-v-pass.txt", "jest-pass.txt", "vitest-pass.txt", "mocha-pass.txt", "rspec-pass.txt"] {
        assert_eq!(test_result(Runner::PackageScript, &output(file)).1, Vec::<String>::new(), "{file}");
    }
}
