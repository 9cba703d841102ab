//! The progress line on standard error while files are read: only when standard error is
//! a terminal, only once reading has taken a second, redrawn at most five times a second,
//! and erased when reading ends. Nothing is written otherwise (a pipe or a file gets no
//! progress).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

const FIRST_AFTER: Duration = Duration::from_secs(1);
const EVERY: Duration = Duration::from_millis(200);

pub struct Progress {
    shown: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// A progress line on standard error, when it is a terminal and `quiet` is off.
    pub fn for_stderr(quiet: bool) -> Progress {
        Progress { shown: !quiet && std::io::stderr().is_terminal(), started: Instant::now(), last: None }
    }

    /// `done` of `total` files read, `bytes` of them.
    pub fn update(&mut self, done: usize, total: usize, bytes: u64) {
        if !self.shown || self.started.elapsed() < FIRST_AFTER || self.last.is_some_and(|last| last.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        let mut stderr = std::io::stderr().lock();
        // A failed write to the terminal only loses the progress line.
        let _ = write!(stderr, "\r\x1b[Ksession-lens: read {done} of {total} files ({:.0} MB)", bytes as f64 / 1e6);
        let _ = stderr.flush();
    }

    /// Erases the line, if it was drawn.
    pub fn finish(&mut self) {
        if self.last.take().is_some() {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[K");
            let _ = stderr.flush();
        }
    }
}
