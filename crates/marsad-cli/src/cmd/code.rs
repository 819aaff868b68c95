//! `marsad code`: read documents, code them into events, write JSONL.
//!
//! The reading lives in [`marsad_ingest::input`]; this module decides what to do with bad input,
//! resolves each document's language, hands the document to [`code_document`] (the ingest
//! pipeline's, so that both commands code a document alike) and writes whatever events come back,
//! one JSON object per line (the record of `crates/marsad-coder/src/record.rs`, described in
//! ARCHITECTURE.md, "The event record").
//! Documents are coded in parallel (rayon) in batches, and written in input order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use marsad_text::lang::{self, Lang};

use marsad_coder::{CodedDocument, Coder, EventRecord, Model, Options};
use marsad_lexicon::Lexicon;
use rayon::prelude::*;

use super::table::write_table;
use super::{parse_date_arg, parse_lang_arg};
use marsad_ingest::fetch::FetchOptions;
use marsad_ingest::input::{InputDoc, InputError, InputFormat, InputOptions, Inputs};
use marsad_ingest::pipeline::code_document;

/// How many skipped inputs are reported one by one before only the count is kept.
const MAX_WARNINGS: usize = 20;

/// The long help of `marsad code` (used by the subcommand in `main.rs`).
pub const LONG_ABOUT: &str = "\
Code documents into PLOVER/CAMEO event records, one JSON object per line. The record's fields \
are listed in ARCHITECTURE.md (\"The event record\") and spelled out in \
crates/marsad-coder/src/record.rs.

Inputs are text files (one document each, id = file stem), folders (walked recursively in sorted \
order for *.txt, *.jsonl, *.html, *.htm, *.xml, *.rss and *.atom files), JSONL files (*.jsonl, one \
object per line: {\"id\", \"text\", \"date\"?, \"lang\"?, \"title\"?, \"url\"?, \"source\"?}), HTML \
pages (*.html, *.htm: one document each, with title, date, language and URL from the page), RSS/Atom \
feeds (*.xml, *.rss, *.atom: one document per item), http(s):// URLs of pages and feeds (read by \
their Content-Type), or stdin when no path or `-` is given. Other files and stdin are sniffed: a \
feed or a page by its first tags, anything else is plain text. --input text|jsonl|html|feed forces \
one format for all (text turns sniffing off).

A bad input (invalid JSON, a missing or non-string `text`, a bad `date` or `lang`, text that is \
not UTF-8, a page without text, a feed that does not parse, a URL that fails, a document larger \
than --max-doc-bytes) is reported with its file:line or URL, skipped and counted; --strict stops at the first one. A summary (documents read, skipped with reasons, events written) goes to stderr.

Negated events are left out unless --all is given. --format table prints an aligned table for \
people (Arabic shown right to left by the terminal); --format tsv prints PETRARCH/Phoenix-style \
columns (id, date, source, source sector, target, target sector, CAMEO, PLOVER, mode, quad, \
Goldstein, trigger, sentence).

Exit codes: 0 success (also when inputs were skipped), 1 a path cannot be opened, an output \
cannot be written, or --strict met a bad input, 2 bad usage.

Examples:
  marsad code --input jsonl examples/articles.jsonl
  marsad code articles/ --date 2026-02-07 --output events.jsonl
  marsad code examples/feed.rss --format table
  cat article.txt | marsad code --lang ar --date 2026-02-06";

#[derive(Args, Debug)]
pub struct CodeArgs {
    /// Text, JSONL, HTML or feed files, folders, or http(s) URLs; `-` or nothing reads stdin
    pub paths: Vec<PathBuf>,
    /// Read every input as this format (default: by extension, else by content)
    #[arg(long, value_enum)]
    pub input: Option<InputFormat>,
    /// Stop with exit code 1 at the first bad input instead of skipping it
    #[arg(long)]
    pub strict: bool,
    /// Publication date (YYYY-MM-DD) for documents that carry none
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Language (ar, en, fa, other) for documents that carry none; default: detect
    #[arg(long, value_parser = parse_lang_arg)]
    pub lang: Option<Lang>,
    /// Write the events here instead of stdout
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Keep negated events too (marked `negated: true`)
    #[arg(long)]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Read the lexicon from this folder instead of the one built into the binary
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Leave out events the scorer gives less confidence than this (0 to 1)
    #[arg(long, value_parser = parse_confidence_arg)]
    pub min_confidence: Option<f64>,
    /// Decide by the hand-written rules alone, without the trained event scorer
    #[arg(long)]
    pub no_model: bool,
    /// Print every candidate event with the decision on it and why, instead of the events
    #[arg(long)]
    pub explain: bool,
    /// Skip documents (files, JSONL lines, pages) larger than this; accepts k, M and G suffixes
    #[arg(long, value_name = "BYTES", default_value = "10M", value_parser = parse_bytes_arg)]
    pub max_doc_bytes: u64,
}

/// How `marsad code` writes events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON record per line (fields: crates/marsad-coder/src/record.rs)
    Jsonl,
    /// An aligned table for people
    Table,
    /// PETRARCH/Phoenix-style tab-separated columns
    Tsv,
}

/// Documents coded together in parallel; bounds memory on large inputs.
const BATCH: usize = 512;

/// Bytes of text coded together: a batch closes early at this much, so that 512 documents near
/// the --max-doc-bytes limit are not held (and coded) at once.
const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// Loads the lexicon named by `--lexicon`, or the one built into the binary.
pub fn load_lexicon(dir: Option<&std::path::Path>) -> anyhow::Result<Lexicon> {
    match dir {
        Some(d) => Lexicon::load_dir(d)
            .with_context(|| format!("cannot load the lexicon in {}", d.display())),
        None => Lexicon::embedded().context("the built-in lexicon does not load"),
    }
}

/// The event scorer to code with: none with `--no-model`; with `--lexicon DIR`, the folder's
/// `scorer.tsv` (none when it has no such file); else the one built into the binary.
pub fn load_model(dir: Option<&std::path::Path>, no_model: bool) -> anyhow::Result<Option<Model>> {
    if no_model {
        return Ok(None);
    }
    let Some(dir) = dir else {
        return Ok(Coder::embedded_model());
    };
    let path = dir.join("scorer.tsv");
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Some(Model::parse(&text, &path.display().to_string())?))
}

