//! Watches: what the analyst reads. A watch (a TOML file in `watches/`) names two parties, their
//! mediators, and indicators grouped into tests; this crate turns stored events into the watch's
//! series, alerts and verdicts, and renders them as a terminal report, a Markdown or HTML brief
//! with charts, or JSON.
//!
//! The flow is three calls:
//!
//! 1. [`Watch::load`] (or [`Watch::from_toml`]) reads a definition, with `file:line:column` errors,
//!    and checks its event types, modes, contexts, sectors and codes against the lexicon
//!    ([`Vocabulary`]);
//! 2. [`evaluate`] assesses a slice of [`StoredEvent`]s over a [`Period`]: buckets (day or ISO
//!    week), the dyad series in each direction (counts per quad class, Goldstein and PLOVER-score
//!    sums and means), each indicator's value per bucket and per window with its change, the
//!    [`Alert`]s (threshold, spike, silence) and a [`Verdict`] per window (`progress`,
//!    `managed stalemate`, `escalation`) by the rule documented in [`verdict`];
//! 3. [`render`] writes the [`Assessment`] as text, Markdown, HTML or JSON, and [`chart`] draws its
//!    time series as SVG and PNG.
//!
//! Over a database, [`assess()`] does step 2 for every reader (`marsad report`, `marsad run
//! --watch`, the API and the dashboard), so they cannot disagree: it resolves the period (the
//! default ends on the latest publication date, not on an event date an article projects into a
//! later year), reads the watch's events with [`load_events`], evaluates, and counts the watch's
//! events the period leaves out. A window with none of the watch's events reads
//! [`Verdict::NoData`]; an indicator counts an event only when the event's type and mode (its
//! CAMEO quad class) point the indicator's way ([`filter::agrees`]).
//!
//! A watch may also hold sequence rules ([`sequence`], `[[sequence]]`): "an event matching B
//! within Δt after (or before) an event matching A". Each match keeps both events, in
//! [`Assessment::sequences`]; an indicator that names a sequence counts its matches, so a sequence
//! feeds alerts and the verdict like any indicator.
//!
//! [`Assessment::history`] is the verdict over time: the same rule judged on the window ending
//! with each bucket, with the change points and the events that entered and left the window
//! ([`history`]). Two of an analyst's questions are pure functions too: [`around::around`], what a
//! dyad did in the hours around one event, and [`compare::compare`], the watch's tests over two
//! periods side by side.
//!
//! Every number keeps the ids of the events behind it, and [`Assessment::events`] holds those
//! events with their representative sentence, so each verdict can be traced to the words that
//! moved it. Negated events, events with an excluded aux mode (by default `hypothetical`) and
//! undated events are counted in [`Skipped`], never dropped silently.
//!
//! Cost: assessing the flagship watch over 100 000 events and 365 daily buckets takes about 0.45 s
//! (`cargo bench -p marsad-watch`, synthetic corpus; 0.25–0.28 s with the verdict over time, against
//! 0.235 s without it, in a later run on a less loaded machine); `marsad report` over the examples takes
//! 0.2–0.3 s in a debug build, start to finish.
//!
//! The crate reads the database in one module, [`store`]; everything else is a pure function
//! over `&[StoredEvent]`, which is how the tests build their corpora. It knows nothing of HTTP or of
//! the command line: the `marsad report` command and the server call these functions.
//!
//! ```
//! use marsad_watch::{evaluate, Period, Verdict, Vocabulary, Watch};
//! use marsad_store::model::StoredEvent;
//!
//! let watch = Watch::from_toml(r#"
//!     name = "Iran–US talks"
//!     parties = [{ code = "IRN", label = "Iran" }, { code = "USA", label = "United States" }]
//!     [[test]]
//!     id = "talks"
//!     [[indicator]]
//!     id = "meetings"
//!     test = "talks"
//!     direction = "progress"
//!     events = ["CONSULT"]
//!     scope = "dyad"
//! "#, "doc.toml", Vocabulary::embedded()).unwrap();
//!
//! // "Iran's foreign minister met the American envoys in Muscat" (examples/, 6 February).
//! let met: StoredEvent = serde_json::from_value(serde_json::json!({
//!     "id": "ev-1", "event": "CONSULT", "mode": null, "context": ["diplomatic"],
//!     "cameo": "040", "quad_code": 1, "event_scale": 2.5, "goldstein": 1.0,
//!     "date": "2026-02-06", "date_end": null, "negated": false, "aux": [],
//!     "actor": [{"text": "وزير الخارجية الإيراني", "start": 6, "end": 28, "code": "IRN",
//!                "sector": "GOV", "name": null, "wikidata": null}],
//!     "recipient": [{"text": "المبعوث الأمريكي", "start": 34, "end": 50, "code": "USA",
//!                    "sector": "GOV", "name": null, "wikidata": null}],
//!     "actor_codes": ["IRN"], "recipient_codes": ["USA"], "location": null,
//!     "trigger": "اجتمع", "text": "اجتمع وزير الخارجية الإيراني مع المبعوث الأمريكي في مسقط",
//!     "language": "ar", "mentions": 1, "articles": 1, "sources": 1, "tables": null
//! })).unwrap();
//!
//! let a = evaluate(&watch, &[met], Period::default()).unwrap();
//! assert_eq!(a.indicator("meetings").unwrap().windows.last().unwrap().value, 1.0);
//! assert_eq!(a.dyads[0].label, "IRN→USA");
//! // One meeting scores +1, not above the default progress threshold of 2.
//! assert_eq!(a.current().unwrap().verdict, Verdict::ManagedStalemate);
//! ```

pub mod alert;
pub mod around;
pub mod assess;
pub mod chart;
pub mod compare;
pub mod def;
pub mod error;
pub mod filter;
pub mod history;
pub mod render;
pub mod sequence;
pub mod source;
pub mod store;
pub mod verdict;

pub use around::{Around, AroundEntry};
pub use assess::{
    evaluate, Alert, AlertKind, Assessment, BucketInfo, DyadPoint, DyadSeries, EvidenceEvent,
    IndicatorSeries, IndicatorWindow, Period, Skipped, TestWindow, WindowAssessment,
};
pub use chart::Chart;
pub use compare::Comparison;
pub use def::{
    AlertRule, Bucket, Direction, Filter, Indicator, Measure, Party, Scope, Sequence,
    SequenceOrder, SequenceStep, Verdict, VerdictRule, Vocabulary, Watch,
};
pub use error::{Error, ErrorKind};
pub use history::{HistoryCell, HistoryTest, VerdictChange};
pub use marsad_store::model::StoredEvent;
pub use sequence::{SequenceMatch, SequenceSeries};
pub use source::Source;
pub use store::{assess, load_events, resolve_period, Assessed};

#[cfg(test)]
mod tests;
