//! The `marsad` binary: a thin shell over the library crates.
//! Each subcommand lives in its own module under `cmd/`: parse, call one library function, print.
//!
//! Exit codes: 0 success (also when the reader of stdout has gone), 1 failure (the cause chain is
//! printed once with a `marsad:` prefix), 2 bad usage (from clap, or a [`cmd::UsageError`]).

mod cmd;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: coding a document allocates many small strings and
/// vectors, and glibc's malloc and free took about 40% of `marsad code`'s time (perf, one thread).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Marsad (مرصد): reads Arabic and English news and codes who did what to whom.
#[derive(Parser)]
#[command(name = "marsad", version, about, long_about = LONG_ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what the text layer does with a document (language, sentences, tokens, dates)
    #[command(subcommand, long_about = TEXT_LONG_ABOUT)]
    Text(cmd::text::TextCommand),
    /// Code documents into PLOVER/CAMEO event records (JSONL)
    #[command(long_about = cmd::code::LONG_ABOUT)]
    Code(cmd::code::CodeArgs),
    /// Check, search and import the lexicon
    #[command(subcommand)]
    Lexicon(cmd::lexicon::LexiconCommand),
    /// Score the coder on gold event data
    #[command(long_about = cmd::eval::LONG_ABOUT)]
    Eval(cmd::eval::EvalArgs),
    /// Fit the event scorer on annotated sentences (writes lexicon/scorer.tsv)
    #[command(long_about = cmd::train::LONG_ABOUT)]
    Train(cmd::train::TrainArgs),
    /// Ingest, code and store news, then report what was found (default input: examples/)
    #[command(long_about = cmd::run::LONG_ABOUT)]
    Run(cmd::run::RunArgs),
    /// Read news into a database of articles and merged events
    #[command(long_about = cmd::ingest::LONG_ABOUT)]
    Ingest(cmd::ingest::IngestArgs),
    /// Query the stored events
    #[command(long_about = cmd::events::LONG_ABOUT)]
    Events(cmd::events::EventsArgs),
    /// Export the stored events as PLOVER JSONL, CSV, Phoenix-style TSV or Parquet
    #[command(long_about = cmd::export::LONG_ABOUT)]
    Export(cmd::export::ExportArgs),
    /// Serve the JSON API and the dashboard over an event database
    #[command(long_about = cmd::serve::LONG_ABOUT)]
    Serve(cmd::serve::ServeArgs),
    /// Assess a watch: dyad series, indicators, alerts, verdict, and a brief with charts
    #[command(long_about = cmd::report::LONG_ABOUT)]
    Report(cmd::report::ReportArgs),
    /// List a watch's stored alerts and their webhook deliveries
    #[command(long_about = cmd::alerts::LONG_ABOUT)]
    Alerts(cmd::alerts::AlertsArgs),
    /// Poll the watches' sources, ingest, reassess and serve the dashboard until stopped
    #[command(long_about = cmd::monitor::LONG_ABOUT)]
    Monitor(cmd::monitor::MonitorArgs),
    /// Code and store the batches of a PostgreSQL database's work queue (one of many workers)
    #[command(long_about = cmd::worker::LONG_ABOUT)]
    Worker(cmd::worker::WorkerArgs),
    /// Show the work queue of a PostgreSQL database, or put parked batches back
    #[command(subcommand, long_about = cmd::queue::LONG_ABOUT)]
    Queue(cmd::queue::QueueCommand),
}

const LONG_ABOUT: &str = "\
Marsad (مرصد): reads Arabic and English news and codes who did what to whom as PLOVER/CAMEO events.

Examples:
  marsad code --input jsonl examples/articles.jsonl
  marsad text split article.txt
  echo 'رفضت إيران المطالب الأمريكية يوم الجمعة' | marsad text dates --date 2026-02-08

Exit codes: 0 success, 1 failure (the cause is printed once, prefixed with `marsad:`), 2 bad usage.";

const TEXT_LONG_ABOUT: &str = "\
Show what the text layer does with one document, as pretty JSON: its language, sentences, tokens \
and date expressions. Offsets are Unicode code points into the document.

Examples:
  marsad text lang article.txt
  marsad text split article.txt
  echo 'وأصرت إيران على المحادثات' | marsad text tokens
  echo 'التقى الوفدان يوم 6 شباط/فبراير' | marsad text dates --date 2026-02-08";

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Text(c) => cmd::text::run(c),
        Command::Code(a) => cmd::code::run(a),
        Command::Lexicon(c) => cmd::lexicon::run(c),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Alerts(a) => cmd::alerts::run(a),
        Command::Monitor(a) => cmd::monitor::run(a),
        Command::Worker(a) => cmd::worker::run(a),
        Command::Queue(c) => cmd::queue::run(c),
    };
    if let Err(err) = result {
        // A closed pipe (`marsad events | head -1`) is the reader's choice, not a failure.
        if is_broken_pipe(&err) {
            return;
        }
        eprintln!("marsad: {}", message(&err));
        let usage = err.downcast_ref::<cmd::UsageError>().is_some();
        std::process::exit(if usage { 2 } else { 1 });
    }
}

/// The error and its causes on one line, each cause said once.
///
/// Library errors often repeat their source in their own message (`cannot open the database:
/// file is not a database`, whose source is `file is not a database`, whose source is `Error code
/// 26: file is not a database`), so anyhow's `{:#}` would print the same cause two or three
/// times. A cause is left out when the message already says what it says last: its text after
/// the last `: ` (`Error code 26: file is not a database` adds only an error number, `unable to
/// open database file: /x/y.db` only the path the message starts with).
fn message(err: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let text = text.trim();
        let last = text.rsplit(": ").next().unwrap_or(text);
        if text.is_empty() || msg.contains(text) || msg.contains(last) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(text);
    }
    msg
}

/// True when the error comes from writing to a pipe whose reader has gone, including through a
/// JSON writer.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let io = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
        let json = e
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind)
            == Some(std::io::ErrorKind::BrokenPipe);
        io || json
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds an error whose chain is `chain` (outermost first) and compares its message.
    fn check(chain: &[&'static str], expected: &str) {
        // The innermost cause first, then each context around it.
        let mut err = anyhow::anyhow!(chain[chain.len() - 1]);
        for c in chain.iter().rev().skip(1) {
            err = err.context(*c);
        }
        assert_eq!(message(&err), expected);
    }

    #[test]
    fn issue_13_each_cause_is_printed_once() {
        check(
            &[
                "README.md: cannot open the database: file is not a database",
                "cannot open the database: file is not a database",
                "file is not a database",
                "Error code 26: file is not a database",
            ],
            "README.md: cannot open the database: file is not a database",
        );
        check(
            &[
                "cannot export to out.csv",
                "Permission denied (os error 13)",
            ],
            "cannot export to out.csv: Permission denied (os error 13)",
        );
        check(&["a.watch: bad toml"], "a.watch: bad toml");
    }
}
