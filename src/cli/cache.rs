//! The command line's kept parts: each file's parts, encoded as the page keeps them
//! (`transport::encode_file`), in a folder of the platform's cache
//! (`$XDG_CACHE_HOME/session-lens`, else `~/.cache/session-lens`; `--cache-dir DIR`
//! chooses another, `--no-cache` reads every file afresh). A second run over unchanged
//! files (the same path, size and time) decodes their parts instead of reading them: the
//! same parts and the same merge as a fresh read, so the same output.
//!
//! An entry is one file: a header line (JSON: the layout, the parts' encoding, the source
//! file, the person, the parts' fingerprint) and the encoded parts. Entries live in a
//! folder named by the layout, the parts' encoding and this build of the program (its
//! executable's size and time): a new build, which may read a file differently, starts a
//! new cache and removes the old one. An entry that does not decode or whose bytes no
//! longer match their fingerprint is never used: the file is read again, the entry
//! rewritten, and a note says so on standard error.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::model::{stable_hash, Dataset};
use crate::transport::wire::{self, WIRE_VERSION};
use crate::transport::{encode_file, fingerprint, SourceFile};

/// This layout's version (with `WIRE_VERSION`, the folder's name).
const LAYOUT_VERSION: u32 = 1;
const FORMAT: &str = "session-lens-cache";

/// An entry's first line.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Header {
    format: String,
    layout: u32,
    wire: u8,
    source: SourceFile,
    person: String,
    part_bytes: u64,
    fingerprint: String,
}

/// The cache folder of this version, and the notes its entries gave.
#[derive(Debug)]
pub struct PartCache {
    dir: PathBuf,
    notes: Mutex<Vec<String>>,
}

impl PartCache {
    /// The platform's cache folder for us, if a home is known.
    pub fn default_dir() -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty()).map(PathBuf::from);
        var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|home| home.join(".cache"))).map(|cache| cache.join("session-lens"))
    }

    /// The cache under `root` (created if missing). Folders other builds left there and
    /// untouched for a day are removed, with a note (a build still in use keeps its own).
    pub fn open(root: &Path) -> Result<PartCache, std::io::Error> {
        let name = format!("parts-{LAYOUT_VERSION}-{WIRE_VERSION}-{}", build_id());
        let dir = root.join(&name);
        std::fs::create_dir_all(&dir)?;
        let mut notes = Vec::new();
        for entry in std::fs::read_dir(root)?.flatten() {
            let other = entry.file_name().to_string_lossy().into_owned();
            let untouched_for_a_day = entry
                .metadata()
                .and_then(|metadata| metadata.modified())
                .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(86_400)));
            if other.starts_with("parts-") && other != name && entry.path().is_dir() && untouched_for_a_day {
                match std::fs::remove_dir_all(entry.path()) {
                    Ok(()) => notes.push(format!("removed the cache another build left ({})", entry.path().display())),
                    Err(error) => notes.push(format!("could not remove the cache another build left ({}): {error}", entry.path().display())),
                }
            }
        }
        Ok(PartCache { dir, notes: Mutex::new(notes) })
    }

    /// The notes so far (damaged or old entries, failed writes), emptied.
    pub fn take_notes(&self) -> Vec<String> {
        self.notes.lock().map(|mut notes| std::mem::take(&mut *notes)).unwrap_or_default()
    }

    fn note(&self, note: String) {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(note);
        }
    }

    /// Where the entry of a file (`real`: where it is; `source.path`: as the parts name it)
    /// read as `person` lies.
    fn entry(&self, real: &Path, source: &SourceFile, person: &str) -> PathBuf {
        let real = real.to_string_lossy();
        let key = stable_hash(&[real.as_bytes(), b"\x1f", source.path.as_bytes(), b"\x1f", person.as_bytes()]);
        self.dir.join(format!("{key:016x}.part"))
    }

    /// The kept parts of a file unchanged since they were kept, decoded; none when there
    /// is no entry, the file changed, or the entry cannot be trusted (with a note).
    pub fn load(&self, real: &Path, source: &SourceFile, person: &str) -> Option<Vec<Dataset>> {
        let entry = self.entry(real, source, person);
        let bytes = std::fs::read(&entry).ok()?;
        match trusted_parts(&bytes, source, person) {
            Ok(Some(parts)) => Some(parts),
            Ok(None) => None,
            Err(reason) => {
                self.note(format!("the cache entry of {} {reason}: the file is read again", source.path));
                None
            }
        }
    }

    /// Keeps a file's parts (a failed write is noted, and only costs the next run a read).
    pub fn store(&self, real: &Path, source: &SourceFile, person: &str, parts: &[Dataset]) {
        let entry = self.entry(real, source, person);
        if let Err(reason) = write_entry(&entry, source, person, parts) {
            self.note(format!("could not keep the parts of {} in the cache ({}): {reason}", source.path, entry.display()));
        }
    }
}

/// This build of the program: its executable's size and time (a new build reads files
/// with new code, so it must not take the old one's parts).
fn build_id() -> String {
    let executable = std::env::current_exe().and_then(std::fs::metadata);
    let (size_bytes, modified_ns) = executable.map_or((0, 0), |metadata| {
        let modified_ns = metadata.modified().ok().and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |since| since.as_nanos());
        (metadata.len(), modified_ns)
    });
    format!("{:016x}", stable_hash(&[&size_bytes.to_le_bytes(), &modified_ns.to_le_bytes(), env!("CARGO_PKG_VERSION").as_bytes()]))
}

/// An entry's parts: `Ok(None)` when it is of another file state (changed since), an
/// error naming why it cannot be trusted.
fn trusted_parts(bytes: &[u8], source: &SourceFile, person: &str) -> Result<Option<Vec<Dataset>>, String> {
    let newline = bytes.iter().position(|byte| *byte == b'\n').ok_or("has no header")?;
    let header: Header = serde_json::from_slice(&bytes[..newline]).map_err(|_| String::from("has a header that does not read"))?;
    if header.format != FORMAT || header.layout != LAYOUT_VERSION || header.wire != WIRE_VERSION {
        return Err(String::from("was written by another version"));
    }
    if header.source != *source || header.person != person {
        return Ok(None);
    }
    let part = &bytes[newline + 1..];
    if part.len() as u64 != header.part_bytes || fingerprint(part) != header.fingerprint {
        return Err(String::from("is damaged"));
    }
    wire::decode::<Vec<Dataset>>(part).map(Some).map_err(|error| format!("does not decode ({error})"))
}

fn write_entry(entry: &Path, source: &SourceFile, person: &str, parts: &[Dataset]) -> Result<(), String> {
    let (kept, bytes) = encode_file(source.clone(), person, parts).map_err(|error| error.to_string())?;
    let header = Header {
        format: FORMAT.to_owned(),
        layout: LAYOUT_VERSION,
        wire: WIRE_VERSION,
        source: source.clone(),
        person: person.to_owned(),
        part_bytes: kept.part_bytes,
        fingerprint: kept.fingerprint,
    };
    let mut text = serde_json::to_vec(&header).map_err(|error| error.to_string())?;
    text.push(b'\n');
    text.extend_from_slice(&bytes);
    // Written beside, then renamed: a run that stops half-way leaves no half entry.
    let temporary = entry.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temporary, &text).map_err(|error| error.to_string())?;
    std::fs::rename(&temporary, entry).map_err(|error| error.to_string())
}
