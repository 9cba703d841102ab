//! Fields the model gained after kept data was written. Kept parts are decoded in the
//! encoding they were written in (`transport::wire` says which, from their first byte);
//! a field added by a later encoding is not in older bytes and decodes as absent, so
//! history kept by an older page is still read rather than cleared. Writing an older
//! encoding leaves such fields out the same way.

use std::cell::Cell;

use serde::{Deserialize, Deserializer};

use super::event::ErrorText;

/// The encoding that added a failed tool result's error text.
pub const ERROR_TEXT_SINCE: u8 = 5;

thread_local! {
    /// The encoding being read or written on this thread; `u8::MAX` outside
    /// [`in_version`] (any other reader or writer has every field).
    static VERSION: Cell<u8> = const { Cell::new(u8::MAX) };
}

/// Puts the previous version back however the work ends.
struct Restore(u8);

impl Drop for Restore {
    fn drop(&mut self) {
        VERSION.set(self.0);
    }
}

/// Runs `work` (decoding or encoding) in encoding `version`.
pub fn in_version<T>(version: u8, work: impl FnOnce() -> T) -> T {
    let _restore = Restore(VERSION.replace(version));
    work()
}

/// Whether a tool result's error text is left out (`skip_serializing_if`): in encodings
/// before [`ERROR_TEXT_SINCE`].
pub fn error_text_left_out(_: &Option<ErrorText>) -> bool {
    VERSION.get() < ERROR_TEXT_SINCE
}

/// Reads a tool result's error text (`deserialize_with`): absent from encodings before
/// [`ERROR_TEXT_SINCE`], where nothing of it is in the bytes.
pub fn error_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ErrorText>, D::Error> {
    if VERSION.get() < ERROR_TEXT_SINCE {
        Ok(None)
    } else {
        Option::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, Deserialize, Debug, PartialEq)]
    struct Before {
        first: u32,
        last: u32,
    }

    #[derive(serde::Serialize, Deserialize, Debug, PartialEq)]
    struct After {
        first: u32,
        #[serde(deserialize_with = "error_text", skip_serializing_if = "error_text_left_out")]
        error: Option<ErrorText>,
        last: u32,
    }

    #[test]
    fn older_bytes_read_without_the_field_and_newer_ones_with_it() {
        let old = postcard::to_allocvec(&Before { first: 7, last: 9 }).expect("encodes");
        let read: After = in_version(ERROR_TEXT_SINCE - 1, || postcard::from_bytes(&old)).expect("decodes");
        assert_eq!(read, After { first: 7, error: None, last: 9 });
        let new = After { first: 1, error: Some(ErrorText::of(crate::model::TextId(41))), last: 3 };
        let bytes = postcard::to_allocvec(&new).expect("encodes");
        assert_eq!(in_version(ERROR_TEXT_SINCE, || postcard::from_bytes::<After>(&bytes)).expect("decodes"), new);
        // Outside a wire decode (and after one) every field is read.
        assert_eq!(postcard::from_bytes::<After>(&bytes).expect("decodes"), new);
        assert!(in_version(ERROR_TEXT_SINCE - 1, || postcard::from_bytes::<After>(&bytes)).map_or(true, |read| read != new));
    }

    #[test]
    fn writing_an_older_version_leaves_the_field_out() {
        let new = After { first: 1, error: Some(ErrorText::of(crate::model::TextId(41))), last: 3 };
        let old = in_version(ERROR_TEXT_SINCE - 1, || postcard::to_allocvec(&new)).expect("encodes");
        assert_eq!(old, postcard::to_allocvec(&Before { first: 1, last: 3 }).expect("encodes"));
    }
}
