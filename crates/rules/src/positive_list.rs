//! The positive list (跨境电子商务零售进口商品清单): the tariff lines that may enter
//! through CBEC, with the conditions of their remarks.
//!
//! The list works on the 8-digit tariff line (税则号列); a declaration's 10-digit
//! commodity code is looked up by its first 8 digits. Being on the list is necessary,
//! not sufficient: quarantine bans and trade-remedy measures still apply.
//!
//! # Which list
//!
//! No complete copy of the current list (the 2019 edition with the 2022 adjustment,
//! 1,476 lines) is available to this crate. It ships [`PositiveList::sample`], the 96
//! codes that could be gathered from secondary sources, marked `complete: false`, and
//! imports the official table with [`PositiveList::from_csv`]. Every [`Eligibility`]
//! carries the version of the list it used and whether that list is complete; a code
//! missing from an incomplete list is [`Status::Unknown`], never "not eligible".
//!
//! # Importing the official table
//!
//! Save the table as CSV in UTF-8 (a byte order mark is fine). The header row must name
//! the columns 税则号列 and 商品名称 (or 货品名称); 序号 and 备注 are read when present;
//! column order and other columns do not matter. Tariff lines may be written
//! `04029100` or dotted as `0402.9100`. XLSX files are not read: export the sheet as CSV
//! first.

mod csv;
mod remark;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

pub use remark::{parse_remark, Condition};

use crate::normalize;
use crate::{Error, HsCode, TradeMode};

/// The sample list shipped with the crate: 96 codes with their source and confidence.
const SAMPLE_CSV: &str = include_str!("../data/positive-list-sample.csv");

/// Version label of the shipped sample: the current list (2019 edition with the 2022
/// adjustment), sampled.
pub const SAMPLE_VERSION: &str = "2019+2022 sample (96 codes)";

/// An 8-digit tariff line (税则号列), the key of the positive list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TariffLine([u8; 8]);

impl TariffLine {
    /// Returns the 8 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("TariffLine holds ASCII digits")
    }
}

impl FromStr for TariffLine {
    type Err = Error;

    /// Parses 8 digits; dots and white space between groups (`0402.9100`) and
    /// full-width digits are accepted.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTariffLine`] unless exactly 8 digits remain.
    fn from_str(input: &str) -> Result<TariffLine, Error> {
        let digits: Vec<u8> = normalize::to_half_width(input)
            .bytes()
            .filter(|b| !matches!(b, b'.' | b' ' | b'\t'))
            .collect();
        let invalid = || Error::InvalidTariffLine {
            input: input.to_owned(),
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        let line: [u8; 8] = digits.try_into().map_err(|_| invalid())?;
        Ok(TariffLine(line))
    }
}

impl From<HsCode> for TariffLine {
    fn from(code: HsCode) -> TariffLine {
        let digits: [u8; 8] = code.tariff_line().as_bytes().try_into().expect("8 digits");
        TariffLine(digits)
    }
}

impl From<&HsCode> for TariffLine {
    fn from(code: &HsCode) -> TariffLine {
        TariffLine::from(*code)
    }
}

impl fmt::Display for TariffLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TariffLine {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The version and completeness of the list a lookup used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListInfo {
    /// Version label, such as `2022-03-01` for an imported official table or
    /// [`SAMPLE_VERSION`].
    pub version: String,
    /// Whether the list contains every line of its edition. Only then does a missing code
    /// mean "not on the list".
    pub complete: bool,
}

/// The source of a sample row; official imports have none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Edition or adjustment the row belongs to, such as `2016-b1` or `2022-add`.
    pub edition: String,
    /// The secondary source the row was taken from.
    pub source: String,
    /// The compiler's confidence in the row: `high`, `medium` or `low`.
    pub confidence: String,
}

/// One line of the positive list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The 8-digit tariff line.
    pub tariff_line: TariffLine,
    /// Serial number (序号) in the official table, when the table has one.
    pub serial: Option<String>,
    /// Goods name (商品名称), possibly empty in the sample.
    pub name: String,
    /// The remark (备注) exactly as written.
    pub remark: String,
    /// The conditions read from the remark.
    pub conditions: Vec<Condition>,
    /// Source and confidence of a sample row.
    pub provenance: Option<Provenance>,
}

/// A positive list: its version, whether it is complete, and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositiveList {
    info: ListInfo,
    entries: BTreeMap<TariffLine, Entry>,
    /// Lines known to have been removed from the list, with the provenance of that
    /// fact; only the sample records them.
    removed: BTreeMap<TariffLine, Provenance>,
}

