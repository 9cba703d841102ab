//! Writing HTML where every text that came from a transcript (prompts, titles, paths,
//! model ids, branches, people) is escaped: `&`, `<`, `>`, `"` and `'` become
//! entities, and the characters that reorder text on screen (bidirectional overrides
//! and isolates) are shown as a visible mark instead of taking effect.

use std::io::{self, Write};

use crate::model::bidi::is_bidi_control;

/// The text, safe inside an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if is_bidi_control(c) => escaped.push('\u{fffd}'),
            c if c.is_control() && c != '\n' && c != '\t' => escaped.push('\u{fffd}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A writer of HTML: markup of our own as it is, other text escaped.
pub struct Html<W: Write> {
    out: W,
}

impl<W: Write> Html<W> {
    pub fn new(out: W) -> Self {
        Html { out }
    }

    /// Markup written by this program (never transcript text).
    pub fn markup(&mut self, markup: &str) -> io::Result<()> {
        self.out.write_all(markup.as_bytes())
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(escape(text).as_bytes())
    }

    /// `<tag class="…">text</tag>`, the text escaped.
    pub fn element(&mut self, tag: &str, class: &str, text: &str) -> io::Result<()> {
        if class.is_empty() {
            write!(self.out, "<{tag}>")?;
        } else {
            write!(self.out, "<{tag} class=\"{class}\">")?;
        }
        self.text(text)?;
        write!(self.out, "</{tag}>")
    }

    pub fn writer(&mut self) -> &mut W {
        &mut self.out
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Passes bytes on with `<`, `>` and `&` written as JSON escapes: JSON inside a
/// `<script type="application/json">` then holds no `</script` or `<!--` to end or
/// confuse the element (those characters only occur inside JSON strings, where the
/// escapes read back as the same characters).
pub struct ScriptSafe<W: Write>(pub W);

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (index, byte) in bytes.iter().enumerate() {
            let escape: &[u8] = match byte {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            self.0.write_all(&bytes[start..index])?;
            self.0.write_all(escape)?;
            start = index + 1;
        }
        self.0.write_all(&bytes[start..])?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_and_reordering_are_neutralised() {
        assert_eq!(escape("<script>alert('x')</script> & \"q\""), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assert_eq!(escape("invoice\u{202e}fdp.exe"), "invoice\u{fffd}fdp.exe");
        assert_eq!(escape("a\u{0}b\u{1b}[31m"), "a\u{fffd}b\u{fffd}[31m");
        assert_eq!(escape("ü 😀 \n"), "ü 😀 \n");
    }

    #[test]
    fn json_in_a_script_element_cannot_end_it() {
        let mut out = Vec::new();
        ScriptSafe(&mut out).write_all(br#"{"t":"</script><script>alert(1)</script><!--"}"#).expect("writes");
        let text = String::from_utf8(out).expect("text");
        assert!(!text.contains('<') && !text.contains('>'));
        let value: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(value["t"], "</script><script>alert(1)</script><!--");
    }
}
