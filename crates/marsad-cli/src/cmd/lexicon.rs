//! `marsad lexicon …`: check, look up, count and import lexicon entries.
//!
//! Every subcommand reads the lexicon compiled into the binary unless `--lexicon DIR` names a
//! folder of lexicon files. Exit codes: 0 success, 1 when `check` finds errors or a command fails.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use marsad_lexicon::import::{import_petrarch, ImportKind};
use marsad_lexicon::report::{explain, stats};
use marsad_lexicon::{Lang, Lexicon, Severity};

#[derive(Subcommand)]
pub enum LexiconCommand {
    /// Check every lexicon file: formats, codes, dates, duplicates, ambiguous aliases, and
    /// generated trigger forms spelled like frequent words (settled in collisions.tsv)
    Check {
        /// Lexicon folder (default: the lexicon built into marsad)
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
        /// Folder of frequency lists ar.txt, en.txt, fa.txt (default: DIR/frequency, or for the
        /// built-in lexicon the lexicon/frequency folder of the source tree marsad was built from)
        #[arg(long, value_name = "DIR")]
        frequency: Option<PathBuf>,
    },
    /// Show what each span of TEXT matches in the lexicon, and why
    Lookup {
        text: String,
        /// Date for actor roles (YYYY-MM-DD); without it every role is shown
        #[arg(long, value_name = "D")]
        date: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
        /// One JSON object per match instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Count entries per file, type and language, and the generated forms
    Stats {
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Convert a PETRARCH/TABARI dictionary to our TSV on stdout; unconverted lines go to stderr
    ImportPetrarch {
        kind: Kind,
        file: PathBuf,
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        /// Lexicon whose cameo.tsv maps verb codes to PLOVER (default: built in)
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Actors,
    Agents,
    Verbs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Ar,
    Fa,
}

pub fn run(cmd: LexiconCommand) -> anyhow::Result<()> {
    match cmd {
        LexiconCommand::Check { lexicon, frequency } => {
            let lx = Lexicon::check_all(lexicon.as_deref(), frequency.as_deref())?;
            let mut errors = 0;
            for d in lx.diagnostics() {
                println!("{d}");
                errors += usize::from(d.severity == Severity::Error);
            }
            let warnings = lx.diagnostics().len() - errors;
            eprintln!(
                "{} patterns from {} countries, {} actors, {} triggers; {errors} errors, {warnings} warnings",
                lx.patterns.len(),
                lx.countries.len(),
                lx.actors.len(),
                lx.triggers.len()
            );
            if errors > 0 {
                anyhow::bail!("the lexicon has {errors} errors");
            }
            Ok(())
        }
        LexiconCommand::Lookup {
            text,
            date,
            lexicon,
            json,
        } => {
            let lx = load(lexicon.as_deref())?;
            let tokens = marsad_text::token::tokenize(&text);
            for m in lx.matcher().find_in(&text, &tokens) {
                let e = explain(&lx, &text, &m, date);
                if json {
                    println!("{}", serde_json::to_string(&e)?);
                    continue;
                }
                let mut clitics: Vec<String> =
                    e.proclitics.iter().map(|p| format!("{p}+")).collect();
                clitics.extend(e.enclitic.map(|c| format!("+{c}")));
                println!(
                    "{:>4}..{:<4} {:<24} {:<8} {:<32} form: {}{}{}  [{}]",
                    e.start,
                    e.end,
                    e.text,
                    e.kind,
                    e.what,
                    e.form,
                    if clitics.is_empty() {
                        String::new()
                    } else {
                        format!("  clitics: {}", clitics.join(" "))
                    },
                    if e.roles.is_empty() {
                        String::new()
                    } else {
                        format!("  roles: {}", e.roles.join(" | "))
                    },
                    e.source
                );
            }
            Ok(())
        }
        LexiconCommand::Stats { lexicon, json } => {
            let lx = load(lexicon.as_deref())?;
            let s = stats(&lx);
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(());
            }
            println!("rows:");
            for (k, v) in &s.rows {
                println!("  {k:<14} {v}");
            }
            println!("patterns (generated forms included): {}", lx.patterns.len());
            for (k, v) in &s.patterns {
                println!("  {k:<18} {v}");
            }
            println!("distinct token keys: {}", s.symbols);
            println!("cameo table: {}", s.cameo_version.as_deref().unwrap_or("-"));
            println!(
                "plover table: {}",
                s.plover_version.as_deref().unwrap_or("-")
            );
            Ok(())
        }
        LexiconCommand::ImportPetrarch {
            kind,
            file,
            lang,
            lexicon,
        } => {
            let text =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            // PETRARCH files are mostly UTF-8 with stray Latin-1 bytes: keep going on those.
            let text = String::from_utf8_lossy(&text);
            let lx = load(lexicon.as_deref())?;
            let kind = match kind {
                Kind::Actors => ImportKind::Actors,
                Kind::Agents => ImportKind::Agents,
                Kind::Verbs => ImportKind::Verbs,
            };
            let lang = match lang {
                LangArg::En => Lang::En,
                LangArg::Ar => Lang::Ar,
                LangArg::Fa => Lang::Fa,
            };
            let out = import_petrarch(kind, &text, lang, &lx);
            print!("{}", out.tsv);
            for s in &out.skipped {
                eprintln!(
                    "{}:{}: not converted: {}: {}",
                    file.display(),
                    s.line,
                    s.reason,
                    s.text
                );
            }
            eprintln!(
                "{} rows converted, {} lines not converted",
                out.rows,
                out.skipped.len()
            );
            Ok(())
        }
    }
}

/// The lexicon with every diagnostic, from `dir` or the built-in copy.
fn load_checked(dir: Option<&Path>) -> anyhow::Result<Lexicon> {
    Ok(match dir {
        Some(d) => Lexicon::check_dir(d)?,
        None => Lexicon::check_embedded(),
    })
}

/// The lexicon for lookups and counts: rows with errors are skipped with a note on stderr
/// (`check` lists them), so that one bad row does not hide the rest.
fn load(dir: Option<&Path>) -> anyhow::Result<Lexicon> {
    let lx = load_checked(dir)?;
    let errors = lx
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("marsad: the lexicon has {errors} errors; those rows are skipped (run `marsad lexicon check`)");
    }
    Ok(lx)
}
