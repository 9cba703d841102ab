//! Price tables found among dropped files (recognised by content), kept as facts of
//! their files, and the prices in force for a dataset made of them.

use super::table::PriceTable;

/// A price table a file held, with the file's path and last-modified time.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FoundPrices {
    /// The file it was read from (an archive's entry as `archive.zip/<entry>`).
    pub path: String,
    /// Its file's last-modified time (ms since the epoch; 0 when not known): the newest
    /// table wins for the models it names.
    pub modified_ms: i64,
    pub table: PriceTable,
}

/// The prices in force: `base` (the embedded table), under every found table from the
/// oldest to the newest (by file time, then path: a table dropped again after an edit
/// wins), under the table a command line names with `--prices`.
pub fn prices_in_force(base: &PriceTable, found: &[FoundPrices], named: Option<&PriceTable>) -> PriceTable {
    let mut ordered: Vec<&FoundPrices> = found.iter().collect();
    crate::order::sort_by(&mut ordered, |a, b| a.modified_ms.cmp(&b.modified_ms).then_with(|| a.path.cmp(&b.path)));
    let dropped = ordered
        .into_iter()
        .fold(base.clone(), |prices, found| prices.overridden_by(found.table.clone().with_source(format!("your price table {}", found.path))));
    match named {
        Some(table) => dropped.overridden_by(table.clone()),
        None => dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(model: &str, input: f64) -> PriceTable {
        PriceTable::from_json(&format!(r#"{{"models":{{"{model}":{{"input":{input},"output":1e-6}}}}}}"#)).expect("table")
    }

    fn found(path: &str, modified_ms: i64, model: &str, input: f64) -> FoundPrices {
        FoundPrices { path: path.to_owned(), modified_ms, table: table(model, input) }
    }

    #[test]
    fn the_newest_table_wins_for_the_models_it_names_whatever_the_order_given() {
        let base = PriceTable::embedded();
        let old = found("z/prices.json", 100, "m", 1e-6);
        let new = found("a/prices.json", 200, "m", 2e-6);
        let other = found("b/other.json", 150, "n", 3e-6);
        for given in [vec![old.clone(), new.clone(), other.clone()], vec![new.clone(), other.clone(), old.clone()]] {
            let prices = prices_in_force(base, &given, None);
            assert_eq!(prices.lookup("m").map(|lookup| lookup.price.input), Some(2e-6));
            assert_eq!(prices.lookup("n").map(|lookup| lookup.price.input), Some(3e-6));
            assert!(prices.has_user_rows());
        }
        let named = table("m", 9e-6);
        assert_eq!(prices_in_force(base, &[old, new], Some(&named)).lookup("m").map(|lookup| lookup.price.input), Some(9e-6), "--prices over everything");
        assert!(!prices_in_force(base, &[], None).has_user_rows());
    }
}
