//! `marsad code`: read documents, code them into events, write JSONL.
//!
//! The reading lives in [`crate::input`]; this module decides what to do with bad input,
//! resolves each document's language, hands the document to [`code_document`] and writes
//! whatever events come back, one JSON object per line (the record in DESIGN.md).
//! Until the coder crate lands, [`code_document`] returns no events.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use marsad_text::lang::{self, Lang};

use super::{parse_date_arg, parse_lang_arg};
use crate::input::{InputDoc, InputError, InputFormat, InputOptions, Inputs};

/// How many skipped inputs are reported one by one before only the count is kept.
const MAX_WARNINGS: usize = 20;

/// The long help of `marsad code` (used by the subcommand in `main.rs`).
pub const LONG_ABOUT: &str = "\
Code documents into PLOVER/CAMEO event records, one JSON object per line.

Inputs are text files (one document each, id = file stem), folders (walked recursively in sorted \
order for *.txt and *.jsonl files), JSONL files (one object per line: \
{\"id\", \"text\", \"date\"?, \"lang\"?, \"title\"?, \"url\"?, \"source\"?}), or stdin when no \
path or `-` is given. Paths ending in .jsonl are read as JSONL; --input forces one format for all.

A bad input (invalid JSON, a missing or non-string `text`, a bad `date` or `lang`, text that is \
not UTF-8) is reported with its file:line, skipped and counted; --strict stops at the first one. \
A summary (documents read, skipped with reasons, events written) goes to stderr.

The event coder is not built yet: for now no events are written.

Exit codes: 0 success (also when inputs were skipped), 1 a path cannot be opened, an output \
cannot be written, or --strict met a bad input, 2 bad usage.

Examples:
  marsad code --input jsonl examples/articles.jsonl
  marsad code articles/ --date 2026-02-07 --output events.jsonl
  cat article.txt | marsad code --lang ar --date 2026-02-06";

#[derive(Args, Debug)]
pub struct CodeArgs {
    /// Text files, JSONL files or folders; `-` or nothing reads stdin
    pub paths: Vec<PathBuf>,
    /// Read every input as this format (default: by extension, text for stdin)
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
}

/// Codes one document into event records (the JSONL shape of DESIGN.md).
///
/// This is the single place where the coder will be called; it returns no events until the
/// coder crate lands.
pub fn code_document(doc: &InputDoc, lang: Lang) -> Vec<serde_json::Value> {
    let _ = (doc, lang);
    Vec::new()
}

pub fn run(args: CodeArgs) -> anyhow::Result<()> {
    let options = InputOptions {
        format: args.input,
        date: args.date,
        lang: args.lang,
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

    let mut summary = Summary::default();
    for item in Inputs::new(args.paths, options) {
        let doc = match item {
            Ok(doc) => doc,
            Err(err) if err.is_fatal() => return Err(err.into()),
            Err(err) if args.strict => {
                return Err(
                    anyhow::Error::new(err).context("stopped at the first bad input (--strict)")
                )
            }
            Err(err) => {
                summary.skip(&err);
                continue;
            }
        };
        let lang = doc.lang.unwrap_or_else(|| lang::detect(&doc.text));
        summary.read(lang);
        for event in code_document(&doc, lang) {
            let line = serde_json::to_string(&event).context("cannot serialise an event")?;
            out.write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .with_context(|| format!("cannot write to {out_name}"))?;
            summary.events += 1;
        }
    }
    out.flush()
        .with_context(|| format!("cannot write to {out_name}"))?;
    eprintln!("marsad: {summary}");
    Ok(())
}

/// Counts for the line printed on stderr at the end of a run.
#[derive(Default)]
struct Summary {
    read: usize,
    by_lang: BTreeMap<&'static str, usize>,
    skipped: usize,
    skipped_by_reason: BTreeMap<&'static str, usize>,
    events: usize,
}

impl Summary {
    fn read(&mut self, lang: Lang) {
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
        write!(f, "; wrote {} event", self.events)?;
        if self.events != 1 {
            f.write_str("s")?;
        }
        Ok(())
    }
}
