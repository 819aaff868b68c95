//! The annotated gold format of `ANNOTATION.md` (`{id, text, lang, date?, events: [...]}`, one
//! sentence a line) and its scoring: type, type + actor and type + actor + recipient precision,
//! recall and F1 per language, a per-type table, candidate recall, and the errors.
//!
//! Matching follows the guidelines: per sentence, gold and coded events are matched one to one,
//! on type first, then on the actor codes and the recipient codes. A side is compared as the set
//! of its country codes (a `null` code is "unknown" and adds nothing), so `[IRN, USA]` matches
//! `[USA, IRN]` and an unresolved actor matches an empty side. Because a match at each level is
//! equality of a key, the largest one-to-one matching is the multiset intersection of the keys.
//! Negated events are scored only with `all`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use marsad_coder::{Candidate, Coder, DocumentInput, EventRecord, Options};
use marsad_text::lang::Lang;
use serde_json::Value;

use crate::{Counts, Error, Report};

/// One annotated sentence.
#[derive(Clone, Debug)]
pub struct GoldSentence {
    pub id: String,
    pub text: String,
    pub lang: Lang,
    pub date: Option<NaiveDate>,
    pub events: Vec<GoldEvent>,
    /// Written for training (`"written": true`): never scored.
    pub written: bool,
    /// `file:line`, for errors.
    pub origin: String,
}

/// One annotated event.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldEvent {
    pub event: String,
    pub actor: Vec<String>,
    pub recipient: Vec<String>,
    pub negated: bool,
    pub trigger: String,
}

/// How strictly two events must agree to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Type,
    Actor,
    Recipient,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Type, Level::Actor, Level::Recipient];

    pub fn name(self) -> &'static str {
        match self {
            Level::Type => "type",
            Level::Actor => "actor",
            Level::Recipient => "recipient",
        }
    }
}

/// True when a record is in the annotated format (it has an `events` list and a `text`).
pub fn is_annotated(v: &Value) -> bool {
    v.get("events").is_some_and(Value::is_array) && v.get("text").is_some_and(Value::is_string)
}

/// Reads annotated sentences from parsed JSONL rows; `path` names them in errors.
pub fn sentences(path: &Path, rows: &[Value]) -> Result<Vec<GoldSentence>, Error> {
    let parse = |line: usize, message: String| Error::Parse {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let line = i + 1;
        let text = r["text"]
            .as_str()
            .ok_or_else(|| parse(line, "missing `text`".into()))?;
        let lang = match r["lang"].as_str() {
            Some(l) => l
                .parse::<Lang>()
                .map_err(|_| parse(line, format!("unknown `lang` ({l})")))?,
            None => marsad_text::lang::detect(text),
        };
        let date = match r["date"].as_str() {
            Some(d) => Some(
                d.parse()
                    .map_err(|_| parse(line, format!("bad `date` ({d})")))?,
            ),
            None => None,
        };
        let mut events = Vec::new();
        for e in r["events"].as_array().into_iter().flatten() {
            let event = e["event"]
                .as_str()
                .ok_or_else(|| parse(line, "an event without `event`".into()))?;
            events.push(GoldEvent {
                event: crate::plover_type(event).to_string(),
                actor: codes(&e["actor"]),
                recipient: codes(&e["recipient"]),
                negated: e["negated"].as_bool().unwrap_or(false),
                trigger: e["trigger"].as_str().unwrap_or_default().to_string(),
            });
        }
        out.push(GoldSentence {
            id: r["id"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{}:{line}", path.display())),
            text: text.to_string(),
            lang,
            date,
            events,
            written: r["written"].as_bool().unwrap_or(false),
            origin: format!("{}:{line}", path.display()),
        });
    }
    Ok(out)
}

/// The sorted, deduplicated country codes of one side (`null` codes left out).
fn codes(side: &Value) -> Vec<String> {
    let mut v: Vec<String> = side
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["code"].as_str())
        .map(str::to_string)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The sorted, deduplicated codes of a coded side.
pub fn record_codes(side: &[marsad_coder::ActorRef]) -> Vec<String> {
    let mut v: Vec<String> = side.iter().filter_map(|a| a.code.clone()).collect();
    v.sort();
    v.dedup();
    v
}

/// The key two events must share to match at `level`.
pub fn key(level: Level, event: &str, actor: &[String], recipient: &[String]) -> String {
    match level {
        Level::Type => event.to_string(),
        Level::Actor => format!("{event} {}", actor.join(",")),
        Level::Recipient => format!("{event} {} > {}", actor.join(","), recipient.join(",")),
    }
}

fn gold_key(level: Level, e: &GoldEvent) -> String {
    key(level, &e.event, &e.actor, &e.recipient)
}

fn coded_key(level: Level, e: &EventRecord) -> String {
    key(
        level,
        &e.event,
        &record_codes(&e.actor),
        &record_codes(&e.recipient),
    )
}

/// The size of the multiset intersection of two key lists: the largest one-to-one matching.
fn matched(gold: &[String], coded: &[String]) -> usize {
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    for g in gold {
        *left.entry(g.as_str()).or_default() += 1;
    }
    let mut n = 0;
    for c in coded {
        if let Some(k) = left.get_mut(c.as_str()).filter(|k| **k > 0) {
            *k -= 1;
            n += 1;
        }
    }
    n
}

/// The document a gold sentence is coded as.
pub fn document(s: &GoldSentence) -> DocumentInput<'_> {
    DocumentInput {
        id: &s.id,
        text: &s.text,
        date: s.date,
        lang: Some(s.lang),
    }
}

