//! A table held as columns, and written as one Parquet file (the `parquet` crate's column
//! writer: each column's values in one batch per row group, no Arrow in between).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// Rows per row group: engines read a row group at a time, and a million rows of these
/// narrow tables is a few tens of MB.
const ROW_GROUP_ROWS: usize = 1_000_000;

/// One column's values.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    Int(Vec<i64>),
    OptionalInt(Vec<Option<i64>>),
    Float(Vec<f64>),
    OptionalFloat(Vec<Option<f64>>),
    Bool(Vec<bool>),
    Text(Vec<String>),
    OptionalText(Vec<Option<String>>),
    /// Days since 1970-01-01 (a Parquet DATE).
    Date(Vec<i32>),
    /// Milliseconds since 1970-01-01 UTC (a Parquet TIMESTAMP, adjusted to UTC).
    Timestamp(Vec<i64>),
}

impl Values {
    pub fn len(&self) -> usize {
        match self {
            Values::Int(values) | Values::Timestamp(values) => values.len(),
            Values::OptionalInt(values) => values.len(),
            Values::Float(values) => values.len(),
            Values::OptionalFloat(values) => values.len(),
            Values::Bool(values) => values.len(),
            Values::Text(values) => values.len(),
            Values::OptionalText(values) => values.len(),
            Values::Date(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The Parquet type of the column `name`.
    fn parquet_type(&self, name: &str) -> Result<Type, ParquetError> {
        let (physical, logical, repetition) = match self {
            Values::Int(_) => (Physical::INT64, None, Repetition::REQUIRED),
            Values::OptionalInt(_) => (Physical::INT64, None, Repetition::OPTIONAL),
            Values::Float(_) => (Physical::DOUBLE, None, Repetition::REQUIRED),
            Values::OptionalFloat(_) => (Physical::DOUBLE, None, Repetition::OPTIONAL),
            Values::Bool(_) => (Physical::BOOLEAN, None, Repetition::REQUIRED),
            Values::Text(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String), Repetition::REQUIRED),
            Values::OptionalText(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String), Repetition::OPTIONAL),
            Values::Date(_) => (Physical::INT32, Some(LogicalType::Date), Repetition::REQUIRED),
            Values::Timestamp(_) => (Physical::INT64, Some(LogicalType::timestamp(true, TimeUnit::MILLIS)), Repetition::REQUIRED),
        };
        Type::primitive_type_builder(name, physical).with_logical_type(logical).with_repetition(repetition).build()
    }
}

/// A table: its name (the file's and the folder's) and its columns, all of one length.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<(&'static str, Values)>,
}

