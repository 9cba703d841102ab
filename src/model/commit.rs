//! Commits from a dropped `git log` (spec section 4.1): what refines a session's outcome
//! to *shipped* when its work was committed outside the agent.

/// One commit: its repository (the top-level folder `git rev-parse --show-toplevel` named),
/// when it was committed, a stable key of its hash, and its lines.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commit {
    pub repository: String,
    pub timestamp_ms: i64,
    /// `keys::stable_hash` of the commit hash: the same commit in two logs is one.
    pub key: u64,
    pub added: u32,
    pub removed: u32,
}