/// The figures of one group of sentences (a file or a language).
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub levels: [Counts; 3],
    /// Per type: counts at the type level.
    pub by_type: BTreeMap<String, Counts>,
    /// Gold events with a candidate of their type, and gold events.
    pub candidate_hits: usize,
    pub gold_events: usize,
    pub sentences: usize,
}

impl Scores {
    /// Adds another group's figures.
    pub fn add(&mut self, other: &Scores) {
        for (a, b) in self.levels.iter_mut().zip(&other.levels) {
            *a += *b;
        }
        for (t, c) in &other.by_type {
            *self.by_type.entry(t.clone()).or_default() += *c;
        }
        self.candidate_hits += other.candidate_hits;
        self.gold_events += other.gold_events;
        self.sentences += other.sentences;
    }

    pub fn candidate_recall(&self) -> f64 {
        crate::ratio(self.candidate_hits, self.gold_events)
    }
}

/// Scores coded events against one sentence's gold; `candidates` are that sentence's candidates
/// (for candidate recall). Returns the scores and the error lines.
pub fn score_sentence(
    s: &GoldSentence,
    coded: &[EventRecord],
    candidates: &[Candidate],
    all: bool,
) -> (Scores, Vec<String>) {
    let gold: Vec<&GoldEvent> = s.events.iter().filter(|e| all || !e.negated).collect();
    let coded: Vec<&EventRecord> = coded.iter().filter(|e| all || !e.negated).collect();
    let mut sc = Scores {
        sentences: 1,
        gold_events: gold.len(),
        ..Scores::default()
    };
    for (i, level) in Level::ALL.iter().enumerate() {
        let g: Vec<String> = gold.iter().map(|e| gold_key(*level, e)).collect();
        let c: Vec<String> = coded.iter().map(|e| coded_key(*level, e)).collect();
        let tp = matched(&g, &c);
        sc.levels[i] = Counts {
            tp,
            fp: c.len() - tp,
            fn_: g.len() - tp,
        };
    }
    let mut types: Vec<&str> = gold.iter().map(|e| e.event.as_str()).collect();
    types.extend(coded.iter().map(|e| e.event.as_str()));
    types.sort_unstable();
    types.dedup();
    for ty in types {
        let g = gold.iter().filter(|e| e.event == ty).count();
        let c = coded.iter().filter(|e| e.event == ty).count();
        let tp = g.min(c);
        sc.by_type.insert(
            ty.to_string(),
            Counts {
                tp,
                fp: c - tp,
                fn_: g - tp,
            },
        );
    }
    let g: Vec<String> = gold.iter().map(|e| e.event.clone()).collect();
    // One candidate per trigger reading: the alternatives of a trigger are not more triggers.
    let rule = |c: &&Candidate| c.choice == marsad_coder::Choice::Rule && c.scene.is_none();
    let c: Vec<String> = candidates
        .iter()
        .filter(rule)
        .map(|c| c.record.event.clone())
        .collect();
    sc.candidate_hits = matched(&g, &c);

    let mut errors = Vec::new();
    let show_gold = |e: &GoldEvent| {
        format!(
            "{} {}→{} «{}»",
            e.event,
            side(&e.actor),
            side(&e.recipient),
            e.trigger
        )
    };
    let show_coded = |e: &EventRecord| {
        format!(
            "{} {}→{} «{}»{}",
            e.event,
            side(&record_codes(&e.actor)),
            side(&record_codes(&e.recipient)),
            e.event_text
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" … "),
            e.confidence
                .map(|p| format!(" p={p:.2}"))
                .unwrap_or_default()
        )
    };
    // Unmatched at the strictest level, shown by kind: missed and spurious types, then events
    // whose type is right but whose participants are not.
    let mut gold_left: Vec<&GoldEvent> = gold.clone();
    let mut coded_left: Vec<&EventRecord> = coded.clone();
    for level in [Level::Recipient, Level::Actor, Level::Type] {
        let mut k = 0;
        while k < gold_left.len() {
            let key = gold_key(level, gold_left[k]);
            if let Some(j) = coded_left.iter().position(|c| coded_key(level, c) == key) {
                if level != Level::Recipient {
                    errors.push(format!(
                        "ROLE gold {} got {} | {} | {}",
                        show_gold(gold_left[k]),
                        show_coded(coded_left[j]),
                        s.id,
                        s.text
                    ));
                }
                gold_left.remove(k);
                coded_left.remove(j);
            } else {
                k += 1;
            }
        }
    }
    // A miss with no candidate of its type is a recall problem of the rule stages (lexicon,
    // triggers); one with a candidate is the scorer's or the decision's.
    let mut left: Vec<&str> = candidates
        .iter()
        .filter(rule)
        .map(|c| c.record.event.as_str())
        .collect();
    for g in gold_left {
        let tag = match left.iter().position(|t| *t == g.event) {
            Some(k) => {
                left.remove(k);
                "MISS"
            }
            None => "MISS-NOCAND",
        };
        errors.push(format!("{tag} {} | {} | {}", show_gold(g), s.id, s.text));
    }
    for c in coded_left {
        errors.push(format!("SPUR {} | {} | {}", show_coded(c), s.id, s.text));
    }
    (sc, errors)
}

