//! Watch definitions: the TOML format of `watches/`, read with `file:line:column` errors and checked
//! against the lexicon's event types, modes, contexts, sectors and country codes.
//!
//! The format is documented in `watches/README.md`; this module is its one reader.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use marsad_lexicon::Lexicon;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{position, Error, ErrorKind};

mod notify;
pub use notify::{Notify, Secret};

/// One watch: two parties, their mediators, the indicators grouped into tests, alert rules and the
/// verdict rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Watch {
    /// Short key (the file stem unless the file sets `id`).
    pub id: String,
    pub name: String,
    pub description: String,
    /// Where the watch was read from (a path, or the origin given to [`Watch::from_toml`]).
    pub origin: String,
    /// The two sides of the dyad, in the order the file gives them.
    pub parties: [Party; 2],
    pub mediators: Vec<Party>,
    /// Length of a verdict window in days.
    pub window_days: u32,
    pub bucket: Bucket,
    /// Events with any of these aux modes are left out (negated events always are).
    pub exclude_aux: Vec<String>,
    /// Events the coder's scorer gave less confidence than this are left out (events coded
    /// without a scorer carry none and are read).
    pub min_confidence: Option<f64>,
    pub tests: Vec<Test>,
    pub indicators: Vec<Indicator>,
    pub alerts: Vec<AlertRule>,
    pub verdict: VerdictRule,
    /// Sequence rules (`[[sequence]]`): an event matching one filter within a time after or before
    /// an event matching another (see [`crate::sequence`]).
    pub sequences: Vec<Sequence>,
    /// Webhooks that receive the watch's alerts (`[[notify]]`).
    pub notify: Vec<Notify>,
    /// The feeds and pages `marsad monitor` polls for this watch (`[[source]]`).
    pub sources: Vec<crate::source::Source>,
}

/// A party or mediator: a country (or non-state) code, optionally narrowed to sectors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    pub code: String,
    /// Empty: any sector (and none).
    pub sectors: Vec<String>,
    /// The name a reader sees (`Iran`); defaults to the code.
    pub label: String,
}

/// How series are cut: by day, or by ISO week (Monday to Sunday).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bucket {
    #[default]
    Day,
    Week,
}

/// A question the watch answers (`enrichment`), made of indicators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Test {
    pub id: String,
    pub title: String,
    pub question: String,
}

/// A filter over stored events with a direction and a weight; its value in a period is the number
/// of matching events (or their mentions, see [`Measure`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    pub id: String,
    pub test: String,
    pub title: String,
    pub direction: Direction,
    pub weight: f64,
    pub measure: Measure,
    pub filter: Filter,
    /// Set: the indicator counts the matches of this sequence rule (dated by the later of their
    /// two events) instead of events passing `filter`, which is then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// A sequence rule: "an event matching `b` within `within_hours` after (or before) an event
/// matching `a`". Each match keeps both events; see [`crate::sequence`] for how a pair is timed
/// and ordered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sequence {
    pub id: String,
    pub title: String,
    pub a: SequenceStep,
    pub b: SequenceStep,
    /// Whether `b` comes after `a` or before it.
    pub order: SequenceOrder,
    /// Δt in hours (`within = "72h"`, or `"7d"` = 168 hours).
    pub within_hours: u32,
}

/// One side of a sequence: an event filter, as an indicator's, and an optional minimum confidence.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SequenceStep {
    pub filter: Filter,
    /// Events the coder's scorer gave less confidence than this do not match (events coded
    /// without a scorer carry none and match).
    pub min_confidence: Option<f64>,
}

/// Which way `b` lies from `a` in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SequenceOrder {
    After,
    Before,
}

/// Which way an indicator pushes the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Progress,
    Escalation,
}

impl Direction {
    /// True when an event of this CAMEO quad class can push the verdict this way: cooperation
    /// (quads 1 and 2) toward progress, conflict (3 and 4) toward escalation. A demand, a
    /// refusal, an accusation or a threat (quad 3) is never progress, whatever filter matched it
    /// (issue 13, item 14).
    pub fn agrees_with_quad(self, quad: u8) -> bool {
        match self {
            Direction::Progress => matches!(quad, 1 | 2),
            Direction::Escalation => matches!(quad, 3 | 4),
        }
    }

    /// +1 toward progress, −1 toward escalation.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Progress => 1.0,
            Direction::Escalation => -1.0,
        }
    }
}

