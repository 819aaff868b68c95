//! `marsad export`: write the merged events of a database for other tools.
//!
//! Formats: `plover-jsonl` (one merged event per line: the PLOVER fields of its representative
//! mention, its counts and the versions of the scoring tables), `csv` (a header and one row per
//! event), `tsv` (CAMEO/Phoenix-style columns: date parts, source and target codes with sector,
//! CAMEO code and root, quad class, Goldstein) and `parquet` (typed columns, dates as DATE, read by
//! pandas, R's arrow and DuckDB), written with the `parquet` crate's low-level column writers so
//! that the build does not pull in Arrow.
//! CSV and TSV cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) get a
//! leading `'` ([`spreadsheet_safe`]); Parquet and JSONL carry the text unchanged.
//! Events are streamed from the store one at a time (Parquet buffers one row group of
//! [`ROW_GROUP`] events), so memory stays flat on a large database.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use marsad_store::StoredEvent;
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, FloatType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::events::{open_existing, DbArg, EventFilter};
use super::usage;

/// The long help of `marsad export`.
pub const LONG_ABOUT: &str = "\
Export the merged events of a database, with the same filters as `marsad events`.

Formats:
  plover-jsonl  one merged event per line (PLOVER fields, counts of mentions, articles and sources,
                the versions of the scoring tables, the scorer's confidence)
  csv           a header and one row per event; lists are joined with `;`; the last column is the
                scorer's confidence (empty for events coded without one)
  tsv           CAMEO/Phoenix-style columns (id, date as YYYYMMDD, year, month, day, source, \
source root, source agent, target, target root, target agent, CAMEO code, root code, quad class, \
Goldstein, PLOVER type, mentions, articles, sources, place, country, sentence)
  parquet       the csv columns, typed (dates as DATE, counts as INT32, scores as FLOAT), Snappy; \
needs -o

In csv and tsv, a cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab \
or a carriage return, and is not a number) is written with a leading ' (OWASP's advice against \
CSV injection: article text is untrusted); spreadsheets show it as text and hide the '. \
plover-jsonl and parquet carry the text unchanged.

Exit codes: 0 success (also when the reader of stdout goes away), 1 the database is missing or \
unreadable or the output cannot be written, 2 bad usage (an unknown event type or code, --from \
after --to, parquet without -o).

