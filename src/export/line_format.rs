//! How an export lays out its JSON: compact, with each top-level field, and each row of
//! a top-level list, on a line of its own (a diff or `grep` over an export reads row by
//! row); and lists serialized from iterators as they are written, never held whole.

use std::cell::RefCell;
use std::io::{self, Write};

use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::ser::Formatter;

/// Compact JSON with a line break before each top-level field but the first and before
/// each element of a list that is a top-level field's value.
#[derive(Debug, Default)]
pub struct RowPerLine {
    /// Objects and arrays open around the current value.
    depth: usize,
}

impl Formatter for RowPerLine {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        writer.write_all(b"]")
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        writer.write_all(b"}")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        match (self.depth == 2, first) {
            (true, true) => writer.write_all(b"\n"),
            (true, false) => writer.write_all(b",\n"),
            (false, true) => Ok(()),
            (false, false) => writer.write_all(b","),
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        match (self.depth == 1, first) {
            (_, true) => Ok(()),
            (true, false) => writer.write_all(b",\n"),
            (false, false) => writer.write_all(b","),
        }
    }
}

/// A list written from an iterator when it is serialized (once).
pub struct Rows<'a, T>(RefCell<Option<Box<dyn Iterator<Item = T> + 'a>>>);

impl<'a, T> Rows<'a, T> {
    pub fn new(rows: impl Iterator<Item = T> + 'a) -> Self {
        Rows(RefCell::new(Some(Box::new(rows))))
    }
}

impl<T: Serialize> Serialize for Rows<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self.0.borrow_mut().take().ok_or_else(|| S::Error::custom("a list of rows is written once"))?;
        serializer.collect_seq(rows)
    }
}

/// Writes `value` as [`RowPerLine`] lays it out, then a line break.
pub fn write_row_per_line(value: &impl Serialize, out: &mut impl Write) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, RowPerLine::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Document<'a> {
        name: &'static str,
        pair: (u8, u8),
        rows: Rows<'a, (u32, Option<&'static str>)>,
        nested: Vec<Vec<u8>>,
        empty: Rows<'a, u8>,
    }

    #[test]
    fn top_level_fields_and_their_rows_take_a_line_each() {
        let document = Document {
            name: "x",
            pair: (1, 2),
            rows: Rows::new([(1, Some("a")), (2, None)].into_iter()),
            nested: vec![vec![1, 2], vec![]],
            empty: Rows::new(std::iter::empty()),
        };
        let mut out = Vec::new();
        write_row_per_line(&document, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "{\"name\":\"x\",\n\"pair\":[\n1,\n2],\n\"rows\":[\n[1,\"a\"],\n[2,null]],\n\"nested\":[\n[1,2],\n[]],\n\"empty\":[]}\n");
        let read: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(read["rows"][1][0], 2);
    }

    #[test]
    fn rows_are_written_once() {
        let rows = Rows::new([1u8].into_iter());
        assert_eq!(serde_json::to_string(&rows).expect("first"), "[1]");
        assert!(serde_json::to_string(&rows).is_err());
    }
}
