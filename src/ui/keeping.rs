//! Kept history on the page (spec section 6, "Keep"): opening the store and reading what
//! it keeps (a damaged store is cleared, with a notice), keeping a drop's parts after it
//! is shown, forgetting, and what the kept panel says. Without IndexedDB everything works
//! unkept, with a note.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::file_parts::ReadPart;
use super::kept_db::{storage_estimate, KeepError, KeptDb, KeptSettings, StoredPart};
use super::state::AppState;
use crate::keep::history::{parts_to_keep, ReadFile};
use crate::keep::overview::only_kept_conversations;
use crate::keep::{DropPlan, KeptFile, SourceFile};

/// What the kept panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeepStatus {
    /// Why this tab keeps nothing (`None`: it keeps).
    pub unavailable: Option<String>,
    /// What is kept (as last read or written).
    pub files: Arc<Vec<KeptFile>>,
    /// Said once: a store cleared, a drop not kept.
    pub notices: Vec<String>,
    /// The last drop against what was kept.
    pub last_drop: Option<DropOutcome>,
    /// Bytes the page's origin uses and its quota, as the browser estimates them.
    pub storage: Option<(f64, f64)>,
    /// A drop's parts are being written.
    pub writing: bool,
}

impl KeepStatus {
    /// Whether the panel has nothing to say (keeping works, nothing is kept yet).
    pub fn is_blank(&self) -> bool {
        self.unavailable.is_none() && self.files.is_empty() && self.notices.is_empty() && self.last_drop.is_none()
    }

    /// `data-keep-state`: `off` (nothing kept in this tab), `writing`, or `kept`.
    pub fn data_state(&self) -> &'static str {
        match (&self.unavailable, self.writing) {
            (Some(_), _) => "off",
            (None, true) => "writing",
            (None, false) => "kept",
        }
    }
}

/// What a drop did against what was kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DropOutcome {
    pub read_files: usize,
    pub unchanged_files: usize,
    pub only_kept_files: usize,
    /// Conversations only kept files hold.
    pub only_kept_keys: Arc<HashSet<String>>,
}

/// The open store and everything it keeps (none when this tab keeps nothing).
#[derive(Default)]
pub struct Kept {
    db: Option<KeptDb>,
    pub parts: Vec<StoredPart>,
}

impl Kept {
    pub fn sources(&self) -> Vec<SourceFile> {
        self.parts.iter().map(|part| part.file.source.clone()).collect()
    }

    fn files(&self) -> Vec<KeptFile> {
        self.parts.iter().map(|part| part.file.clone()).collect()
    }
}

/// Opens the store and reads every kept part (each is checked against its fingerprint
/// when it is merged: see [`cleared`]) and what they are shown with (the person labels,
/// into the page's state). A store that cannot be read is cleared (the user is told);
/// without a store the tab keeps nothing and says why.
pub async fn open_kept(state: AppState) -> Kept {
    let opened = match KeptDb::open().await {
        Ok(opened) => opened,
        Err(error) => {
            state.keep.update(|status| status.unavailable = Some(format!("Nothing is kept in this tab: {error}.")));
            return Kept::default();
        }
    };
    let db = opened.db;
    state.keep.update(|status| {
        status.unavailable = None;
        status.notices.extend(opened.notice);
    });
    let settings = match db.settings().await {
        Ok(settings) => settings,
        Err(error) => return cleared(state, Kept { db: Some(db), parts: Vec::new() }, &error.to_string()).await,
    };
    state.labels.set(settings.labels);
    if let Some(person) = settings.person {
        state.person_label.set(person);
    }
    match db.parts().await {
        Ok(parts) => {
            let kept = Kept { db: Some(db), parts };
            let files = Arc::new(kept.files());
            state.keep.update(|status| status.files = files);
            kept
        }
        Err(error) => cleared(state, Kept { db: Some(db), parts: Vec::new() }, &error.to_string()).await,
    }
}