/// What an indicator counts. `events` (the default) counts distinct merged events, so that one
/// happening echoed by ten outlets weighs once; `mentions` counts the sentences reporting them,
/// a measure of attention rather than of activity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    #[default]
    Events,
    Mentions,
}

/// Which participants an event must have, relative to the watch's parties and mediators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// No constraint beyond the other filter fields.
    #[default]
    Any,
    /// Either party among the actors or the recipients.
    Party,
    /// One party among the actors and the other among the recipients (either direction), or both
    /// parties among the actors of a reciprocal event.
    Dyad,
    /// As `dyad`, or a party acting with no recipient coded: the coder often cannot name the
    /// target of "Iran rejected the demands", and in a watch of this dyad it is the other side.
    DyadOrOpen,
    /// A mediator among the actors with a party among the recipients or co-actors, or a party
    /// addressing a mediator.
    Mediator,
    /// As `mediator`, or a mediator acting with no recipient coded ("Oman said the talks aimed
    /// to …"): right for mediators who speak mostly about this conflict, too wide for a great
    /// power that is a mediator here and a party elsewhere.
    MediatorOrOpen,
}

/// The event filter of an indicator. Every non-empty field narrows; lists match any of their values.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Filter {
    pub events: Vec<String>,
    pub modes: Vec<String>,
    pub contexts: Vec<String>,
    pub quads: Vec<u8>,
    pub scope: Scope,
    pub actors: Vec<String>,
    pub actor_sectors: Vec<String>,
    pub recipients: Vec<String>,
    pub recipient_sectors: Vec<String>,
    /// With `recipients` set: also match events with no recipient coded.
    pub open_recipient: bool,
}

/// An alert rule over one indicator's bucket series.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AlertRule {
    /// The indicator's value over a verdict window reaches `at_least`.
    Threshold { indicator: String, at_least: f64 },
    /// A bucket's value exceeds the mean + `k`·sd of the `baseline` buckets before it, and is at
    /// least `min_count`.
    Spike {
        indicator: String,
        baseline: usize,
        k: f64,
        min_count: f64,
    },
    /// The last `quiet` buckets are all zero although the `baseline` buckets before them summed to
    /// at least `usually`.
    Silence {
        indicator: String,
        quiet: usize,
        baseline: usize,
        usually: f64,
    },
}

impl AlertRule {
    pub fn indicator(&self) -> &str {
        match self {
            AlertRule::Threshold { indicator, .. }
            | AlertRule::Spike { indicator, .. }
            | AlertRule::Silence { indicator, .. } => indicator,
        }
    }
}

/// The verdict vocabulary, ordered from worst to best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// The window holds none of the watch's events: nothing to judge (issue 13, item 10). Never a
    /// value of `cap` or `set`.
    #[serde(rename = "no data")]
    NoData,
    #[serde(rename = "escalation")]
    Escalation,
    #[serde(rename = "managed stalemate")]
    ManagedStalemate,
    #[serde(rename = "progress")]
    Progress,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoData => "no data",
            Verdict::Escalation => "escalation",
            Verdict::ManagedStalemate => "managed stalemate",
            Verdict::Progress => "progress",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a window's verdict is decided (see [`crate::verdict`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerdictRule {
    /// Overall score strictly above this: `progress`.
    pub progress_above: f64,
    /// Overall score strictly below this: `escalation`; between: `managed stalemate`.
    pub escalation_below: f64,
    /// The same two thresholds for each test's own score.
    pub test_progress_above: f64,
    pub test_escalation_below: f64,
    /// How many evidence events to show per test.
    pub evidence: usize,
    pub overrides: Vec<Override>,
}

/// A rule applied after the score: when an indicator's window value reaches `at_least`, the verdict
/// is capped at `cap` (it can be no better) or set to `set`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Override {
    pub indicator: String,
    pub at_least: f64,
    pub effect: OverrideEffect,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OverrideEffect {
    Cap(Verdict),
    Set(Verdict),
}

/// The names a watch may use, taken from the lexicon: PLOVER event types, (event, mode) pairs,
/// contexts, sectors and actor codes.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    pub events: BTreeSet<String>,
    pub modes: BTreeSet<(String, String)>,
    pub contexts: BTreeSet<String>,
    pub sectors: BTreeSet<String>,
    pub codes: BTreeSet<String>,
    /// The CAMEO quad classes of each (event type, mode) pair in `cameo.tsv` (`""` for no mode):
    /// which ways an event of that type and mode can point.
    pub quads: BTreeSet<(String, String, u8)>,
    /// The quad class of each PLOVER type (`plover.tsv`), for an event that has no CAMEO code.
    pub type_quads: std::collections::BTreeMap<String, u8>,
}