Examples:
  marsad export --format csv -o events.csv
  marsad export --format parquet -o events.parquet --from 2026-02-01
  marsad export --format tsv --dyad IRN-USA";

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: EventFilter,
    /// Output format
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write here instead of stdout (required for parquet)
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The formats of `marsad export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One merged event per line, as JSON
    PloverJsonl,
    /// Comma-separated values with a header
    Csv,
    /// CAMEO/Phoenix-style tab-separated columns
    Tsv,
    /// Apache Parquet
    Parquet,
}

/// Events per Parquet row group.
pub const ROW_GROUP: usize = 65_536;

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    // Usage first: a bad filter or a missing -o is reported as such even without a database.
    let query = args.filter.query()?;
    if args.format == ExportFormat::Parquet && args.output.is_none() {
        usage!("--format parquet writes a binary file, not text for stdout: give it with -o FILE");
    }
    let store = open_existing(&args.db.db)?;
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    if let (ExportFormat::Parquet, Some(path)) = (args.format, &args.output) {
        let mut writer = ParquetEvents::create(path)?;
        store.each_event(&query, |e| writer.push(e))?;
        let n = writer.finish()?;
        eprintln!("marsad: exported {n} event{} to {out_name}", plural(n));
        return Ok(());
    }
    let mut out: BufWriter<Box<dyn Write>> = match &args.output {
        Some(path) => BufWriter::new(Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => BufWriter::new(Box::new(io::stdout().lock())),
    };
    let mut n = 0usize;
    let result = (|| -> anyhow::Result<()> {
        match args.format {
            ExportFormat::PloverJsonl => store.each_event(&query, |e| {
                // `io::Error::from` keeps a write error's kind (a broken pipe stays one).
                serde_json::to_writer(&mut out, &e).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
                n += 1;
                Ok::<(), anyhow::Error>(())
            })?,
            ExportFormat::Csv => {
                write_csv_line(&mut out, CSV_HEADER.iter().copied())?;
                store.each_event(&query, |e| {
                    write_csv_line(&mut out, csv_fields(&e).iter().map(String::as_str))?;
                    n += 1;
                    Ok::<(), anyhow::Error>(())
                })?
            }
            ExportFormat::Tsv => {
                writeln!(out, "{}", TSV_HEADER.join("\t"))?;
                store.each_event(&query, |e| {
                    let row: Vec<String> = tsv_fields(&e)
                        .into_iter()
                        .map(|c| spreadsheet_safe(&c).replace(['\t', '\n', '\r'], " "))
                        .collect();
                    writeln!(out, "{}", row.join("\t"))?;
                    n += 1;
                    Ok::<(), anyhow::Error>(())
                })?
            }
            ExportFormat::Parquet => unreachable!("handled above"),
        }
        out.flush()?;
        Ok(())
    })();
    result.with_context(|| format!("cannot export to {out_name}"))?;
    eprintln!("marsad: exported {n} event{} to {out_name}", plural(n));
    Ok(())
}

/// The columns of the CSV export (and, typed, of the Parquet export).
pub const CSV_HEADER: [&str; 26] = [
    "id",
    "date",
    "date_end",
    "event",
    "negated",
    "mode",
    "cameo",
    "quad_code",
    "goldstein",
    "event_scale",
    "actor_codes",
    "recipient_codes",
    "actor",
    "recipient",
    "place",
    "place_country",
    "context",
    "aux",
    "trigger",
    "mentions",
    "articles",
    "sources",
    "language",
    "text",
    "tables",
    "confidence",
];

/// One event as the CSV columns, in [`CSV_HEADER`] order.
pub fn csv_fields(e: &StoredEvent) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    vec![
        e.id.clone(),
        opt(e.date.map(|d| d.to_string())),
        opt(e.date_end.map(|d| d.to_string())),
        e.event.clone(),
        e.negated.to_string(),
        opt(e.mode.clone()),
        opt(e.cameo.clone()),
        opt(e.quad_code.map(|q| q.to_string())),
        opt(e.goldstein.map(|g| g.to_string())),
        opt(e.event_scale.map(|g| g.to_string())),
        e.actor_codes.join(";"),
        e.recipient_codes.join(";"),
        names(&e.actor),
        names(&e.recipient),
        opt(place(e)),
        opt(e.location.as_ref().and_then(|l| l.country.clone())),
        e.context.join(";"),
        e.aux.join(";"),
        e.trigger.clone(),
        e.mentions.to_string(),
        e.articles.to_string(),
        e.sources.to_string(),
        e.language.clone(),
        e.text.clone(),
        opt(e.tables.clone()),
        opt(e.confidence.map(|c| format!("{c:.3}"))),
    ]
}

/// Writes one CSV line (RFC 4180 quoting: a field with a comma, quote or line break is quoted,
/// its quotes doubled), each field through [`spreadsheet_safe`].
pub fn write_csv_line<'a>(
    out: &mut impl Write,
    fields: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    let mut line = String::new();
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let f = spreadsheet_safe(f);
        let f = f.as_ref();
        if f.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&f.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(f);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// A cell that a spreadsheet would read as a formula, made text (issue 13; OWASP "CSV
/// Injection"): article text and names are untrusted, and a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets
/// (`=HYPERLINK(…)`, `@SUM(…)`, DDE). Such a cell gets a leading `'`, which spreadsheets show as
/// text and hide. Numbers (`-3.5`, a negative Goldstein score) and a lone `-` or `+` are left as
/// they are: a spreadsheet reads them as values, never as formulas.
/// Tools that read the CSV as data see the `'`; strip it if a cell must round-trip exactly.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || cell.len() == 1 || cell.trim().parse::<f64>().is_ok_and(f64::is_finite) {
        return cell.into();
    }
    format!("'{cell}").into()
}

const TSV_HEADER: [&str; 22] = [
    "id",
    "date",
    "year",
    "month",
    "day",
    "source",
    "source_root",
    "source_agent",
    "target",
    "target_root",
    "target_agent",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover",
    "mentions",
    "articles",
    "sources",
    "place",
    "country",
    "sentence",
];

/// One event as Phoenix-style columns: `source` is the first coded actor's country and sector
/// (`IRNGOV`), `source_root` its country, `source_agent` its sector.
fn tsv_fields(e: &StoredEvent) -> Vec<String> {
    let date = e.date;
    let part = |f: fn(NaiveDate) -> String| date.map(f).unwrap_or_default();
    let (src, src_root, src_agent) = phoenix_actor(&e.actor);
    let (tgt, tgt_root, tgt_agent) = phoenix_actor(&e.recipient);
    let cameo = e.cameo.clone().unwrap_or_default();
    vec![
        e.id.clone(),
        part(|d| d.format("%Y%m%d").to_string()),
        part(|d| d.format("%Y").to_string()),
        part(|d| d.format("%m").to_string()),
        part(|d| d.format("%d").to_string()),
        src,
        src_root,
        src_agent,
        tgt,
        tgt_root,
        tgt_agent,
        cameo.clone(),
        cameo.chars().take(2).collect(),
        e.quad_code.map(|q| q.to_string()).unwrap_or_default(),
        e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        e.event.clone(),
        e.mentions.to_string(),
        e.articles.to_string(),
        e.sources.to_string(),
        place(e).unwrap_or_default(),
        e.location
            .as_ref()
            .and_then(|l| l.country.clone())
            .unwrap_or_default(),
        e.text.clone(),
    ]
}