/// Clears a store found damaged (`why`), tells the user, and gives what is kept now:
/// nothing.
pub async fn cleared(state: AppState, kept: Kept, why: &str) -> Kept {
    let Some(db) = kept.db else { return Kept::default() };
    let outcome = match db.clear().await {
        Ok(()) => String::from("it was cleared"),
        Err(error) => format!("clearing it failed too: {error}"),
    };
    state.keep.update(|status| {
        status.notices.push(format!("Kept data could not be read ({why}); {outcome}. Drop your folders again to keep them."));
        status.files = Arc::default();
    });
    state.labels.set(Default::default());
    Kept { db: Some(db), parts: Vec::new() }
}

/// What the kept panel says about a drop, before its parts are written (from now until
/// they are, the panel says it is writing).
pub fn record_drop<'a>(state: AppState, kept: &Kept, dropped: impl Iterator<Item = &'a str>, plan: &DropPlan) {
    let dropped: HashSet<&str> = dropped.collect();
    // The kept files as `open_kept` listed them in the status.
    let only_kept_keys = state.keep.with_untracked(|status| only_kept_conversations(&status.files, &dropped));
    let outcome =
        DropOutcome { read_files: plan.read.len(), unchanged_files: plan.unchanged, only_kept_files: plan.only_kept, only_kept_keys: Arc::new(only_kept_keys) };
    let writes = kept.db.is_some();
    state.keep.update(|status| {
        status.last_drop = Some(outcome);
        status.writing = writes;
    });
}

/// Keeps the parts a drop read (in one transaction: all or none), then says what is kept.
pub async fn keep_read(state: AppState, kept: Kept, read: Vec<ReadPart>) {
    let Some(db) = kept.db else { return };
    let read: Vec<ReadFile<&js_sys::Uint8Array>> = read.iter().map(ReadPart::as_read_file).collect();
    let written: Vec<&ReadFile<&js_sys::Uint8Array>> = parts_to_keep(&read).collect();
    if !written.is_empty() {
        if let Err(error) = db.write(written.iter().map(|part| (part.file, part.bytes))).await {
            let why = match error {
                KeepError::Quota => String::from("the browser's storage for this page is full"),
                other => other.to_string(),
            };
            state.keep.update(|status| status.notices.push(format!("This drop was not kept ({why}); it is shown, and what was kept before stays as it was.")));
        }
    }
    refresh(state, &db).await;
}

/// Keeps what the kept data is shown with (the person labels as renamed, and the label
/// new drops get), as the page's state has them now. Without a store, nothing.
pub async fn keep_settings(state: AppState) {
    // A tab without a store already says why it keeps nothing (`open_kept`).
    let Ok(opened) = KeptDb::open().await else { return };
    let settings = KeptSettings { labels: state.labels.get_untracked(), person: Some(state.person_label.get_untracked()) };
    if let Err(error) = opened.db.write_settings(&settings).await {
        state.keep.update(|status| status.notices.push(format!("The new name was not kept ({error}); it is shown in this tab.")));
    }
}

/// Forgets everything kept, or one source's files.
pub async fn forget(state: AppState, paths: Option<Vec<String>>) -> Result<(), String> {
    let opened = KeptDb::open().await.map_err(|error| error.to_string())?;
    let outcome = match &paths {
        Some(paths) => opened.db.forget(paths).await,
        None => opened.db.clear().await,
    };
    outcome.map_err(|error| format!("Forgetting failed: {error}"))?;
    if paths.is_none() {
        state.labels.set(Default::default());
    }
    state.keep.update(|status| status.last_drop = None);
    refresh(state, &opened.db).await;
    Ok(())
}

/// Reads what is kept (without the parts) and the storage estimate into the status.
async fn refresh(state: AppState, db: &KeptDb) {
    let files = db.files().await;
    let storage = storage_estimate().await;
    state.keep.update(|status| {
        match files {
            Ok(files) => status.files = Arc::new(files),
            Err(error) => status.notices.push(format!("What is kept could not be listed: {error}.")),
        }
        status.storage = storage;
        status.writing = false;
    });
}