fn side(codes: &[String]) -> String {
    if codes.is_empty() {
        "-".to_string()
    } else {
        codes.join(",")
    }
}

/// Scores the coder on the annotated sentences of one file, adding the figures to `report` under
/// the file's name and to `by_lang` for the per-language summary.
pub fn evaluate_file(
    coder: &Coder<'_>,
    name: &str,
    sentences: &[GoldSentence],
    all: bool,
    report: &mut Report,
    by_lang: &mut BTreeMap<String, Scores>,
) {
    let scored: Vec<&GoldSentence> = sentences.iter().filter(|s| !s.written).collect();
    if scored.len() < sentences.len() {
        let _ = writeln!(
            report.text,
            "({} written training sentences not scored)",
            sentences.len() - scored.len()
        );
    }
    let opts = Options {
        all,
        ..Options::default()
    };
    let mut file = Scores::default();
    for s in scored {
        let doc = document(s);
        let candidates = coder.candidates(&doc).candidates;
        let coded = coder.code(&doc, &opts);
        let (sc, errors) = score_sentence(s, &coded, &candidates, all);
        file.add(&sc);
        by_lang
            .entry(s.lang.as_str().to_string())
            .or_default()
            .add(&sc);
        report.errors.extend(errors);
    }
    summary_line(&mut report.text, "all", &file);
    put_metrics(report, name, &file);
}