/// The verdict of an eligibility lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// On the list with no condition.
    Listed,
    /// On the list, subject to the conditions in [`Eligibility::conditions`].
    ListedWithConditions,
    /// On the list only for online bonded import (1210), and the order is direct mail
    /// (9610).
    NotAllowedInMode,
    /// Not on a complete list, or known to have been removed from it: not eligible.
    NotListed,
    /// Not on an incomplete list such as the sample: eligibility cannot be decided.
    Unknown,
}

impl Status {
    /// Returns `true` when customs would reject the line (not listed, or wrong mode).
    pub fn is_breach(self) -> bool {
        matches!(self, Status::NotListed | Status::NotAllowedInMode)
    }
}

/// The answer to "may this tariff line enter through CBEC in this mode?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    /// The tariff line looked up.
    pub tariff_line: TariffLine,
    /// The trade mode looked up.
    pub trade_mode: TradeMode,
    /// The verdict.
    pub status: Status,
    /// The list that was used: its version and whether it is complete.
    pub list: ListInfo,
    /// The list line, when the code is on the list.
    pub entry: Option<Entry>,
    /// The conditions of the list line (a copy of `entry.conditions`, empty otherwise).
    pub conditions: Vec<Condition>,
    /// The source that records the removal, when the line is known to have left the list.
    pub removed: Option<Provenance>,
}

/// Looks up a tariff line (or the first 8 digits of a commodity code) for a trade mode.
pub fn eligibility(
    code: impl Into<TariffLine>,
    trade_mode: TradeMode,
    list: &PositiveList,
) -> Eligibility {
    let tariff_line = code.into();
    let entry = list.entries.get(&tariff_line).cloned();
    let removed = list.removed.get(&tariff_line).cloned();

    let status = match &entry {
        Some(entry) => {
            let bonded_only = entry
                .conditions
                .iter()
                .any(|condition| matches!(condition, Condition::BondedImportOnly { .. }));
            if bonded_only && trade_mode == TradeMode::DirectMail {
                Status::NotAllowedInMode
            } else if entry.conditions.is_empty() {
                Status::Listed
            } else {
                Status::ListedWithConditions
            }
        }
        None if removed.is_some() || list.info.complete => Status::NotListed,
        None => Status::Unknown,
    };

    Eligibility {
        tariff_line,
        trade_mode,
        status,
        list: list.info.clone(),
        conditions: entry
            .as_ref()
            .map(|entry| entry.conditions.clone())
            .unwrap_or_default(),
        entry,
        removed,
    }
}

/// Accepted header names of each column, compared after removing white space.
const SERIAL_HEADERS: [&str; 1] = ["序号"];
const TARIFF_LINE_HEADERS: [&str; 3] = ["税则号列", "税号", "code8"];
const NAME_HEADERS: [&str; 3] = ["商品名称", "货品名称", "name_zh"];
const REMARK_HEADERS: [&str; 2] = ["备注", "remark_zh"];

/// Column positions found in a header row.
struct Columns {
    serial: Option<usize>,
    tariff_line: usize,
    name: usize,
    remark: Option<usize>,
    name_en: Option<usize>,
    edition: Option<usize>,
    source: Option<usize>,
    confidence: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Result<Columns, Error> {
        let cleaned: Vec<String> = header.iter().map(|cell| normalize::address(cell)).collect();
        let position = |names: &[&str]| {
            cleaned
                .iter()
                .position(|cell| names.contains(&cell.as_str()))
        };
        let required = |names: &[&str]| {
            position(names).ok_or_else(|| Error::ListMissingColumn {
                column: names[0].to_owned(),
            })
        };

        Ok(Columns {
            serial: position(&SERIAL_HEADERS),
            tariff_line: required(&TARIFF_LINE_HEADERS)?,
            name: required(&NAME_HEADERS)?,
            remark: position(&REMARK_HEADERS),
            name_en: position(&["name_en"]),
            edition: position(&["list_version"]),
            source: position(&["source"]),
            confidence: position(&["confidence"]),
        })
    }
}

/// One data row, read by column.
struct Row<'a> {
    number: usize,
    fields: &'a [String],
}

impl Row<'_> {
    fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|index| self.fields.get(index))
            .map_or("", |field| field.trim())
    }
}

