//! Splitting a byte stream into lines, whatever the chunk boundaries.
//!
//! Lines are handed out as byte slices without the `\n` (and without a trailing `\r`);
//! blank lines are skipped but still counted. A line longer than the limit is not
//! buffered: its bytes are dropped as they arrive and it is reported once as too long.

use memchr::memchr;

/// What the splitter hands to its caller for each non-blank line.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// A complete line. `is_unterminated` is true for a last line with no newline.
    Text { number: u64, bytes: &'a [u8], is_unterminated: bool },
    /// A line over the limit; its bytes were not kept.
    TooLong { number: u64, length_bytes: u64 },
}

#[derive(Debug)]
pub struct LineSplitter {
    pending: Vec<u8>,
    /// Lines completed so far (the number of the line being assembled is this + 1).
    completed_lines: u64,
    max_line_bytes: usize,
    /// Bytes of the current line when it is over the limit (its bytes are not kept).
    overflow_bytes: Option<u64>,
}

impl LineSplitter {
    pub fn new(max_line_bytes: usize) -> Self {
        LineSplitter { pending: Vec::new(), completed_lines: 0, max_line_bytes, overflow_bytes: None }
    }

    /// Lines seen so far, counting blank ones.
    pub fn line_count(&self) -> u64 {
        self.completed_lines
    }

    pub fn feed(&mut self, mut chunk: &[u8], on_line: &mut impl FnMut(Line<'_>)) {
        while let Some(end) = memchr(b'\n', chunk) {
            let (head, rest) = (&chunk[..end], &chunk[end + 1..]);
            self.completed_lines += 1;
            let number = self.completed_lines;
            if let Some(length) = self.overflow_bytes.take() {
                on_line(Line::TooLong { number, length_bytes: length + head.len() as u64 });
            } else if self.pending.is_empty() {
                emit_text(number, head, false, self.max_line_bytes, on_line);
            } else {
                self.pending.extend_from_slice(head);
                emit_text(number, &self.pending, false, self.max_line_bytes, on_line);
                self.pending.clear();
            }
            chunk = rest;
        }
        self.hold(chunk);
    }

    /// Ends the stream: a last line without a newline is handed out now.
    pub fn finish(&mut self, on_line: &mut impl FnMut(Line<'_>)) {
        let number = self.completed_lines + 1;
        if let Some(length) = self.overflow_bytes.take() {
            self.completed_lines = number;
            on_line(Line::TooLong { number, length_bytes: length });
        } else if !self.pending.is_empty() {
            self.completed_lines = number;
            let line = std::mem::take(&mut self.pending);
            emit_text(number, &line, true, self.max_line_bytes, on_line);
        }
    }

    fn hold(&mut self, tail: &[u8]) {
        if tail.is_empty() {
            return;
        }
        if let Some(length) = self.overflow_bytes.as_mut() {
            *length += tail.len() as u64;
        } else if self.pending.len() + tail.len() > self.max_line_bytes {
            self.overflow_bytes = Some((self.pending.len() + tail.len()) as u64);
            self.pending = Vec::new();
        } else {
            self.pending.extend_from_slice(tail);
        }
    }
}

fn emit_text(number: u64, bytes: &[u8], is_unterminated: bool, max_line_bytes: usize, on_line: &mut impl FnMut(Line<'_>)) {
    if bytes.len() > max_line_bytes {
        on_line(Line::TooLong { number, length_bytes: bytes.len() as u64 });
        return;
    }
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        on_line(Line::Text { number, bytes, is_unterminated });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Seen {
        Text(u64, String, bool),
        TooLong(u64, u64),
    }

    fn split(chunks: &[&[u8]], max: usize) -> Vec<Seen> {
        let mut seen = Vec::new();
        let mut splitter = LineSplitter::new(max);
        let mut record = |line: Line<'_>| match line {
            Line::Text { number, bytes, is_unterminated } => seen.push(Seen::Text(number, String::from_utf8_lossy(bytes).into_owned(), is_unterminated)),
            Line::TooLong { number, length_bytes } => seen.push(Seen::TooLong(number, length_bytes)),
        };
        for chunk in chunks {
            splitter.feed(chunk, &mut record);
        }
        splitter.finish(&mut record);
        seen
    }

    #[test]
    fn crlf_blank_lines_and_unterminated_last_line() {
        let seen = split(&[b"a\r\n\n  \nb\nc"], 100);
        assert_eq!(seen, vec![Seen::Text(1, "a".into(), false), Seen::Text(4, "b".into(), false), Seen::Text(5, "c".into(), true)]);
    }

    #[test]
    fn line_split_across_chunks() {
        let seen = split(&[b"ab", b"c\nd", b"e\n"], 100);
        assert_eq!(seen, vec![Seen::Text(1, "abc".into(), false), Seen::Text(2, "de".into(), false)]);
    }

    #[test]
    fn too_long_line_is_reported_and_the_next_line_survives() {
        let seen = split(&[b"0123", b"456789", b"01\nok\n"], 8);
        assert_eq!(seen, vec![Seen::TooLong(1, 12), Seen::Text(2, "ok".into(), false)]);
        let seen = split(&[b"0123456789\nok"], 8);
        assert_eq!(seen, vec![Seen::TooLong(1, 10), Seen::Text(2, "ok".into(), true)]);
    }

    proptest::proptest! {
        #[test]
        fn any_chunk_split_gives_the_same_lines(text in "[ab\r\n]{0,60}", cuts in proptest::collection::vec(0usize..60, 0..6)) {
            let bytes = text.as_bytes();
            let whole = split(&[bytes], 16);
            let mut points: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            points.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for point in points {
                chunks.push(&bytes[start..point]);
                start = point;
            }
            chunks.push(&bytes[start..]);
            proptest::prop_assert_eq!(split(&chunks, 16), whole);
        }
    }
}