/// Writes the per-language summary: the three levels, candidate recall and the per-type table.
pub fn summarise_languages(report: &mut Report, by_lang: &BTreeMap<String, Scores>) {
    for (lang, sc) in by_lang {
        let _ = writeln!(
            report.text,
            "== {lang}: annotated gold ({} sentences, {} events)",
            sc.sentences, sc.gold_events
        );
        summary_line(&mut report.text, "all", sc);
        let _ = writeln!(
            report.text,
            "  {:<10} {:>5} {:>5}  {:>5} {:>5} {:>5}",
            "type", "gold", "coded", "P", "R", "F1"
        );
        for (ty, c) in &sc.by_type {
            let _ = writeln!(
                report.text,
                "  {ty:<10} {:>5} {:>5}  {:.3} {:.3} {:.3}",
                c.tp + c.fn_,
                c.tp + c.fp,
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        put_metrics(report, lang, sc);
    }
}

/// One line: the three levels and candidate recall.
pub fn summary_line(out: &mut String, label: &str, sc: &Scores) {
    let [t, a, r] = &sc.levels;
    let _ = writeln!(
        out,
        "{label:<12} type P {:.3} R {:.3} F1 {:.3} | +actor F1 {:.3} | +recipient F1 {:.3} | candidate recall {:.3}  (gold {}, coded {})",
        t.precision(),
        t.recall(),
        t.f1(),
        a.f1(),
        r.f1(),
        sc.candidate_recall(),
        t.tp + t.fn_,
        t.tp + t.fp,
    );
}

fn put_metrics(report: &mut Report, prefix: &str, sc: &Scores) {
    for (level, c) in Level::ALL.iter().zip(&sc.levels) {
        let name = level.name();
        report
            .metrics
            .insert(format!("{prefix}.{name}.precision"), c.precision());
        report
            .metrics
            .insert(format!("{prefix}.{name}.recall"), c.recall());
        report.metrics.insert(format!("{prefix}.{name}.f1"), c.f1());
    }
    report
        .metrics
        .insert(format!("{prefix}.candidate_recall"), sc.candidate_recall());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(event: &str, actor: &[&str], recipient: &[&str]) -> GoldEvent {
        GoldEvent {
            event: event.into(),
            actor: actor.iter().map(|s| s.to_string()).collect(),
            recipient: recipient.iter().map(|s| s.to_string()).collect(),
            negated: false,
            trigger: String::new(),
        }
    }

    #[test]
    fn matching_is_one_to_one_per_key() {
        let g = vec!["ASSAULT".to_string(), "ASSAULT".into(), "ACCUSE".into()];
        let c = vec!["ASSAULT".to_string(), "ACCUSE".into(), "ACCUSE".into()];
        assert_eq!(matched(&g, &c), 2);
    }

    #[test]
    fn levels_compare_code_sets() {
        let e = gold("CONSULT", &["IRN", "USA"], &[]);
        assert_eq!(gold_key(Level::Type, &e), "CONSULT");
        assert_eq!(gold_key(Level::Actor, &e), "CONSULT IRN,USA");
        assert_eq!(gold_key(Level::Recipient, &e), "CONSULT IRN,USA > ");
        let v: Value =
            serde_json::from_str(r#"[{"code":"USA"},{"code":null},{"code":"IRN"}]"#).unwrap();
        assert_eq!(codes(&v), ["IRN", "USA"]);
    }

    #[test]
    fn annotated_records_are_read_with_their_origin() {
        let rows: Vec<Value> = vec![serde_json::from_str(
            r#"{"id":"a","text":"x","lang":"ar","date":"2026-02-06","events":[{"event":"FIGHT","actor":[{"code":"IRN"}],"recipient":[],"negated":false}]}"#,
        )
        .unwrap()];
        assert!(is_annotated(&rows[0]));
        let s = sentences(Path::new("g.jsonl"), &rows).unwrap();
        assert_eq!(s[0].events[0], gold("ASSAULT", &["IRN"], &[]));
        assert_eq!(s[0].origin, "g.jsonl:1");
        let bad: Vec<Value> =
            vec![serde_json::from_str(r#"{"text":"x","date":"soon","events":[]}"#).unwrap()];
        let e = sentences(Path::new("g.jsonl"), &bad).unwrap_err();
        assert_eq!(e.to_string(), "g.jsonl:1: bad `date` (soon)");
    }
}
