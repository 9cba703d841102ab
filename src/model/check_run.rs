//! Build and test commands the agent ran, with what their output said: the facts the
//! quality signals and rules read (spec section 4.3). Recognised and parsed where the
//! transcript is read (`ingest::checks`), so an export carries the facts, not the output.

/// The test runner whose summary a run's output was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Runner {
    Cargo,
    Nextest,
    Pytest,
    GoTest,
    Jest,
    Vitest,
    Mocha,
    BunTest,
    /// `npm test`, `pnpm test`, `yarn test`, `npm run test…`: whatever the script runs.
    PackageScript,
    Rspec,
    Phpunit,
    /// A test command of a runner whose summary is not read (`make test`, `tox`, `ctest`).
    Other,
}

impl Runner {
    pub const ALL: [Runner; 12] = [
        Runner::Cargo,
        Runner::Nextest,
        Runner::Pytest,
        Runner::GoTest,
        Runner::Jest,
        Runner::Vitest,
        Runner::Mocha,
        Runner::BunTest,
        Runner::PackageScript,
        Runner::Rspec,
        Runner::Phpunit,
        Runner::Other,
    ];

    /// The name exports write and the page shows.
    pub fn code(self) -> &'static str {
        match self {
            Runner::Cargo => "cargo-test",
            Runner::Nextest => "nextest",
            Runner::Pytest => "pytest",
            Runner::GoTest => "go-test",
            Runner::Jest => "jest",
            Runner::Vitest => "vitest",
            Runner::Mocha => "mocha",
            Runner::BunTest => "bun-test",
            Runner::PackageScript => "package-script",
            Runner::Rspec => "rspec",
            Runner::Phpunit => "phpunit",
            Runner::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Runner> {
        Runner::ALL.into_iter().find(|runner| runner.code() == code)
    }
}

/// What a check was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CheckKind {
    /// A build, type check or lint (`cargo build`, `tsc`, `npm run build`, `make`).
    Build,
    Test(Runner),
}

/// Tests a run's summary counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TestCounts {
    pub passed: u32,
    pub failed: u32,
    pub skipped: u32,
}

impl TestCounts {
    pub fn add(&mut self, other: TestCounts) {
        self.passed = self.passed.saturating_add(other.passed);
        self.failed = self.failed.saturating_add(other.failed);
        self.skipped = self.skipped.saturating_add(other.skipped);
    }
}

/// One build or test command and, for a test run whose summary was read, its counts
/// (`None`: "test command, result unknown", never a guess) and the failing tests its
/// output names (`ingest::failing_tests`; empty when it names none).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckRun {
    pub kind: CheckKind,
    pub counts: Option<TestCounts>,
    pub failing_tests: Vec<String>,
}
