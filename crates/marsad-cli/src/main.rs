//! The `marsad` binary: a thin shell over the library crates.
//! Each subcommand lives in its own module under `cmd/`: parse, call one library function, print.
//!
//! Exit codes: 0 success, 1 failure (the cause chain is printed once with a `marsad:` prefix),
//! 2 bad usage (from clap).

mod cmd;

use clap::{Parser, Subcommand};

/// Marsad (مرصد): reads Arabic and English news and codes who did what to whom.
#[derive(Parser)]
#[command(name = "marsad", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what the text layer does with a document (language, sentences, tokens, dates)
    #[command(subcommand)]
    Text(cmd::text::TextCommand),
    /// Code documents into PLOVER/CAMEO event records (JSONL)
    Code(cmd::code::CodeArgs),
    /// Check, search and import the lexicon
    #[command(subcommand)]
    Lexicon(cmd::lexicon::LexiconCommand),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Text(c) => cmd::text::run(c),
        Command::Code(a) => cmd::code::run(a),
        Command::Lexicon(c) => cmd::lexicon::run(c),
    };
    if let Err(err) = result {
        eprintln!("marsad: {err:#}");
        std::process::exit(1);
    }
}
