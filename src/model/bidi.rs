//! Characters that make text display as something it is not: bidirectional overrides,
//! embeddings, isolates and marks (a file `invoice\u{202e}fdp.exe` shows as
//! `invoiceexe.pdf`). Every text read from a transcript passes through
//! [`neutralise_bidi`] where the model takes it in, so the page, the command line, the
//! report and exports show such a character as a visible U+FFFD instead of obeying it.

use std::borrow::Cow;

/// The bidirectional control characters.
pub fn is_bidi_control(character: char) -> bool {
    matches!(character, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The text with each bidirectional control replaced by U+FFFD; borrowed when it has
/// none (the usual case, found by a scan for the lead bytes 0xE2 and 0xD8 of their UTF-8).
pub fn neutralise_bidi(text: &str) -> Cow<'_, str> {
    let may_hold_one = text.bytes().any(|byte| byte == 0xe2 || byte == 0xd8);
    if !may_hold_one || !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|character| if is_bidi_control(character) { '\u{fffd}' } else { character }).collect())
}

/// [`neutralise_bidi`] of an owned text, reusing it when it has none.
pub fn neutralised(text: String) -> String {
    match neutralise_bidi(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(changed) => changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_isolates_and_marks_become_visible() {
        assert_eq!(neutralise_bidi("invoice\u{202e}fdp.exe"), "invoice\u{fffd}fdp.exe");
        assert_eq!(neutralise_bidi("a\u{2066}b\u{2069}c\u{200f}d\u{061c}"), "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}");
        assert_eq!(neutralised(String::from("x\u{202a}")), "x\u{fffd}");
    }

    #[test]
    fn other_text_is_left_alone_and_not_copied() {
        // Arabic and Hebrew letters, typographic quotes and dashes share the lead bytes.
        for text in ["plain", "مرحبا", "שלום", "“quoted” — dash…", ""] {
            assert!(matches!(neutralise_bidi(text), Cow::Borrowed(kept) if kept == text), "{text}");
        }
    }
}