/// A coder over `lexicon` deciding with the model `load_model` picks.
pub fn coder<'l>(
    lexicon: &'l Lexicon,
    dir: Option<&std::path::Path>,
    no_model: bool,
) -> anyhow::Result<Coder<'l>> {
    Ok(Coder::new(lexicon).with_model(load_model(dir, no_model)?))
}

/// Parses a size in bytes: a whole number, optionally followed by `k`, `M` or `G` (powers of
/// 1024, case-insensitive, with or without a final `B`).
pub fn parse_bytes_arg(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_suffix(['b', 'B']).unwrap_or(t);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_lowercase()),
        _ => (t, ' '),
    };
    let factor: u64 = match unit {
        ' ' => 1,
        'k' => 1 << 10,
        'm' => 1 << 20,
        'g' => 1 << 30,
        _ => return Err(format!("expected a size such as 10M or 500k, got {s:?}")),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a size such as 10M or 500k, got {s:?}"))
}

/// Parses a confidence between 0 and 1.
pub fn parse_confidence_arg(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("expected a number from 0 to 1, got {s}")),
    }
}

pub fn run(args: CodeArgs) -> anyhow::Result<()> {
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let coder = coder(&lexicon, args.lexicon.as_deref(), args.no_model)?;
    let options = InputOptions {
        format: args.input,
        date: args.date,
        lang: args.lang,
        // A fetched page is a document too: one limit for both.
        fetch: FetchOptions {
            max_bytes: args.max_doc_bytes,
            ..FetchOptions::default()
        },
        max_doc_bytes: args.max_doc_bytes,
    };
    let mut out: BufWriter<Box<dyn Write>> = match &args.output {
        Some(path) => BufWriter::new(Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => BufWriter::new(Box::new(io::stdout().lock())),
    };
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    let mut writer = EventWriter::new(args.format);

    let code_options = Options {
        all: args.all,
        min_confidence: args.min_confidence,
    };
    let mut summary = Summary::default();
    let mut batch: Vec<(InputDoc, Lang)> = Vec::with_capacity(BATCH);
    let mut batch_bytes = 0usize;
    let mut inputs = Inputs::new(args.paths, options).peekable();
    loop {
        let item = inputs.next();
        let done = item.is_none();
        if let Some(item) = item {
            let doc = match item {
                Ok(doc) => doc,
                Err(err) if err.is_fatal() => return Err(err.into()),
                Err(err) if args.strict => {
                    return Err(anyhow::Error::new(err)
                        .context("stopped at the first bad input (--strict)"))
                }
                Err(err) => {
                    summary.skip(&err);
                    continue;
                }
            };
            let lang = doc.lang.unwrap_or_else(|| lang::detect(&doc.text));
            summary.read(lang, doc.text.len());
            batch_bytes += doc.text.len();
            batch.push((doc, lang));
        }
        if batch.len() >= BATCH || batch_bytes >= BATCH_BYTES || (done && !batch.is_empty()) {
            let coded: Vec<CodedDocument> = batch
                .par_iter()
                .map(|(doc, lang)| code_document(&coder, doc, *lang, &code_options))
                .collect();
            summary.sentences += coded.iter().map(|c| c.sentences).sum::<usize>();
            if args.explain {
                for (doc, lang) in &batch {
                    let input = marsad_coder::DocumentInput {
                        id: &doc.id,
                        text: &doc.text,
                        date: doc.date,
                        lang: Some(*lang),
                    };
                    out.write_all(coder.explain(&input).as_bytes())
                        .with_context(|| format!("cannot write to {out_name}"))?;
                }
            }
            let shown = if args.explain {
                &coded[..0]
            } else {
                &coded[..]
            };
            for event in shown.iter().flat_map(|c| &c.events) {
                writer
                    .write(&mut out, event)
                    .with_context(|| format!("cannot write to {out_name}"))?;
                summary.events += 1;
            }
            batch.clear();
            batch_bytes = 0;
        }
        if done {
            break;
        }
    }
    writer
        .finish(&mut out)
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write to {out_name}"))?;
    eprintln!("marsad: {summary}");
    Ok(())
}

/// Writes events in the chosen format; the table is aligned once all rows are known.
struct EventWriter {
    format: OutputFormat,
    rows: Vec<Vec<String>>,
}

const TSV_HEADER: [&str; 13] = [
    "id",
    "date",
    "source",
    "source_sector",
    "target",
    "target_sector",
    "cameo",
    "plover",
    "mode",
    "quad",
    "goldstein",
    "trigger",
    "sentence",
];

impl EventWriter {
    fn new(format: OutputFormat) -> Self {
        EventWriter {
            format,
            rows: Vec::new(),
        }
    }

    fn write(&mut self, out: &mut impl Write, e: &EventRecord) -> io::Result<()> {
        match self.format {
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut *out, e).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            OutputFormat::Tsv => {
                if self.rows.is_empty() {
                    writeln!(out, "{}", TSV_HEADER.join("\t"))?;
                    self.rows.push(Vec::new());
                }
                let row: Vec<String> = columns(e)
                    .into_iter()
                    .map(|c| c.replace(['\t', '\n'], " "))
                    .collect();
                writeln!(out, "{}", row.join("\t"))
            }
            OutputFormat::Table => {
                self.rows.push(columns(e));
                Ok(())
            }
        }
    }

    fn finish(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.format != OutputFormat::Table {
            return Ok(());
        }
        // Columns up to the trigger are aligned; the sentence comes last, as is, so that the
        // terminal's bidi algorithm shows Arabic right to left.
        write_table(out, &TSV_HEADER, &self.rows)
    }
}

