//! The walk of a dropped folder, whatever the browser hands it as (entries or
//! file-system handles): directories a level at a time, several listed at once, then
//! every file's `File` asked for many at once (`AT_ONCE`). Each is a round trip to the
//! browser's file thread, so one after another they took about a second per thousand
//! files of a large folder.

use std::future::Future;

use futures::stream::{self, StreamExt};
use web_sys::File;

/// Most directory listings or file requests waiting on the browser at once.
const AT_ONCE: usize = 256;

/// Directories and files found while walking, not yet listed or opened.
pub struct Found<D, F> {
    pub directories: Vec<D>,
    pub files: Vec<F>,
}

impl<D, F> Default for Found<D, F> {
    fn default() -> Self {
        Found { directories: Vec::new(), files: Vec::new() }
    }
}

/// Every file under what was found: `list` gives a directory's children, `add` sorts
/// one into `found`, `open` gives a file with its path.
pub async fn walk<D, F, C, Listed, Opened>(
    mut found: Found<D, F>,
    list: impl Fn(D) -> Listed,
    add: impl Fn(&mut Found<D, F>, C),
    open: impl Fn(F) -> Opened,
) -> Result<Vec<(String, File)>, String>
where
    Listed: Future<Output = Result<Vec<C>, String>>,
    Opened: Future<Output = Result<(String, File), String>>,
{
    while !found.directories.is_empty() {
        let level = std::mem::take(&mut found.directories);
        let listed: Vec<Result<Vec<C>, String>> = stream::iter(level.into_iter().map(&list)).buffer_unordered(AT_ONCE).collect().await;
        for children in listed {
            for child in children? {
                add(&mut found, child);
            }
        }
    }
    let opened: Vec<Result<(String, File), String>> = stream::iter(found.files.into_iter().map(&open)).buffer_unordered(AT_ONCE).collect().await;
    opened.into_iter().collect()
}