impl Vocabulary {
    /// Collects the names from a loaded lexicon.
    pub fn from_lexicon(lx: &Lexicon) -> Vocabulary {
        let mut v = Vocabulary::default();
        v.events
            .extend(lx.plover_rows().iter().map(|r| r.event.clone()));
        v.type_quads
            .extend(lx.plover_rows().iter().map(|r| (r.event.clone(), r.quad)));
        for r in lx.cameo_rows() {
            if let Some(e) = &r.event {
                let mode = r.mode.clone().unwrap_or_default();
                v.quads.insert((e.clone(), mode, r.quad));
            }
            if let (Some(e), Some(m)) = (&r.event, &r.mode) {
                v.modes.insert((e.clone(), m.clone()));
            }
            v.contexts.extend(r.context.iter().cloned());
        }
        for t in &lx.triggers {
            if let Some(m) = &t.mode {
                v.modes.insert((t.event.clone(), m.clone()));
            }
        }
        v.contexts
            .extend(lx.contexts.iter().map(|c| c.context.clone()));
        v.sectors.extend(lx.sectors.iter().map(|s| s.code.clone()));
        v.codes.extend(lx.countries.iter().map(|c| c.code.clone()));
        v.codes.extend(
            marsad_lexicon::NON_STATE_CODES
                .iter()
                .map(|s| s.to_string()),
        );
        v
    }

    /// The vocabulary of the lexicon compiled into the binary (loaded once).
    pub fn embedded() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| Vocabulary::from_lexicon(&Lexicon::check_embedded()))
    }
}

impl Watch {
    /// Reads and checks a watch file against the embedded lexicon.
    pub fn load(path: &Path) -> Result<Watch, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(path.display(), ErrorKind::Io(format!("cannot read: {e}"))))?;
        Watch::from_toml(&text, &path.display().to_string(), Vocabulary::embedded())
    }

    /// Parses and checks a watch from its TOML text; `origin` names it in errors (a path).
    /// The id defaults to the origin's file stem.
    pub fn from_toml(text: &str, origin: &str, vocab: &Vocabulary) -> Result<Watch, Error> {
        let raw: RawWatch = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map_or_else(|| origin.to_owned(), |s| position(origin, text, s.start));
            Error::new(at, ErrorKind::Toml(e.message().trim().to_owned()))
        })?;
        let mut c = Checker {
            text,
            origin,
            vocab,
            problems: Vec::new(),
        };
        let watch = c.watch(raw);
        match c.problems.len() {
            0 => Ok(watch),
            n => {
                let (at, first) = c.problems.remove(0);
                let mut msg = first;
                if n > 1 {
                    msg.push_str(&format!(" (and {} more:", n - 1));
                    for (a, m) in &c.problems {
                        msg.push_str(&format!(" {a}: {m};"));
                    }
                    msg.pop();
                    msg.push(')');
                }
                Err(Error::new(at, ErrorKind::Invalid(msg)))
            }
        }
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn sequence(&self, id: &str) -> Option<&Sequence> {
        self.sequences.iter().find(|q| q.id == id)
    }
}

// ---------------------------------------------------------------------------------------------
// The file's shape (serde) and its checks.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWatch {
    id: Option<String>,
    name: String,
    #[serde(default)]
    description: String,
    parties: Spanned<Vec<RawParty>>,
    #[serde(default)]
    mediators: Vec<RawParty>,
    window_days: Option<Spanned<i64>>,
    #[serde(default)]
    bucket: Bucket,
    exclude_aux: Option<Vec<Spanned<String>>>,
    min_confidence: Option<Spanned<f64>>,
    #[serde(default, rename = "test")]
    tests: Vec<RawTest>,
    #[serde(default, rename = "indicator")]
    indicators: Vec<RawIndicator>,
    #[serde(default, rename = "alert")]
    alerts: Vec<RawAlert>,
    verdict: Option<RawVerdict>,
    #[serde(default, rename = "sequence")]
    sequences: Vec<RawSequence>,
    #[serde(default, rename = "notify")]
    notify: Vec<notify::RawNotify>,
    #[serde(default, rename = "source")]
    sources: Vec<crate::source::RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSequence {
    id: Spanned<String>,
    title: Option<String>,
    a: RawStep,
    b: RawStep,
    direction: SequenceOrder,
    within: Spanned<String>,
}

