//! Kept history in the browser's IndexedDB, through web-sys directly: the page needs a
//! handful of operations (open with an upgrade, read everything in one transaction,
//! write a drop's parts in one transaction, delete, clear), and doing them by hand keeps
//! control of what matters here: every write is one transaction, so a quota error or a
//! closed tab leaves nothing half-written, and two tabs only ever see whole drops.
//!
//! Two object stores keyed by the file's path: `files` (each [`KeptFile`] as JSON) and
//! `parts` (each file's encoded parts, a `Uint8Array`), always written together; and
//! `settings`, what the user set that the kept data is shown with (the person labels
//! as renamed, and the label new drops get). The database's version carries the parts'
//! encoding (`transport::wire`): a store of an encoding this build still reads is kept
//! as it is (its parts decode in the encoding they were written in); one from any other
//! version is cleared on opening, with a notice.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode, IdbVersionChangeEvent};

use super::browser::describe;
use crate::model::PersonLabels;
use crate::transport::wire::{OLDEST_READ_VERSION, WIRE_VERSION};
use crate::transport::KeptFile;

const DB_NAME: &str = "session-lens-keep";
/// This store's layout; with the parts' encoding it makes the database's version.
const LAYOUT_VERSION: u32 = 2;
const DB_VERSION: u32 = LAYOUT_VERSION * 256 + WIRE_VERSION as u32;
const FILES: &str = "files";

/// Whether a store of version `old` (as IndexedDB gives it) holds what this build reads:
/// the same layout, parts of an encoding `wire` still decodes.
fn is_readable(old: f64) -> bool {
    let old = old as u32;
    old / 256 == LAYOUT_VERSION && (OLDEST_READ_VERSION..=WIRE_VERSION).contains(&((old % 256) as u8))
}
const PARTS: &str = "parts";
const SETTINGS: &str = "settings";
/// The one record of `settings`.
const SETTINGS_KEY: &str = "shown-as";

/// What the kept data is shown with.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptSettings {
    pub labels: PersonLabels,
    /// The person field: the label new drops get.
    pub person: Option<String>,
}

/// Why keeping failed.
#[derive(Debug, Clone, PartialEq)]
pub enum KeepError {
    /// The browser's storage is full (or the origin's quota reached): nothing was written.
    Quota,
    /// What is stored cannot be read as kept parts.
    Damaged(String),
    /// Any other failure, as the browser names it.
    Browser(String),
}

impl std::fmt::Display for KeepError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            KeepError::Quota => formatter.write_str("the browser's storage for this page is full"),
            KeepError::Damaged(reason) => write!(formatter, "the kept data is damaged ({reason})"),
            KeepError::Browser(reason) => formatter.write_str(reason),
        }
    }
}

fn browser_error(error: JsValue) -> KeepError {
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name")).ok().and_then(|name| name.as_string()).unwrap_or_default();
    if name == "QuotaExceededError" {
        KeepError::Quota
    } else {
        KeepError::Browser(describe(error))
    }
}

/// An open store (closed when dropped, once its transactions are done).
pub struct KeptDb {
    db: IdbDatabase,
}

impl Drop for KeptDb {
    fn drop(&mut self) {
        self.db.close();
    }
}

/// A kept file with its part's bytes.
pub struct StoredPart {
    pub file: KeptFile,
    pub bytes: Uint8Array,
}

/// What opening found besides the store: a notice for the user (a store of another
/// version cleared).
pub struct Opened {
    pub db: KeptDb,
    pub notice: Option<String>,
}

