//! `marsad eval`: score the coder on gold event data and print the figures.
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::code::{coder, load_lexicon};

/// The long help of `marsad eval`.
pub const LONG_ABOUT: &str = "\
Score the coder on gold event data. The main measure is the annotated gold of gold/ (format in \
gold/README.md and crates/marsad-eval/src/gold.rs: JSONL of {id, text, lang, date?, events: [...]}): per file and per language, type, type + actor \
and type + actor + recipient precision, recall and F1 (events matched one to one per sentence, on \
type, then on the sets of actor and recipient codes), a per-type table, and candidate recall (the \
share of gold events with a candidate of their type before the scorer decided). Sentences marked \
\"written\": true are training data and never scored. --errors lists every missed (MISS), \
spurious (SPUR) and wrongly attributed (ROLE) event with its sentence.

Secondary lines: Arabic PROTEST/ASSAULT sentence detection (precision, recall, \
F1 per type, by label), Arabic actor spans (country and sector accuracy), English PLOVER records \
(per-type precision/recall/F1, confusion table, source country accuracy) and CAMEO manual examples \
(root accuracy). Formats are recognised by their fields; folders are searched for *.jsonl.

With --floors FILE (lines `metric minimum`), exits 1 when a metric falls below its floor.

Examples:
  marsad eval ../shared/data/eval-dev
  marsad eval ../shared/data/eval-dev/plover_gsr --errors
  marsad eval ../shared/data/eval-dev --floors eval/floors.txt";

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold files or folders
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the sentences the coder gets wrong
    #[arg(long)]
    pub errors: bool,
    /// Fail when a metric falls below its floor in this file
    #[arg(long)]
    pub floors: Option<PathBuf>,
    /// Print the metrics as JSON
    #[arg(long)]
    pub json: bool,
    /// Read the lexicon (and its `scorer.tsv`) from this folder instead of the built-in one
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Score negated events too
    #[arg(long)]
    pub all: bool,
    /// Decide by the hand-written rules alone, without the trained event scorer
    #[arg(long)]
    pub no_model: bool,
}

pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let coder = coder(&lexicon, args.lexicon.as_deref(), args.no_model)?;
    let report = marsad_eval::evaluate(&coder, &args.paths, args.all)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.metrics)?);
    } else {
        print!("{}", report.text);
    }
    if args.errors {
        for e in &report.errors {
            println!("{e}");
        }
    }
    if let Some(path) = &args.floors {
        let floors = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let failed = marsad_eval::check_floors(&report, &floors);
        if !failed.is_empty() {
            anyhow::bail!("regression: {}", failed.join("; "));
        }
    }
    Ok(())
}