/// A sequence step: the filter fields of an indicator, and a minimum confidence.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    #[serde(default)]
    events: Vec<Spanned<String>>,
    #[serde(default)]
    modes: Vec<Spanned<String>>,
    #[serde(default)]
    contexts: Vec<Spanned<String>>,
    #[serde(default)]
    quads: Vec<Spanned<i64>>,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    actors: Vec<Spanned<String>>,
    #[serde(default)]
    actor_sectors: Vec<Spanned<String>>,
    #[serde(default)]
    recipients: Vec<Spanned<String>>,
    #[serde(default)]
    recipient_sectors: Vec<Spanned<String>>,
    #[serde(default)]
    open_recipient: bool,
    min_confidence: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    code: Spanned<String>,
    #[serde(default)]
    sectors: Vec<Spanned<String>>,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    id: Spanned<String>,
    title: Option<String>,
    #[serde(default)]
    question: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    test: Spanned<String>,
    title: Option<String>,
    direction: Spanned<Direction>,
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    measure: Measure,
    #[serde(default)]
    events: Vec<Spanned<String>>,
    #[serde(default)]
    modes: Vec<Spanned<String>>,
    #[serde(default)]
    contexts: Vec<Spanned<String>>,
    #[serde(default)]
    quads: Vec<Spanned<i64>>,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    actors: Vec<Spanned<String>>,
    #[serde(default)]
    actor_sectors: Vec<Spanned<String>>,
    #[serde(default)]
    recipients: Vec<Spanned<String>>,
    #[serde(default)]
    recipient_sectors: Vec<Spanned<String>>,
    #[serde(default)]
    open_recipient: bool,
    sequence: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum RawAlertKind {
    Threshold,
    Spike,
    Silence,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlert {
    kind: RawAlertKind,
    indicator: Spanned<String>,
    at_least: Option<f64>,
    baseline: Option<Spanned<i64>>,
    k: Option<f64>,
    min_count: Option<f64>,
    quiet: Option<Spanned<i64>>,
    usually: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerdict {
    progress_above: Option<f64>,
    escalation_below: Option<f64>,
    test_progress_above: Option<f64>,
    test_escalation_below: Option<f64>,
    evidence: Option<usize>,
    #[serde(default, rename = "override")]
    overrides: Vec<RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    indicator: Spanned<String>,
    at_least: Option<f64>,
    cap: Option<Spanned<Verdict>>,
    set: Option<Spanned<Verdict>>,
    #[serde(default)]
    note: String,
}

/// Default window: two weeks, the rhythm of the rounds of talks the flagship watch follows.
const DEFAULT_WINDOW_DAYS: i64 = 14;

struct Checker<'a> {
    text: &'a str,
    origin: &'a str,
    vocab: &'a Vocabulary,
    problems: Vec<(String, String)>,
}

impl Checker<'_> {
    fn problem(&mut self, at: usize, msg: String) {
        let pos = position(self.origin, self.text, at);
        self.problems.push((pos, msg));
    }

    fn watch(&mut self, raw: RawWatch) -> Watch {
        let parties_at = raw.parties.span().start;
        let parties: Vec<Party> = raw
            .parties
            .into_inner()
            .into_iter()
            .map(|p| self.party(p))
            .collect();
        let parties: [Party; 2] = match <[Party; 2]>::try_from(parties) {
            Ok(p) => p,
            Err(p) => {
                self.problem(
                    parties_at,
                    format!("a watch has exactly two parties, found {}", p.len()),
                );
                [blank_party(), blank_party()]
            }
        };
        if !parties[0].code.is_empty()
            && parties[0].code == parties[1].code
            && parties[0].sectors == parties[1].sectors
        {
            self.problem(
                parties_at,
                format!("the two parties are the same ({})", parties[0].code),
            );
        }
        let mediators = raw.mediators.into_iter().map(|p| self.party(p)).collect();
        let window_days = match raw.window_days {
            None => DEFAULT_WINDOW_DAYS as u32,
            Some(w) if (1..=366).contains(w.get_ref()) => *w.get_ref() as u32,
            Some(w) => {
                self.problem(
                    w.span().start,
                    format!("window_days must be 1..=366, got {}", w.get_ref()),
                );
                1
            }
        };
        let min_confidence = match raw.min_confidence {
            Some(m) if !(0.0..=1.0).contains(m.get_ref()) => {
                self.problem(
                    m.span().start,
                    format!("min_confidence must be 0..=1, got {}", m.get_ref()),
                );
                None
            }
            m => m.map(Spanned::into_inner),
        };
        let exclude_aux = match raw.exclude_aux {
            None => vec!["hypothetical".to_owned()],
            Some(v) => v
                .into_iter()
                .filter_map(|a| {
                    const AUX: &[&str] = &["historical", "future", "hypothetical", "negation"];
                    if AUX.contains(&a.get_ref().as_str()) {
                        Some(a.into_inner())
                    } else {
                        self.problem(
                            a.span().start,
                            format!(
                                "unknown aux mode {:?} (expected one of {})",
                                a.get_ref(),
                                AUX.join(", ")
                            ),
                        );
                        None
                    }
                })
                .collect(),
        };
        let mut tests = Vec::new();
        let mut seen = HashSet::new();
        for t in raw.tests {
            if !seen.insert(t.id.get_ref().clone()) {
                self.problem(
                    t.id.span().start,
                    format!("duplicate test {:?}", t.id.get_ref()),
                );
            }
            let id = t.id.into_inner();
            tests.push(Test {
                title: t.title.unwrap_or_else(|| id.clone()),
                id,
                question: t.question,
            });
        }
        let sequences = self.sequences(raw.sequences);
        let mut indicators = Vec::new();
        let mut seen = HashSet::new();
        for i in raw.indicators {
            if !seen.insert(i.id.get_ref().clone()) {
                self.problem(
                    i.id.span().start,
                    format!("duplicate indicator {:?}", i.id.get_ref()),
                );
            }
            if !tests.iter().any(|t| &t.id == i.test.get_ref()) {
                self.problem(
                    i.test.span().start,
                    format!(
                        "indicator {:?} names test {:?}, which no [[test]] defines",
                        i.id.get_ref(),
                        i.test.get_ref()
                    ),
                );
            }
            if let Some(q) = &i.sequence {
                self.sequence_indicator(&i, q, &sequences);
            }
            indicators.push(self.indicator(i));
        }
        let known = |id: &str| indicators.iter().any(|i: &Indicator| i.id == id);
        let mut alerts = Vec::new();
        for a in raw.alerts {
            if !known(a.indicator.get_ref()) {
                let msg = format!("alert names unknown indicator {:?}", a.indicator.get_ref());
                self.problem(a.indicator.span().start, msg);
            }
            if let Some(rule) = self.alert(a) {
                alerts.push(rule);
            }
        }
        let verdict = self.verdict(raw.verdict, &known);
        let sources = crate::source::check(raw.sources, &mut |at, msg| self.problem(at, msg));
        Watch {
            id: raw.id.unwrap_or_else(|| file_stem(self.origin)),
            name: raw.name,
            description: raw.description,
            origin: self.origin.to_owned(),
            parties,
            mediators,
            window_days,
            bucket: raw.bucket,
            exclude_aux,
            min_confidence,
            tests,
            indicators,
            alerts,
            verdict,
            sequences,
            notify: raw
                .notify
                .into_iter()
                .filter_map(|n| self.notify(n))
                .collect(),
            sources,
        }
    }

    /// Reads the `[[sequence]]` rules: ids unique, Δt as `72h` or `7d`, each step's filter
    /// checked as an indicator's is.
    fn sequences(&mut self, raw: Vec<RawSequence>) -> Vec<Sequence> {
        let mut out: Vec<Sequence> = Vec::new();
        for q in raw {
            if out.iter().any(|o| &o.id == q.id.get_ref()) {
                self.problem(
                    q.id.span().start,
                    format!("duplicate sequence {:?}", q.id.get_ref()),
                );
            }
            let within_hours = match parse_within(q.within.get_ref()) {
                Some(h) => h,
                None => {
                    self.problem(
                        q.within.span().start,
                        format!(
                            "within must be hours or days, 1h..=366d (\"72h\", \"7d\"), got {:?}",
                            q.within.get_ref()
                        ),
                    );
                    1
                }
            };
            let id = q.id.into_inner();
            out.push(Sequence {
                title: q.title.unwrap_or_else(|| id.clone()),
                id,
                a: self.step(q.a),
                b: self.step(q.b),
                order: q.direction,
                within_hours,
            });
        }
        out
    }

    fn step(&mut self, s: RawStep) -> SequenceStep {
        let min_confidence = match s.min_confidence {
            Some(m) if !(0.0..=1.0).contains(m.get_ref()) => {
                self.problem(
                    m.span().start,
                    format!("min_confidence must be 0..=1, got {}", m.get_ref()),
                );
                None
            }
            m => m.map(Spanned::into_inner),
        };
        let events = self.event_types(s.events);
        let modes = self.modes(s.modes, &events);
        let filter = Filter {
            contexts: self.contexts(s.contexts),
            quads: self.quads(s.quads),
            events,
            modes,
            scope: s.scope,
            actors: self.codes(s.actors),
            actor_sectors: self.sectors(s.actor_sectors),
            recipients: self.codes(s.recipients),
            recipient_sectors: self.sectors(s.recipient_sectors),
            open_recipient: s.open_recipient,
        };
        SequenceStep {
            filter,
            min_confidence,
        }
    }

    /// An indicator that counts a sequence's matches names a known sequence and no event filter
    /// of its own (the sequence's steps are its filter).
    fn sequence_indicator(&mut self, i: &RawIndicator, q: &Spanned<String>, known: &[Sequence]) {
        if !known.iter().any(|s| &s.id == q.get_ref()) {
            self.problem(
                q.span().start,
                format!(
                    "indicator {:?} names sequence {:?}, which no [[sequence]] defines",
                    i.id.get_ref(),
                    q.get_ref()
                ),
            );
        }
        let has_filter = !(i.events.is_empty()
            && i.modes.is_empty()
            && i.contexts.is_empty()
            && i.quads.is_empty()
            && i.scope == Scope::Any
            && i.actors.is_empty()
            && i.actor_sectors.is_empty()
            && i.recipients.is_empty()
            && i.recipient_sectors.is_empty()
            && !i.open_recipient
            && i.measure == Measure::Events);
        if has_filter {
            self.problem(
                q.span().start,
                format!(
                    "indicator {:?} counts sequence {:?}: its filter lives in the [[sequence]], \
                     so it takes no events, modes, contexts, quads, scope, actors, recipients \
                     or measure of its own",
                    i.id.get_ref(),
                    q.get_ref()
                ),
            );
        }
    }

    fn party(&mut self, p: RawParty) -> Party {
        self.code(&p.code);
        let sectors = self.sectors(p.sectors);
        let code = p.code.into_inner();
        Party {
            label: p.label.unwrap_or_else(|| code.clone()),
            code,
            sectors,
        }
    }

    fn code(&mut self, c: &Spanned<String>) {
        if !self.vocab.codes.contains(c.get_ref()) {
            self.problem(
                c.span().start,
                format!(
                    "unknown actor code {:?} (not in lexicon/countries.tsv nor a non-state code)",
                    c.get_ref()
                ),
            );
        }
    }

    fn codes(&mut self, v: Vec<Spanned<String>>) -> Vec<String> {
        v.into_iter()
            .map(|c| {
                self.code(&c);
                c.into_inner()
            })
            .collect()
    }

    fn sectors(&mut self, v: Vec<Spanned<String>>) -> Vec<String> {
        v.into_iter()
            .map(|s| {
                if !self.vocab.sectors.contains(s.get_ref()) {
                    self.problem(
                        s.span().start,
                        format!(
                            "unknown sector {:?} (not in lexicon/sectors.tsv)",
                            s.get_ref()
                        ),
                    );
                }
                s.into_inner()
            })
            .collect()
    }

    /// Refuses an indicator that lists an event type none of whose CAMEO codes (with the listed
    /// modes) can point its way: `direction = "progress"` over ACCUSE or THREATEN would count
    /// nothing, or, before issue 13, count accusations as progress.
    fn direction_check(&mut self, at: usize, d: Direction, events: &[String], modes: &[String]) {
        for e in events {
            let mut quads: BTreeSet<u8> = self
                .vocab
                .quads
                .iter()
                .filter(|(t, m, _)| t == e && (modes.is_empty() || modes.contains(m)))
                .map(|(_, _, q)| *q)
                .collect();
            quads.extend(self.vocab.type_quads.get(e));
            if !quads.is_empty() && !quads.iter().any(|q| d.agrees_with_quad(*q)) {
                let dir = match d {
                    Direction::Progress => "progress",
                    Direction::Escalation => "escalation",
                };
                self.problem(
                    at,
                    format!(
                        "direction {dir:?} cannot count {e} events: their CAMEO quad classes {quads:?} \
                         (lexicon/cameo.tsv, plover.tsv) point the other way"
                    ),
                );
            }
        }
    }

    fn event_types(&mut self, v: Vec<Spanned<String>>) -> Vec<String> {
        v.into_iter()
            .map(|e| {
                if !self.vocab.events.contains(e.get_ref()) {
                    self.problem(
                        e.span().start,
                        format!(
                            "unknown PLOVER event type {:?} (not in lexicon/plover.tsv)",
                            e.get_ref()
                        ),
                    );
                }
                e.into_inner()
            })
            .collect()
    }

    fn modes(&mut self, v: Vec<Spanned<String>>, events: &[String]) -> Vec<String> {
        v.into_iter()
            .map(|m| {
                let ok = self.vocab.modes.iter().any(|(e, mode)| {
                    mode == m.get_ref() && (events.is_empty() || events.contains(e))
                });
                if !ok {
                    let of = if events.is_empty() {
                        "any event type".to_owned()
                    } else {
                        events.join("/")
                    };
                    self.problem(
                        m.span().start,
                        format!(
                            "unknown mode {:?} for {of} (see lexicon/cameo.tsv)",
                            m.get_ref()
                        ),
                    );
                }
                m.into_inner()
            })
            .collect()
    }

    fn contexts(&mut self, v: Vec<Spanned<String>>) -> Vec<String> {
        v.into_iter()
            .map(|c| {
                if !self.vocab.contexts.contains(c.get_ref()) {
                    self.problem(
                        c.span().start,
                        format!(
                            "unknown context {:?} (not in lexicon/contexts.tsv nor cameo.tsv)",
                            c.get_ref()
                        ),
                    );
                }
                c.into_inner()
            })
            .collect()
    }

    fn quads(&mut self, v: Vec<Spanned<i64>>) -> Vec<u8> {
        v.into_iter()
            .filter_map(|q| match u8::try_from(*q.get_ref()) {
                Ok(v @ 1..=4) => Some(v),
                _ => {
                    self.problem(
                        q.span().start,
                        format!("quad class must be 1..=4, got {}", q.get_ref()),
                    );
                    None
                }
            })
            .collect()
    }

    fn indicator(&mut self, i: RawIndicator) -> Indicator {
        let events = self.event_types(i.events);
        let modes = self.modes(i.modes, &events);
        let contexts = self.contexts(i.contexts);
        let quads = self.quads(i.quads);
        let weight = match i.weight {
            None => 1.0,
            Some(w) if w.get_ref().is_finite() && *w.get_ref() >= 0.0 => *w.get_ref(),
            Some(w) => {
                self.problem(
                    w.span().start,
                    format!("weight must be a finite number >= 0, got {}", w.get_ref()),
                );
                0.0
            }
        };
        let direction = *i.direction.get_ref();
        self.direction_check(i.direction.span().start, direction, &events, &modes);
        let filter = Filter {
            events,
            modes,
            contexts,
            quads,
            scope: i.scope,
            actors: self.codes(i.actors),
            actor_sectors: self.sectors(i.actor_sectors),
            recipients: self.codes(i.recipients),
            recipient_sectors: self.sectors(i.recipient_sectors),
            open_recipient: i.open_recipient,
        };
        let id = i.id.into_inner();
        Indicator {
            title: i.title.unwrap_or_else(|| id.clone()),
            id,
            test: i.test.into_inner(),
            direction,
            weight,
            measure: i.measure,
            filter,
            sequence: i.sequence.map(Spanned::into_inner),
        }
    }

    fn count(&mut self, v: Option<Spanned<i64>>, default: usize, what: &str) -> usize {
        match v {
            None => default,
            Some(n) if (1..=1000).contains(n.get_ref()) => *n.get_ref() as usize,
            Some(n) => {
                self.problem(
                    n.span().start,
                    format!("{what} must be 1..=1000 buckets, got {}", n.get_ref()),
                );
                default
            }
        }
    }

    fn alert(&mut self, a: RawAlert) -> Option<AlertRule> {
        let at = a.indicator.span().start;
        let indicator = a.indicator.into_inner();
        // Fields that belong to another kind are mistakes worth reporting: the rule would
        // silently ignore them.
        let stray: &[(&str, bool)] = match a.kind {
            RawAlertKind::Threshold => &[
                ("baseline", a.baseline.is_some()),
                ("k", a.k.is_some()),
                ("min_count", a.min_count.is_some()),
                ("quiet", a.quiet.is_some()),
                ("usually", a.usually.is_some()),
            ],
            RawAlertKind::Spike => &[
                ("at_least", a.at_least.is_some()),
                ("quiet", a.quiet.is_some()),
                ("usually", a.usually.is_some()),
            ],
            RawAlertKind::Silence => &[
                ("at_least", a.at_least.is_some()),
                ("k", a.k.is_some()),
                ("min_count", a.min_count.is_some()),
            ],
        };
        for (name, present) in stray {
            if *present {
                self.problem(
                    at,
                    format!("alert on {indicator:?}: field {name} does not apply to this kind"),
                );
            }
        }
        Some(match a.kind {
            RawAlertKind::Threshold => {
                let Some(at_least) = a.at_least else {
                    self.problem(
                        at,
                        format!("threshold alert on {indicator:?} needs at_least"),
                    );
                    return None;
                };
                AlertRule::Threshold {
                    indicator,
                    at_least,
                }
            }
            RawAlertKind::Spike => AlertRule::Spike {
                indicator,
                baseline: self.count(a.baseline, 7, "baseline"),
                k: a.k.unwrap_or(2.0),
                min_count: a.min_count.unwrap_or(2.0),
            },
            RawAlertKind::Silence => AlertRule::Silence {
                indicator,
                quiet: self.count(a.quiet, 5, "quiet"),
                baseline: self.count(a.baseline, 10, "baseline"),
                usually: a.usually.unwrap_or(2.0),
            },
        })
    }

    fn verdict(&mut self, raw: Option<RawVerdict>, known: &dyn Fn(&str) -> bool) -> VerdictRule {
        let raw = raw.unwrap_or(RawVerdict {
            progress_above: None,
            escalation_below: None,
            test_progress_above: None,
            test_escalation_below: None,
            evidence: None,
            overrides: Vec::new(),
        });
        let mut overrides = Vec::new();
        for o in raw.overrides {
            let at = o.indicator.span().start;
            if !known(o.indicator.get_ref()) {
                let msg = format!(
                    "verdict override names unknown indicator {:?}",
                    o.indicator.get_ref()
                );
                self.problem(at, msg);
            }
            let effect = match (o.cap, o.set) {
                (Some(v), _) | (_, Some(v)) if *v.get_ref() == Verdict::NoData => {
                    self.problem(
                        v.span().start,
                        "\"no data\" is what an empty window reads, not a verdict to cap or set"
                            .to_owned(),
                    );
                    continue;
                }
                (Some(c), None) => OverrideEffect::Cap(c.into_inner()),
                (None, Some(s)) => OverrideEffect::Set(s.into_inner()),
                _ => {
                    self.problem(
                        at,
                        "a verdict override needs exactly one of cap or set".to_owned(),
                    );
                    continue;
                }
            };
            overrides.push(Override {
                indicator: o.indicator.into_inner(),
                at_least: o.at_least.unwrap_or(1.0),
                effect,
                note: o.note,
            });
        }
        VerdictRule {
            progress_above: raw.progress_above.unwrap_or(2.0),
            escalation_below: raw.escalation_below.unwrap_or(-2.0),
            test_progress_above: raw.test_progress_above.unwrap_or(0.5),
            test_escalation_below: raw.test_escalation_below.unwrap_or(-0.5),
            evidence: raw.evidence.unwrap_or(3),
            overrides,
        }
    }
}

/// Δt as the file writes it: a whole number of hours (`72h`) or days (`7d`), at most 366 days.
fn parse_within(s: &str) -> Option<u32> {
    let s = s.trim();
    let (n, per) = if let Some(n) = s.strip_suffix('h') {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('d') {
        (n, 24)
    } else {
        return None;
    };
    let hours = n.trim().parse::<u32>().ok()?.checked_mul(per)?;
    (1..=366 * 24).contains(&hours).then_some(hours)
}

fn blank_party() -> Party {
    Party {
        code: String::new(),
        sectors: Vec::new(),
        label: String::new(),
    }
}

fn file_stem(origin: &str) -> String {
    Path::new(origin)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