impl KeptDb {
    /// Opens (or makes) the store. `Err` when this browser keeps nothing (no IndexedDB:
    /// a private window, storage turned off) or the store is of a newer version.
    pub async fn open() -> Result<Opened, KeepError> {
        let factory = web_sys::window()
            .and_then(|window| window.indexed_db().ok().flatten())
            .ok_or_else(|| KeepError::Browser(String::from("this browser gives the page no IndexedDB (a private window, or storage turned off)")))?;
        let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(browser_error)?;
        let cleared = Rc::new(RefCell::new(None::<f64>));
        let cleared_by_upgrade = cleared.clone();
        let on_upgrade = Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |event: IdbVersionChangeEvent| {
            let Some(request) = event.target().and_then(|target| target.dyn_into::<IdbOpenDbRequest>().ok()) else { return };
            let Some(db) = request.result().ok().and_then(|db| db.dyn_into::<IdbDatabase>().ok()) else { return };
            if is_readable(event.old_version()) {
                return;
            }
            // Another version's parts cannot be read: the stores start again.
            let names = db.object_store_names();
            for index in 0..names.length() {
                if let Some(name) = names.item(index) {
                    let _ = db.delete_object_store(&name);
                }
            }
            for name in [FILES, PARTS, SETTINGS] {
                let _ = db.create_object_store(name);
            }
            if event.old_version() > 0.0 {
                *cleared_by_upgrade.borrow_mut() = Some(event.old_version());
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let outcome = settled(&request).await;
        request.set_onupgradeneeded(None);
        let db: IdbDatabase = outcome
            .map_err(|error| match browser_error(error) {
                KeepError::Browser(reason) if reason.contains("VersionError") || reason.contains("version") => {
                    KeepError::Browser(format!("the kept data was written by a newer version of Session Lens ({reason})"))
                }
                other => other,
            })?
            .dyn_into()
            .map_err(|_| KeepError::Browser(String::from("the browser opened no database")))?;
        // A newer page in another tab asks for the store: this one lets go.
        let closing = db.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || closing.close());
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        on_version_change.forget();
        let notice = cleared.borrow().map(|old| {
            format!(
                "Kept data from another version of Session Lens (store version {old}) could not be read and was cleared: drop your folders again to keep them."
            )
        });
        Ok(Opened { db: KeptDb { db }, notice })
    }

    fn transaction(&self, mode: IdbTransactionMode) -> Result<IdbTransaction, KeepError> {
        let names = Array::of3(&JsValue::from_str(FILES), &JsValue::from_str(PARTS), &JsValue::from_str(SETTINGS));
        self.db.transaction_with_str_sequence_and_mode(&names, mode).map_err(browser_error)
    }

    /// What the kept data is shown with (the defaults when nothing was set).
    pub async fn settings(&self) -> Result<KeptSettings, KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readonly)?;
        let request = transaction.object_store(SETTINGS).and_then(|store| store.get(&JsValue::from_str(SETTINGS_KEY))).map_err(browser_error)?;
        let value = settled(&request).await.map_err(browser_error)?;
        match value.as_string() {
            Some(text) => serde_json::from_str(&text).map_err(|error| KeepError::Damaged(format!("the kept settings cannot be read: {error}"))),
            None => Ok(KeptSettings::default()),
        }
    }

    /// Keeps what the kept data is shown with.
    pub async fn write_settings(&self, settings: &KeptSettings) -> Result<(), KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readwrite)?;
        let json = serde_json::to_string(settings).map_err(|error| KeepError::Browser(error.to_string()))?;
        let store = transaction.object_store(SETTINGS).map_err(browser_error)?;
        store.put_with_key(&JsValue::from_str(&json), &JsValue::from_str(SETTINGS_KEY)).map_err(browser_error)?;
        completed(&transaction).await
    }

    /// What is kept, without the parts.
    pub async fn files(&self) -> Result<Vec<KeptFile>, KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readonly)?;
        let files = transaction.object_store(FILES).map_err(browser_error)?.get_all().map_err(browser_error)?;
        let values = settled(&files).await.map_err(browser_error)?;
        values.unchecked_into::<Array>().iter().map(|value| parse_file(&value)).collect()
    }

    /// Everything kept, with the parts (read in one transaction: another tab's write is
    /// seen whole or not at all).
    pub async fn parts(&self) -> Result<Vec<StoredPart>, KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readonly)?;
        let store = |name: &str| transaction.object_store(name).map_err(browser_error);
        let (files, parts, part_keys) = (store(FILES)?.get_all(), store(PARTS)?.get_all(), store(PARTS)?.get_all_keys());
        let (files, parts, part_keys) = (files.map_err(browser_error)?, parts.map_err(browser_error)?, part_keys.map_err(browser_error)?);
        let files: Array = settled(&files).await.map_err(browser_error)?.unchecked_into();
        let parts: Array = settled(&parts).await.map_err(browser_error)?.unchecked_into();
        let part_keys: Array = settled(&part_keys).await.map_err(browser_error)?.unchecked_into();
        if files.length() != parts.length() {
            return Err(KeepError::Damaged(format!("{} files kept but {} parts", files.length(), parts.length())));
        }
        // Both stores list their records by key, so the two lists line up.
        let mut stored = Vec::with_capacity(files.length() as usize);
        for ((file, bytes), key) in files.iter().zip(parts.iter()).zip(part_keys.iter()) {
            let file = parse_file(&file)?;
            if key.as_string().as_deref() != Some(file.source.path.as_str()) {
                return Err(KeepError::Damaged(format!("no part kept for {}", file.source.path)));
            }
            let bytes = bytes.dyn_into::<Uint8Array>().map_err(|_| KeepError::Damaged(format!("the part of {} is not bytes", file.source.path)))?;
            stored.push(StoredPart { file, bytes });
        }
        Ok(stored)
    }

    /// Keeps parts (in place of any kept under the same paths), all or none.
    pub async fn write<'a>(&self, parts: impl IntoIterator<Item = (&'a KeptFile, &'a Uint8Array)>) -> Result<(), KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readwrite)?;
        let files = transaction.object_store(FILES).map_err(browser_error)?;
        let bytes = transaction.object_store(PARTS).map_err(browser_error)?;
        for (file, part) in parts {
            let json = serde_json::to_string(file).map_err(|error| KeepError::Browser(error.to_string()))?;
            let key = JsValue::from_str(&file.source.path);
            let written = files.put_with_key(&JsValue::from_str(&json), &key).and_then(|_| bytes.put_with_key(part, &key));
            if let Err(error) = written {
                let _ = transaction.abort();
                return Err(browser_error(error));
            }
        }
        completed(&transaction).await
    }

    /// Forgets the files under these paths.
    pub async fn forget(&self, paths: &[String]) -> Result<(), KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readwrite)?;
        for name in [FILES, PARTS] {
            let store = transaction.object_store(name).map_err(browser_error)?;
            for path in paths {
                store.delete(&JsValue::from_str(path)).map_err(browser_error)?;
            }
        }
        completed(&transaction).await
    }

    /// Forgets everything (the settings too).
    pub async fn clear(&self) -> Result<(), KeepError> {
        let transaction = self.transaction(IdbTransactionMode::Readwrite)?;
        for name in [FILES, PARTS, SETTINGS] {
            transaction.object_store(name).and_then(|store| store.clear()).map_err(browser_error)?;
        }
        completed(&transaction).await
    }
}