fn columns(e: &EventRecord) -> Vec<String> {
    let join = |v: &[marsad_coder::ActorRef], f: fn(&marsad_coder::ActorRef) -> Option<&str>| {
        v.iter()
            .map(|a| f(a).unwrap_or("-"))
            .collect::<Vec<_>>()
            .join("+")
    };
    vec![
        e.id.clone(),
        e.date.clone().unwrap_or_default(),
        join(&e.actor, |a| a.code.as_deref()),
        join(&e.actor, |a| a.sector.as_deref()),
        join(&e.recipient, |a| a.code.as_deref()),
        join(&e.recipient, |a| a.sector.as_deref()),
        e.cameo.clone().unwrap_or_default(),
        e.event.clone(),
        e.mode.clone().unwrap_or_default(),
        e.quad_code.map(|q| q.to_string()).unwrap_or_default(),
        e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        e.event_text
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        e.text.clone(),
    ]
}

/// Counts for the line printed on stderr at the end of a run.
#[derive(Default)]
struct Summary {
    read: usize,
    by_lang: BTreeMap<&'static str, usize>,
    skipped: usize,
    skipped_by_reason: BTreeMap<&'static str, usize>,
    events: usize,
    sentences: usize,
    bytes: usize,
    started: Option<std::time::Instant>,
}

impl Summary {
    fn read(&mut self, lang: Lang, bytes: usize) {
        self.started.get_or_insert_with(std::time::Instant::now);
        self.bytes += bytes;
        self.read += 1;
        *self.by_lang.entry(lang.as_str()).or_default() += 1;
    }

    /// Counts a skipped input and reports the first [`MAX_WARNINGS`] of them.
    fn skip(&mut self, err: &InputError) {
        self.skipped += 1;
        *self.skipped_by_reason.entry(err.kind.label()).or_default() += 1;
        if self.skipped <= MAX_WARNINGS {
            eprintln!("marsad: warning: {err}; skipped");
        } else if self.skipped == MAX_WARNINGS + 1 {
            eprintln!("marsad: warning: more inputs skipped; only counting them from now on");
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |m: &mut dyn Iterator<Item = (String, usize)>| {
            m.map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "read {} document", self.read)?;
        if self.read != 1 {
            f.write_str("s")?;
        }
        if self.read > 0 {
            let langs = list(&mut self.by_lang.iter().map(|(k, n)| (k.to_string(), *n)));
            write!(f, " ({langs})")?;
        }
        write!(f, "; skipped {}", self.skipped)?;
        if self.skipped > 0 {
            let reasons = list(
                &mut self
                    .skipped_by_reason
                    .iter()
                    .map(|(k, n)| (k.to_string(), *n)),
            );
            write!(f, " ({reasons})")?;
        }
        write!(f, "; coded {} sentences", self.sentences)?;
        write!(f, "; wrote {} event", self.events)?;
        if self.events != 1 {
            f.write_str("s")?;
        }
        // Throughput from the first document read to the end: reading, splitting, coding and
        // writing, the end-to-end figure that scripts/measure-coder-speed.sh reports.
        if let Some(started) = self.started {
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            write!(
                f,
                " in {secs:.2} s ({:.0} sentences/s, {:.1} MB/s)",
                self.sentences as f64 / secs,
                self.bytes as f64 / secs / 1e6
            )?;
        }
        Ok(())
    }
}