fn phoenix_actor(actors: &[marsad_coder::ActorRef]) -> (String, String, String) {
    actors
        .iter()
        .find(|a| a.code.is_some())
        .map(|a| {
            let root = a.code.clone().unwrap_or_default();
            let agent = a.sector.clone().unwrap_or_default();
            (format!("{root}{agent}"), root, agent)
        })
        .unwrap_or_default()
}

/// The lexicon names (or surfaces) of a side's actors, `;`-joined.
fn names(actors: &[marsad_coder::ActorRef]) -> String {
    actors
        .iter()
        .map(|a| a.name.clone().unwrap_or_else(|| a.text.clone()))
        .collect::<Vec<_>>()
        .join(";")
}

fn place(e: &StoredEvent) -> Option<String> {
    e.location
        .as_ref()
        .map(|l| l.place.clone().unwrap_or_else(|| l.text.clone()))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A Parquet file of events, written one row group at a time.
pub struct ParquetEvents {
    writer: SerializedFileWriter<BufWriter<File>>,
    rows: Vec<StoredEvent>,
    written: usize,
    path: PathBuf,
}

/// How one column is typed and read from an event.
enum Column {
    Str(fn(&StoredEvent) -> String),
    OptStr(fn(&StoredEvent) -> Option<String>),
    Date(fn(&StoredEvent) -> Option<NaiveDate>),
    Int(fn(&StoredEvent) -> i32),
    OptInt(fn(&StoredEvent) -> Option<i32>),
    OptFloat(fn(&StoredEvent) -> Option<f32>),
    Bool(fn(&StoredEvent) -> bool),
}

/// The Parquet columns, named as in [`CSV_HEADER`] (same order).
fn parquet_columns() -> Vec<(&'static str, Column)> {
    use Column::*;
    vec![
        ("id", Str(|e| e.id.clone())),
        ("date", Date(|e| e.date)),
        ("date_end", Date(|e| e.date_end)),
        ("event", Str(|e| e.event.clone())),
        ("negated", Bool(|e| e.negated)),
        ("mode", OptStr(|e| e.mode.clone())),
        ("cameo", OptStr(|e| e.cameo.clone())),
        ("quad_code", OptInt(|e| e.quad_code.map(i32::from))),
        ("goldstein", OptFloat(|e| e.goldstein)),
        ("event_scale", OptFloat(|e| e.event_scale)),
        ("actor_codes", Str(|e| e.actor_codes.join(";"))),
        ("recipient_codes", Str(|e| e.recipient_codes.join(";"))),
        ("actor", Str(|e| names(&e.actor))),
        ("recipient", Str(|e| names(&e.recipient))),
        ("place", OptStr(place)),
        (
            "place_country",
            OptStr(|e| e.location.as_ref().and_then(|l| l.country.clone())),
        ),
        ("context", Str(|e| e.context.join(";"))),
        ("aux", Str(|e| e.aux.join(";"))),
        ("trigger", Str(|e| e.trigger.clone())),
        ("mentions", Int(|e| e.mentions as i32)),
        ("articles", Int(|e| e.articles as i32)),
        ("sources", Int(|e| e.sources as i32)),
        ("language", Str(|e| e.language.clone())),
        ("text", Str(|e| e.text.clone())),
        ("tables", OptStr(|e| e.tables.clone())),
        ("confidence", OptFloat(|e| e.confidence.map(|c| c as f32))),
    ]
}

impl ParquetEvents {
    /// Creates `path` and writes the schema.
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let mut schema = String::from("message marsad_event {\n");
        for (name, col) in parquet_columns() {
            let ty = match col {
                Column::Str(_) => "REQUIRED BYTE_ARRAY {} (UTF8)",
                Column::OptStr(_) => "OPTIONAL BYTE_ARRAY {} (UTF8)",
                Column::Date(_) => "OPTIONAL INT32 {} (DATE)",
                Column::Int(_) => "REQUIRED INT32 {}",
                Column::OptInt(_) => "OPTIONAL INT32 {}",
                Column::OptFloat(_) => "OPTIONAL FLOAT {}",
                Column::Bool(_) => "REQUIRED BOOLEAN {}",
            };
            schema.push_str("  ");
            schema.push_str(&ty.replace("{}", name));
            schema.push_str(";\n");
        }
        schema.push('}');
        let schema = Arc::new(parse_message_type(&schema).context("the parquet schema")?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("marsad {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let writer = SerializedFileWriter::new(BufWriter::new(file), schema, props)
            .with_context(|| format!("cannot write to {}", path.display()))?;
        Ok(ParquetEvents {
            writer,
            rows: Vec::new(),
            written: 0,
            path: path.to_path_buf(),
        })
    }

    /// Adds one event, writing a row group when [`ROW_GROUP`] are buffered.
    pub fn push(&mut self, e: StoredEvent) -> anyhow::Result<()> {
        self.rows.push(e);
        if self.rows.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the last row group and the footer; returns how many events were written.
    pub fn finish(mut self) -> anyhow::Result<usize> {
        self.flush()?;
        self.writer
            .close()
            .with_context(|| format!("cannot write to {}", self.path.display()))?;
        Ok(self.written)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let path = self.path.display().to_string();
        self.write_row_group()
            .with_context(|| format!("cannot write to {path}"))?;
        self.written += self.rows.len();
        self.rows.clear();
        Ok(())
    }

    fn write_row_group(&mut self) -> parquet::errors::Result<()> {
        let rows = &self.rows;
        let mut group = self.writer.next_row_group()?;
        for (_, col) in parquet_columns() {
            let Some(mut w) = group.next_column()? else {
                break;
            };
            match col {
                Column::Str(f) => {
                    let v: Vec<ByteArray> = rows.iter().map(|e| bytes(f(e))).collect();
                    w.typed::<ByteArrayType>().write_batch(&v, None, None)?;
                }
                Column::OptStr(f) => {
                    let (v, def) = optional(rows, |e| f(e).map(bytes));
                    w.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&def), None)?;
                }
                Column::Date(f) => {
                    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
                    let (v, def) = optional(rows, |e| f(e).map(|d| (d - epoch).num_days() as i32));
                    w.typed::<Int32Type>().write_batch(&v, Some(&def), None)?;
                }
                Column::Int(f) => {
                    let v: Vec<i32> = rows.iter().map(f).collect();
                    w.typed::<Int32Type>().write_batch(&v, None, None)?;
                }
                Column::OptInt(f) => {
                    let (v, def) = optional(rows, f);
                    w.typed::<Int32Type>().write_batch(&v, Some(&def), None)?;
                }
                Column::OptFloat(f) => {
                    let (v, def) = optional(rows, f);
                    w.typed::<FloatType>().write_batch(&v, Some(&def), None)?;
                }
                Column::Bool(f) => {
                    let v: Vec<bool> = rows.iter().map(f).collect();
                    w.typed::<BoolType>().write_batch(&v, None, None)?;
                }
            }
            w.close()?;
        }
        group.close()?;
        Ok(())
    }
}

fn bytes(s: String) -> ByteArray {
    ByteArray::from(s.into_bytes())
}

/// The present values of an optional column and its definition levels (1 present, 0 null).
fn optional<T>(rows: &[StoredEvent], f: impl Fn(&StoredEvent) -> Option<T>) -> (Vec<T>, Vec<i16>) {
    let mut values = Vec::with_capacity(rows.len());
    let mut def = Vec::with_capacity(rows.len());
    for e in rows {
        match f(e) {
            Some(v) => {
                values.push(v);
                def.push(1);
            }
            None => def.push(0),
        }
    }
    (values, def)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let mut out = Vec::new();
        write_csv_line(&mut out, ["a", "b,c", "say \"hi\"", "x\ny"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
    }

    /// One cell through [`spreadsheet_safe`].
    fn check_cell(cell: &str, expected: &str) {
        assert_eq!(spreadsheet_safe(cell), expected, "{cell:?}");
    }

    #[test]
    fn issue_13_formula_cells_become_text() {
        check_cell(
            "=HYPERLINK(\"http://x\",\"y\")",
            "'=HYPERLINK(\"http://x\",\"y\")",
        );
        check_cell("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
        check_cell("-2+3", "'-2+3");
        check_cell("@SUM(A1:A2)", "'@SUM(A1:A2)");
        check_cell("\t=1", "'\t=1");
        check_cell("\r=1", "'\r=1");
        // Values a spreadsheet reads as values stay as they are.
        check_cell("-7.5", "-7.5");
        check_cell("+3", "+3");
        check_cell("-", "-");
        check_cell("IRN", "IRN");
        check_cell("", "");
        check_cell("a=b", "a=b");
    }

    #[test]
    fn parquet_columns_follow_the_csv_header() {
        let names: Vec<&str> = parquet_columns().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, CSV_HEADER);
    }
}
