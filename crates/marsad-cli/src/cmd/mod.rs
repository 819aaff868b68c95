//! One module per `marsad` subcommand, plus the argument parsers they share.
pub mod code;
pub mod eval;
pub mod events;
pub mod export;
pub mod ingest;
pub mod lexicon;
pub mod monitor;
pub mod report;
pub mod run;
pub mod serve;
pub mod table;
pub mod text;
pub mod train;

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