impl PositiveList {
    /// Imports the official table from CSV text as a complete list of the given version.
    ///
    /// Blank rows and rows with neither a tariff line nor a serial number (titles,
    /// footnotes) are skipped. See the module documentation for the accepted layout.
    ///
    /// # Errors
    ///
    /// [`Error::ListCsv`] for malformed CSV or a row wider than the header,
    /// [`Error::ListMissingColumn`] when the header lacks 税则号列 or 商品名称,
    /// [`Error::ListTariffLine`] for a tariff line that is not 8 digits (or is missing
    /// on a numbered row), [`Error::ListDuplicateTariffLine`] for a repeated line, and
    /// [`Error::ListEmpty`] when no row remains.
    pub fn from_csv(text: &str, version: impl Into<String>) -> Result<PositiveList, Error> {
        let records = csv::parse(text).map_err(|error| Error::ListCsv {
            row: error.row,
            problem: error.problem,
        })?;
        let (header, rows) = records.split_first().ok_or(Error::ListEmpty)?;
        let columns = Columns::find(&header.fields)?;

        let mut list = PositiveList {
            info: ListInfo {
                version: version.into(),
                complete: true,
            },
            entries: BTreeMap::new(),
            removed: BTreeMap::new(),
        };
        let mut first_rows: BTreeMap<TariffLine, usize> = BTreeMap::new();

        for record in rows {
            let row = Row {
                number: record.row,
                fields: &record.fields,
            };
            if record.fields.len() > header.fields.len() {
                return Err(Error::ListCsv {
                    row: row.number,
                    problem: format!(
                        "the row has {} fields but the header has {}; a field with a comma must be in double quotes",
                        record.fields.len(),
                        header.fields.len()
                    ),
                });
            }
            if row.get(Some(columns.tariff_line)).is_empty() && row.get(columns.serial).is_empty() {
                continue;
            }

            let entry = read_entry(&row, &columns)?;
            if let Some(first_row) = first_rows.get(&entry.tariff_line) {
                return Err(Error::ListDuplicateTariffLine {
                    row: row.number,
                    first_row: *first_row,
                    tariff_line: entry.tariff_line.to_string(),
                });
            }
            first_rows.insert(entry.tariff_line, row.number);
            list.entries.insert(entry.tariff_line, entry);
        }

        if list.entries.is_empty() {
            return Err(Error::ListEmpty);
        }
        Ok(list)
    }

    /// Returns the sample list shipped with the crate, parsed once.
    ///
    /// It is incomplete (`complete: false`), so a code missing from it is
    /// [`Status::Unknown`]. Rows of the 2022 adjustment are applied: `2022-del` removes
    /// a line (a lookup then reports it as not listed, with the removal's source), and a
    /// `2022-remark-change` row whose note contains "bonded-import only" adds that condition.
    pub fn sample() -> &'static PositiveList {
        static SAMPLE: OnceLock<PositiveList> = OnceLock::new();
        SAMPLE.get_or_init(|| parse_sample(SAMPLE_CSV).expect("the shipped sample list is valid"))
    }

    /// Returns the version and completeness of the list.
    pub fn info(&self) -> &ListInfo {
        &self.info
    }

    /// Returns the number of lines on the list.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns `true` when the list has no line.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Returns the line of a tariff line, if listed.
    pub fn get(&self, tariff_line: TariffLine) -> Option<&Entry> {
        self.entries.get(&tariff_line)
    }

    /// Iterates over the lines in tariff-line order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }
}

fn read_entry(row: &Row<'_>, columns: &Columns) -> Result<Entry, Error> {
    let code_text = row.get(Some(columns.tariff_line));
    let tariff_line: TariffLine = code_text.parse().map_err(|_| Error::ListTariffLine {
        row: row.number,
        input: code_text.to_owned(),
    })?;

    let serial = Some(row.get(columns.serial).to_owned()).filter(|serial| !serial.is_empty());
    let remark = row.get(columns.remark).to_owned();
    Ok(Entry {
        tariff_line,
        serial,
        name: row.get(Some(columns.name)).to_owned(),
        conditions: parse_remark(&remark),
        remark,
        provenance: None,
    })
}