impl Table {
    pub fn new(name: &'static str) -> Table {
        Table { name, columns: Vec::new() }
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, values)| values.len())
    }

    pub fn column(&mut self, name: &'static str, values: Values) -> &mut Table {
        self.columns.push((name, values));
        self
    }

    pub fn int(&mut self, name: &'static str, values: impl IntoIterator<Item = i64>) -> &mut Table {
        self.column(name, Values::Int(values.into_iter().collect()))
    }

    pub fn optional_int(&mut self, name: &'static str, values: impl IntoIterator<Item = Option<i64>>) -> &mut Table {
        self.column(name, Values::OptionalInt(values.into_iter().collect()))
    }

    pub fn float(&mut self, name: &'static str, values: impl IntoIterator<Item = f64>) -> &mut Table {
        self.column(name, Values::Float(values.into_iter().collect()))
    }

    pub fn optional_float(&mut self, name: &'static str, values: impl IntoIterator<Item = Option<f64>>) -> &mut Table {
        self.column(name, Values::OptionalFloat(values.into_iter().collect()))
    }

    pub fn bool(&mut self, name: &'static str, values: impl IntoIterator<Item = bool>) -> &mut Table {
        self.column(name, Values::Bool(values.into_iter().collect()))
    }

    pub fn text(&mut self, name: &'static str, values: impl IntoIterator<Item = String>) -> &mut Table {
        self.column(name, Values::Text(values.into_iter().collect()))
    }

    pub fn optional_text(&mut self, name: &'static str, values: impl IntoIterator<Item = Option<String>>) -> &mut Table {
        self.column(name, Values::OptionalText(values.into_iter().collect()))
    }

    pub fn date(&mut self, name: &'static str, values: impl IntoIterator<Item = i32>) -> &mut Table {
        self.column(name, Values::Date(values.into_iter().collect()))
    }

    pub fn timestamp(&mut self, name: &'static str, values: impl IntoIterator<Item = i64>) -> &mut Table {
        self.column(name, Values::Timestamp(values.into_iter().collect()))
    }

    /// Writes the table as one Parquet file at `path` (Snappy-compressed pages).
    pub fn write_parquet(&self, path: &Path) -> Result<(), ParquetError> {
        if let Some((name, values)) = self.columns.iter().find(|(_, values)| values.len() != self.rows()) {
            return Err(ParquetError::General(format!("{}.{name} has {} rows, not {}", self.name, values.len(), self.rows())));
        }
        let fields = self.columns.iter().map(|(name, values)| values.parquet_type(name).map(Arc::new)).collect::<Result<Vec<_>, _>>()?;
        let schema = Arc::new(Type::group_type_builder(self.name).with_fields(fields).build()?);
        let properties = Arc::new(
            WriterProperties::builder().set_compression(Compression::SNAPPY).set_created_by(format!("session-lens {}", env!("CARGO_PKG_VERSION"))).build(),
        );
        let file = File::create(path).map_err(|error| ParquetError::General(format!("{}: {error}", path.display())))?;
        let mut writer = SerializedFileWriter::new(file, schema, properties)?;
        let mut start = 0;
        loop {
            let end = (start + ROW_GROUP_ROWS).min(self.rows());
            let mut group = writer.next_row_group()?;
            for (_, values) in &self.columns {
                let Some(mut column) = group.next_column()? else { break };
                write_values(&mut column, values, start..end)?;
                column.close()?;
            }
            group.close()?;
            start = end;
            if start >= self.rows() {
                break;
            }
        }
        writer.close()?;
        Ok(())
    }
}

/// Definition levels of optional values (1 present, 0 null) and the present ones.
fn present<T: Clone>(values: &[Option<T>]) -> (Vec<i16>, Vec<T>) {
    let levels = values.iter().map(|value| i16::from(value.is_some())).collect();
    (levels, values.iter().flatten().cloned().collect())
}

fn write_values(column: &mut parquet::file::writer::SerializedColumnWriter<'_>, values: &Values, rows: std::ops::Range<usize>) -> Result<(), ParquetError> {
    match values {
        Values::Int(values) | Values::Timestamp(values) => {
            column.typed::<Int64Type>().write_batch(&values[rows], None, None)?;
        }
        Values::OptionalInt(values) => {
            let (levels, present) = present(&values[rows]);
            column.typed::<Int64Type>().write_batch(&present, Some(&levels), None)?;
        }
        Values::Float(values) => {
            column.typed::<DoubleType>().write_batch(&values[rows], None, None)?;
        }
        Values::OptionalFloat(values) => {
            let (levels, present) = present(&values[rows]);
            column.typed::<DoubleType>().write_batch(&present, Some(&levels), None)?;
        }
        Values::Bool(values) => {
            column.typed::<BoolType>().write_batch(&values[rows], None, None)?;
        }
        Values::Text(values) => {
            let bytes: Vec<ByteArray> = values[rows].iter().map(|text| ByteArray::from(text.as_str())).collect();
            column.typed::<ByteArrayType>().write_batch(&bytes, None, None)?;
        }
        Values::OptionalText(values) => {
            let (levels, present) = present(&values[rows]);
            let bytes: Vec<ByteArray> = present.iter().map(|text| ByteArray::from(text.as_str())).collect();
            column.typed::<ByteArrayType>().write_batch(&bytes, Some(&levels), None)?;
        }
        Values::Date(values) => {
            column.typed::<Int32Type>().write_batch(&values[rows], None, None)?;
        }
    }
    Ok(())
}
