//! `marsad train`: fit the event scorer on annotated sentences and write its weights file.
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use marsad_coder::scorer::TrainOptions;
use marsad_coder::Coder;
use marsad_eval::train::Settings;

use super::code::load_lexicon;

/// The long help of `marsad train`.
pub const LONG_ABOUT: &str = "\
Fit the event scorer (a logistic regression over named features of each candidate event) on \
annotated sentences in the format of gold/README.md (crates/marsad-eval/src/gold.rs), and write its weights file. The rule stages \
propose candidates; a candidate matched one to one with a gold event (type, then actor and \
recipient codes) is a positive example. The threshold is chosen on cross-validated predictions, \
and the cross-validated figures (model and rules alone, per language) are printed: those are the \
honest figures, since the model's own training data flatters it.

Training is deterministic: the same data and lexicon give the same file, byte for byte. \
--check retrains and fails (exit 1) when the result differs from the file at --output.

Examples:
  marsad train                      # gold/ → lexicon/scorer.tsv, 5-fold figures
  marsad train --cv 10 gold/dev     # other folds, part of the data
  marsad train --check              # is lexicon/scorer.tsv what the repository's data gives?";

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Annotated JSONL files or folders (searched for *.jsonl)
    #[arg(default_value = "gold")]
    pub paths: Vec<PathBuf>,
    /// Cross-validation folds
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=50))]
    pub cv: u16,
    /// Where to write the weights
    #[arg(long, short, default_value = "lexicon/scorer.tsv")]
    pub output: PathBuf,
    /// Do not write: fail when the retrained weights differ from the file at --output
    #[arg(long)]
    pub check: bool,
    /// Print the model's cross-validated errors (every missed, spurious and misattributed event)
    #[arg(long)]
    pub errors: bool,
    /// Read the lexicon from this folder instead of the one built into the binary
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// L2 penalty (the shipped weights use the default)
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    pub l2: f64,
    /// Passes over the examples
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Features seen in fewer examples than this get no weight
    #[arg(long, default_value_t = TrainOptions::default().min_count)]
    pub min_count: usize,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let coder = Coder::new(&lexicon).with_model(None);
    let sentences = marsad_eval::read_annotated(&args.paths)?;
    anyhow::ensure!(
        !sentences.is_empty(),
        "no annotated sentences in {}",
        args.paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let settings = Settings {
        folds: usize::from(args.cv),
        train: TrainOptions {
            l2: args.l2,
            epochs: args.epochs,
            min_count: args.min_count,
            ..TrainOptions::default()
        },
    };
    let trained = marsad_eval::train::train(&coder, &sentences, &settings);
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", trained.text)?;
    if args.errors {
        for e in &trained.errors {
            writeln!(stdout, "{e}")?;
        }
    }
    let text = trained.model.write();
    if args.check {
        let shipped = std::fs::read_to_string(&args.output)
            .with_context(|| format!("cannot read {}", args.output.display()))?;
        anyhow::ensure!(
            shipped == text,
            "{} is not what `marsad train` gives from this data and lexicon: retrain and commit it",
            args.output.display()
        );
        writeln!(stdout, "{} reproduced byte for byte", args.output.display())?;
    } else {
        std::fs::write(&args.output, &text)
            .with_context(|| format!("cannot write {}", args.output.display()))?;
        writeln!(stdout, "wrote {}", args.output.display())?;
    }
    Ok(())
}
