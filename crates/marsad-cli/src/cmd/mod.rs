//! One module per `marsad` subcommand, plus the argument parsers they share.
pub mod alerts;
pub mod code;
pub mod eval;
pub mod events;
pub mod export;
pub mod ingest;
pub mod lexicon;
pub mod monitor;
pub mod queue;
pub mod report;
pub mod run;
pub mod serve;
pub mod table;
pub mod text;
pub mod train;
pub mod worker;

use chrono::NaiveDate;
use marsad_text::lang::Lang;

/// Parses a `--date` argument (`YYYY-MM-DD`).
pub(crate) fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    marsad_ingest::input::parse_date(s).ok_or_else(|| format!("expected YYYY-MM-DD, got {s:?}"))
}

/// Parses a `--lang` argument (`ar`, `en`, `fa`, `other`).
pub(crate) fn parse_lang_arg(s: &str) -> Result<Lang, String> {
    s.parse::<Lang>()
        .map_err(|_| format!("expected ar, en, fa or other, got {s:?}"))
}

/// A command line that parsed but asks for something that cannot be (an unknown event type, an
/// inverted date range, Parquet to stdout). `main` prints it once and exits with 2, like clap's
/// own usage errors, so that scripts can tell a mistyped command from a failed one.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Fails with a [`UsageError`] built from `format!` arguments.
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new($crate::cmd::UsageError(format!($($arg)*))))
    };
}
pub(crate) use usage;