fn parse_file(value: &JsValue) -> Result<KeptFile, KeepError> {
    let text = value.as_string().ok_or_else(|| KeepError::Damaged(String::from("a kept file's description is not text")))?;
    serde_json::from_str(&text).map_err(|error| KeepError::Damaged(format!("a kept file's description cannot be read: {error}")))
}

/// Bytes used by the page's origin and the browser's quota for it, if it says.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// Waits for the first of two handlers to be called: `true` for the first.
async fn first_of(set: impl Fn(Option<&js_sys::Function>, Option<&js_sys::Function>)) -> bool {
    let (sender, receiver) = oneshot::channel::<bool>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let on = |outcome: bool| {
        let sender = sender.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(outcome);
            }
        })
    };
    let (yes, no) = (on(true), on(false));
    set(Some(yes.as_ref().unchecked_ref()), Some(no.as_ref().unchecked_ref()));
    let outcome = receiver.await.unwrap_or(false);
    set(None, None);
    outcome
}

/// Waits for a request's success (its result) or error.
async fn settled(request: &IdbRequest) -> Result<JsValue, JsValue> {
    if first_of(|success, error| {
        request.set_onsuccess(success);
        request.set_onerror(error);
    })
    .await
    {
        request.result()
    } else {
        Err(request.error().ok().flatten().map_or_else(|| JsValue::from_str("the request failed"), JsValue::from))
    }
}

/// Waits for a transaction to commit; its error (a quota error among them) if it aborts.
async fn completed(transaction: &IdbTransaction) -> Result<(), KeepError> {
    let committed = first_of(|complete, abort| {
        transaction.set_oncomplete(complete);
        transaction.set_onabort(abort);
    })
    .await;
    if committed {
        return Ok(());
    }
    Err(transaction.error().map_or_else(|| KeepError::Browser(String::from("the browser abandoned the write")), |error| browser_error(error.into())))
}