/// Parses the sample's layout (`code8,name_zh,name_en,remark_zh,list_version,source,
/// confidence`), where one tariff line may have several rows: its first listing, a
/// later remark change and a deletion.
fn parse_sample(text: &str) -> Result<PositiveList, Error> {
    let records = csv::parse(text).map_err(|error| Error::ListCsv {
        row: error.row,
        problem: error.problem,
    })?;
    let (header, rows) = records.split_first().ok_or(Error::ListEmpty)?;
    let columns = Columns::find(&header.fields)?;

    let mut list = PositiveList {
        info: ListInfo {
            version: SAMPLE_VERSION.to_owned(),
            complete: false,
        },
        entries: BTreeMap::new(),
        removed: BTreeMap::new(),
    };

    for record in rows {
        let row = Row {
            number: record.row,
            fields: &record.fields,
        };
        let mut entry = read_entry(&row, &columns)?;
        let provenance = Provenance {
            edition: row.get(columns.edition).to_owned(),
            source: row.get(columns.source).to_owned(),
            confidence: row.get(columns.confidence).to_owned(),
        };
        let note = row.get(columns.name_en);

        if provenance.edition.ends_with("-del") {
            list.removed.insert(entry.tariff_line, provenance);
            continue;
        }
        if provenance.edition.ends_with("-remark-change") {
            // The sample keeps the changed remark as an English note, not in remark_zh.
            if let Some(existing) = list.entries.get_mut(&entry.tariff_line) {
                if note.contains("bonded-import only") {
                    existing.conditions.push(Condition::BondedImportOnly {
                        text: note.to_owned(),
                    });
                }
                existing.provenance = Some(provenance);
                continue;
            }
        }

        if entry.name.is_empty() {
            entry.name = note.to_owned();
        }
        entry.provenance = Some(provenance);
        list.entries.entry(entry.tariff_line).or_insert(entry);
    }

    for tariff_line in list.removed.keys() {
        list.entries.remove(tariff_line);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> TariffLine {
        text.parse().unwrap()
    }

    const OFFICIAL: &str = "\u{FEFF}序号,税则号列,商品名称,备注\r\n\
        1,0402.9100,浓缩但未加糖的非固状乳及奶油,\r\n\
        2,04051000,黄油,仅限网购保税进口\r\n\
        3,04079090,其他蛋,列入《进出口野生动植物种商品目录》的商品除外\r\n\
        ,,注：本表仅供示例,\r\n\
        \r\n";

    #[test]
    fn tariff_line_accepts_dots_and_full_width() {
        assert_eq!(line("0402.9100").as_str(), "04029100");
        assert_eq!(line("０４０２９１００").as_str(), "04029100");
        let code: HsCode = "0402910000".parse().unwrap();
        assert_eq!(TariffLine::from(code), line("04029100"));
        assert!(matches!(
            "4029100".parse::<TariffLine>(),
            Err(Error::InvalidTariffLine { .. })
        ));
        assert!(matches!(
            "0402910000".parse::<TariffLine>(),
            Err(Error::InvalidTariffLine { .. })
        ));
    }

    #[test]
    fn imports_official_table() {
        let list = PositiveList::from_csv(OFFICIAL, "2022-03-01").unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            list.info(),
            &ListInfo {
                version: "2022-03-01".into(),
                complete: true
            }
        );
        let butter = list.get(line("04051000")).unwrap();
        assert_eq!(butter.serial.as_deref(), Some("2"));
        assert_eq!(butter.name, "黄油");
        assert!(matches!(
            butter.conditions[..],
            [Condition::BondedImportOnly { .. }]
        ));
    }

    #[test]
    fn import_tolerates_column_order_and_alias() {
        let text = "备注,货品名称,税则号列\n,黄油,04051000\n";
        let list = PositiveList::from_csv(text, "v").unwrap();
        assert_eq!(list.get(line("04051000")).unwrap().name, "黄油");
    }

    #[test]
    fn import_names_bad_row() {
        let text = "序号,税则号列,商品名称,备注\n1,04029100,乳,\n2,4051000,黄油,\n";
        let error = PositiveList::from_csv(text, "v").unwrap_err();
        assert_eq!(
            error,
            Error::ListTariffLine {
                row: 3,
                input: "4051000".into()
            }
        );
        assert!(
            error.to_string().contains("row 3, column 税则号列"),
            "{error}"
        );
    }

    #[test]
    fn import_rejects_missing_column() {
        let error = PositiveList::from_csv("序号,商品名称\n1,黄油\n", "v").unwrap_err();
        assert_eq!(
            error,
            Error::ListMissingColumn {
                column: "税则号列".into()
            }
        );
    }

    #[test]
    fn import_rejects_duplicates_and_wide_rows() {
        let duplicate = "税则号列,商品名称\n04051000,黄油\n0405.1000,黄油\n";
        assert_eq!(
            PositiveList::from_csv(duplicate, "v").unwrap_err(),
            Error::ListDuplicateTariffLine {
                row: 3,
                first_row: 2,
                tariff_line: "04051000".into()
            }
        );
        let wide = "税则号列,商品名称\n04051000,黄油,多余\n";
        assert!(matches!(
            PositiveList::from_csv(wide, "v"),
            Err(Error::ListCsv { row: 2, .. })
        ));
    }

    #[test]
    fn import_rejects_numbered_row_without_code() {
        let text = "序号,税则号列,商品名称\n1,,黄油\n";
        assert_eq!(
            PositiveList::from_csv(text, "v").unwrap_err(),
            Error::ListTariffLine {
                row: 2,
                input: String::new()
            }
        );
    }

    #[test]
    fn import_rejects_empty_table() {
        assert_eq!(
            PositiveList::from_csv("", "v").unwrap_err(),
            Error::ListEmpty
        );
        assert_eq!(
            PositiveList::from_csv("税则号列,商品名称\n", "v").unwrap_err(),
            Error::ListEmpty
        );
    }

    #[test]
    fn complete_list_reports_not_listed() {
        let list = PositiveList::from_csv(OFFICIAL, "2022-03-01").unwrap();
        let answer = eligibility(line("95045020"), TradeMode::BondedImport, &list);
        assert_eq!(answer.status, Status::NotListed);
        assert!(answer.status.is_breach());
        assert!(answer.list.complete);
    }

    #[test]
    fn bonded_only_line_rejects_direct_mail() {
        let list = PositiveList::from_csv(OFFICIAL, "2022-03-01").unwrap();
        let bonded = eligibility(line("04051000"), TradeMode::BondedImport, &list);
        assert_eq!(bonded.status, Status::ListedWithConditions);
        let direct = eligibility(line("04051000"), TradeMode::DirectMail, &list);
        assert_eq!(direct.status, Status::NotAllowedInMode);
        assert!(direct.status.is_breach());
    }

    #[test]
    fn plain_and_conditional_lines() {
        let list = PositiveList::from_csv(OFFICIAL, "2022-03-01").unwrap();
        let milk = eligibility(line("04029100"), TradeMode::DirectMail, &list);
        assert_eq!(milk.status, Status::Listed);
        assert!(milk.conditions.is_empty());
        let eggs = eligibility(line("04079090"), TradeMode::DirectMail, &list);
        assert_eq!(eggs.status, Status::ListedWithConditions);
        assert!(matches!(
            eggs.conditions[..],
            [Condition::ExcludesEndangeredSpecies { .. }]
        ));
    }

    #[test]
    fn sample_is_labelled_incomplete() {
        let sample = PositiveList::sample();
        assert_eq!(sample.info().version, SAMPLE_VERSION);
        assert!(!sample.info().complete);
        // 96 distinct codes in the file, one of them (93070090) deleted in 2022.
        assert_eq!(sample.len(), 95);
    }

    #[test]
    fn sample_answers_unknown_not_ineligible() {
        let answer = eligibility(
            line("33049900"),
            TradeMode::BondedImport,
            PositiveList::sample(),
        );
        assert_eq!(answer.status, Status::Unknown);
        assert!(!answer.status.is_breach());
        assert!(!answer.list.complete);
        assert_eq!(answer.list.version, SAMPLE_VERSION);
    }

    #[test]
    fn sample_applies_2022_adjustment() {
        let sample = PositiveList::sample();

        let swords = eligibility(line("93070090"), TradeMode::BondedImport, sample);
        assert_eq!(swords.status, Status::NotListed);
        assert_eq!(swords.removed.unwrap().edition, "2022-del");

        let butter = eligibility(line("04051000"), TradeMode::DirectMail, sample);
        assert_eq!(butter.status, Status::NotAllowedInMode);
        assert_eq!(butter.entry.as_ref().unwrap().name, "黄油");
        assert_eq!(butter.entry.unwrap().provenance.unwrap().confidence, "low");

        let honey = eligibility(line("04090000"), TradeMode::DirectMail, sample);
        assert_eq!(honey.status, Status::Listed);

        let ski = sample.get(line("95061100")).unwrap();
        assert_eq!(ski.name, "ski (skis)");
    }

    #[test]
    fn sample_reads_remarks() {
        let answer = eligibility(
            line("04100041"),
            TradeMode::DirectMail,
            PositiveList::sample(),
        );
        assert_eq!(answer.status, Status::ListedWithConditions);
        assert!(matches!(
            answer.conditions[..],
            [Condition::ExcludesSpecialFoods { .. }]
        ));
    }
}
