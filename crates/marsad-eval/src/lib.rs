//! Evaluation of the coder against gold event data.
//!
//! The main measure is the annotated gold of `ANNOTATION.md` (`gold.rs`): every event of each
//! sentence, scored at three levels (type, + actor, + recipient) per language, with candidate
//! recall. `train.rs` fits the event scorer on the same format, with cross-validation.
//!
//! It also reads four older gold formats, recognised by their fields rather than their file names
//! (a secondary line: crowd labels and manual examples):
//! - sentence detection (`event_type`, `label`: yes / easy no / difficult no / ambiguous), scored
//!   as precision, recall and F1 of "the coder finds an event of that type" (`ambiguous` left out);
//! - actor spans (`spans` with `source_role`/`target_role` `{main, role}`), scored as the accuracy
//!   of the country (and sector) the coder resolves for each gold actor span (null when it finds
//!   none there);
//! - PLOVER records (`event`, `source`, `target`), scored per event type, with a confusion table
//!   and source-actor country accuracy; PLOVER 0.5 names are mapped to today's 16 types;
//! - CAMEO examples (`cameo_code`), scored as CAMEO root accuracy of the first event coded.
//!
//! Reading files is this crate's only I/O; the coder itself stays pure.

pub mod gold;
pub mod train;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use marsad_coder::{Coder, DocumentInput, EventRecord, Options};
use marsad_text::lang::Lang;
use serde_json::Value;

/// An evaluation failure: a file that cannot be read or parsed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Precision/recall counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// `P 0.800  R 0.667  F1 0.727  (tp 8 fp 2 fn 4)`.
    pub fn summary(&self) -> String {
        format!(
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Everything one run measured: named figures plus the errors to show with `--errors`.
#[derive(Debug, Default)]
pub struct Report {
    /// Metric name → value, e.g. `ar.assault.f1`.
    pub metrics: BTreeMap<String, f64>,
    /// Human-readable tables, in the order computed.
    pub text: String,
    /// Sentences the coder got wrong, one line each.
    pub errors: Vec<String>,
}

/// The gold formats this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `ANNOTATION.md` records: `{id, text, lang, date?, events: [...]}`.
    Annotated,
    Detection,
    Spans,
    Plover,
    Cameo,
}

/// Recognises a gold format by the fields of one record.
pub fn format_of(v: &Value) -> Option<Format> {
    if gold::is_annotated(v) {
        Some(Format::Annotated)
    } else if v.get("label").is_some() && v.get("event_type").is_some() {
        Some(Format::Detection)
    } else if v.get("spans").is_some() {
        Some(Format::Spans)
    } else if v.get("cameo_code").is_some() {
        Some(Format::Cameo)
    } else if v.get("eventText").is_some()
        || (v.get("event").is_some() && v.get("source").is_some())
    {
        Some(Format::Plover)
    } else {
        None
    }
}

/// Maps PLOVER 0.5 names to today's 16 types.
pub fn plover_type(name: &str) -> &str {
    match name {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// Lists the `.jsonl` files under the given files and folders, sorted.
pub fn gold_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    Ok(out)
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    if p.is_dir() {
        let rd = std::fs::read_dir(p).map_err(|source| Error::Read {
            path: p.to_path_buf(),
            source,
        })?;
        for e in rd.flatten() {
            collect(&e.path(), out)?;
        }
    } else if p.extension().is_some_and(|e| e == "jsonl") {
        out.push(p.to_path_buf());
    }
    Ok(())
}

/// Reads every annotated sentence (the format of `ANNOTATION.md`) under the given files and
/// folders, in sorted file order; files in other formats are left out.
pub fn read_annotated(paths: &[PathBuf]) -> Result<Vec<gold::GoldSentence>, Error> {
    let mut out = Vec::new();
    for path in gold_files(paths)? {
        let rows = read_gold(&path)?;
        if rows.first().and_then(format_of) == Some(Format::Annotated) {
            out.extend(gold::sentences(&path, &rows)?);
        }
    }
    Ok(out)
}

/// Reads one JSONL gold file.
pub fn read_gold(path: &Path) -> Result<Vec<Value>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(v);
    }
    Ok(out)
}

/// Scores the coder on every gold file given; `all` scores negated events too.
pub fn evaluate(coder: &Coder<'_>, paths: &[PathBuf], all: bool) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut by_lang = BTreeMap::new();
    for path in gold_files(paths)? {
        let rows = read_gold(&path)?;
        let Some(format) = rows.first().and_then(format_of) else {
            continue;
        };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(report.text, "== {name} ({} records)", rows.len());
        match format {
            Format::Annotated => {
                let sentences = gold::sentences(&path, &rows)?;
                gold::evaluate_file(coder, &name, &sentences, all, &mut report, &mut by_lang);
            }
            Format::Detection => detection(coder, &rows, &mut report),
            Format::Spans => spans(coder, &name, &rows, &mut report),
            Format::Plover => plover(coder, &rows, &mut report),
            Format::Cameo => cameo(coder, &rows, &mut report),
        }
    }
    gold::summarise_languages(&mut report, &by_lang);
    Ok(report)
}

fn code(
    coder: &Coder<'_>,
    id: &str,
    text: &str,
    date: Option<NaiveDate>,
    lang: Lang,
) -> Vec<EventRecord> {
    let doc = DocumentInput {
        id,
        text,
        date,
        lang: Some(lang),
    };
    coder.code(&doc, &Options::default())
}

fn detection(coder: &Coder<'_>, rows: &[Value], report: &mut Report) {
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_label: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let (Some(ty), Some(label), Some(text)) = (
            r["event_type"].as_str(),
            r["label"].as_str(),
            r["text"].as_str(),
        ) else {
            continue;
        };
        if label == "ambiguous" {
            continue;
        }
        let id = r["id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| i.to_string());
        let events = code(coder, &id, text, None, Lang::Ar);
        // Detection asks whether the event took place: future and hypothetical ones do not count.
        let found = events
            .iter()
            .any(|e| e.event == ty && !e.aux.iter().any(|a| a == "future" || a == "hypothetical"));
        let gold = label == "yes";
        let c = by_type.entry(ty.to_string()).or_default();
        match (gold, found) {
            (true, true) => c.tp += 1,
            (false, true) => c.fp += 1,
            (true, false) => c.fn_ += 1,
            (false, false) => {}
        }
        let l = by_label
            .entry((ty.to_string(), label.to_string()))
            .or_default();
        l.0 += 1;
        l.1 += found as usize;
        if gold != found {
            let got: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
            report.errors.push(format!(
                "{ty} {} [{label}] got {got:?}: {text}",
                if found { "FP" } else { "FN" }
            ));
        }
    }
    for (ty, c) in &by_type {
        let key = format!("ar.{}", ty.to_lowercase());
        report
            .metrics
            .insert(format!("{key}.precision"), c.precision());
        report.metrics.insert(format!("{key}.recall"), c.recall());
        report.metrics.insert(format!("{key}.f1"), c.f1());
        let _ = writeln!(report.text, "{ty:<10} {}", c.summary());
    }
    for ((ty, label), (n, pos)) in &by_label {
        let _ = writeln!(
            report.text,
            "  {ty:<10} {label:<13} {pos:>4} / {n:<4} coded positive"
        );
    }
}

/// Finds the code-point span of a gold token sequence in `text` (first occurrence).
fn locate(text: &str, words: &[Value]) -> Option<(usize, usize)> {
    let mut start = None;
    let mut end = 0;
    let mut from = 0;
    for w in words.iter().filter_map(Value::as_str) {
        let at = text[from..]
            .find(w)
            .map(|b| b + from)
            .or_else(|| text.find(w))?;
        let cs = text[..at].chars().count();
        let ce = cs + w.chars().count();
        start = Some(start.map_or(cs, |s: usize| s.min(cs)));
        end = end.max(ce);
        from = at + w.len();
    }
    start.map(|s| (s, end))
}

fn spans(coder: &Coder<'_>, name: &str, rows: &[Value], report: &mut Report) {
    let (mut n, mut ok, mut sec_n, mut sec_ok) = (0usize, 0usize, 0usize, 0usize);
    for (i, r) in rows.iter().enumerate() {
        let Some(text) = r["text"].as_str() else {
            continue;
        };
        let id = format!("{name}-{i}");
        let doc = DocumentInput {
            id: &id,
            text,
            date: None,
            lang: Some(Lang::Ar),
        };
        let mentions = coder.actor_mentions(&doc);
        let mut seen = Vec::new();
        for sp in r["spans"].as_array().into_iter().flatten() {
            for (words, role) in [
                (&sp["source_actor"], &sp["source_role"]),
                (&sp["target_actor"], &sp["target_role"]),
            ] {
                let (Some(words), Some(main)) =
                    (words.as_array(), role.get("main").and_then(Value::as_str))
                else {
                    continue;
                };
                let Some((s, e)) = locate(text, words) else {
                    continue;
                };
                if seen.contains(&(s, e)) {
                    continue;
                }
                seen.push((s, e));
                let gold = (main != "None").then_some(main);
                let got = mentions.iter().find(|m| m.start < e && s < m.end);
                let got_code = got.and_then(|m| m.code.as_deref());
                n += 1;
                if got_code == gold {
                    ok += 1;
                } else {
                    report.errors.push(format!(
                        "actor {:?}: gold {} got {} ({}): {text}",
                        words
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" "),
                        gold.unwrap_or("null"),
                        got_code.unwrap_or("null"),
                        got.map(|m| m.text.as_str()).unwrap_or("-"),
                    ));
                }
                if let Some(role) = role
                    .get("role")
                    .and_then(Value::as_str)
                    .filter(|r| *r != "None")
                {
                    sec_n += 1;
                    if got.and_then(|m| m.sector.as_deref()) == Some(role) {
                        sec_ok += 1;
                    }
                }
            }
        }
    }
    let acc = ratio(ok, n);
    let sacc = ratio(sec_ok, sec_n);
    report
        .metrics
        .insert(format!("ar.{name}.country_accuracy"), acc);
    report
        .metrics
        .insert(format!("ar.{name}.sector_accuracy"), sacc);
    let _ = writeln!(
        report.text,
        "actor country accuracy {acc:.3} ({ok}/{n}); sector accuracy {sacc:.3} ({sec_ok}/{sec_n})"
    );
}

fn plover(coder: &Coder<'_>, rows: &[Value], report: &mut Report) {
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut src_n, mut src_ok) = (0usize, 0usize);
    for (i, r) in rows.iter().enumerate() {
        let (Some(gold), Some(text)) = (r["event"].as_str(), r["text"].as_str()) else {
            continue;
        };
        let gold = plover_type(gold).to_string();
        let id = r["id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| i.to_string());
        let date = r["date"].as_str().and_then(|d| d.parse().ok());
        let events = code(coder, &id, text, date, Lang::En);
        let mut types: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
        types.dedup();
        let first = types.first().copied().unwrap_or("NONE").to_string();
        *confusion.entry((gold.clone(), first)).or_default() += 1;
        let hit = types.contains(&gold.as_str());
        by_type.entry(gold.clone()).or_default().tp += hit as usize;
        by_type.entry(gold.clone()).or_default().fn_ += (!hit) as usize;
        for t in types.iter().filter(|t| **t != gold) {
            by_type.entry(t.to_string()).or_default().fp += 1;
        }
        if !hit {
            report
                .errors
                .push(format!("PLOVER gold {gold} got {types:?}: {text}"));
        }
        // Source actor country: the gold's first source against the matching event's actors.
        if let Some(code) = r["source"]
            .as_array()
            .and_then(|a| a.first())
            .and_then(|s| s["code"].as_str())
        {
            src_n += 1;
            let gold3 = &code[..code.len().min(3)];
            if events
                .iter()
                .filter(|e| e.event == gold)
                .any(|e| e.actor.iter().any(|a| a.code.as_deref() == Some(gold3)))
            {
                src_ok += 1;
            }
        }
    }
    let total = by_type.values().fold(Counts::default(), |a, c| Counts {
        tp: a.tp + c.tp,
        fp: a.fp + c.fp,
        fn_: a.fn_ + c.fn_,
    });
    report
        .metrics
        .insert("en.plover.precision".into(), total.precision());
    report
        .metrics
        .insert("en.plover.recall".into(), total.recall());
    report.metrics.insert("en.plover.f1".into(), total.f1());
    report.metrics.insert(
        "en.plover.source_country_accuracy".into(),
        ratio(src_ok, src_n),
    );
    let _ = writeln!(
        report.text,
        "all        {}; source country accuracy {:.3}",
        total.summary(),
        ratio(src_ok, src_n)
    );
    for (ty, c) in &by_type {
        let _ = writeln!(report.text, "{ty:<10} {}", c.summary());
    }
    let _ = writeln!(report.text, "confusion (gold → first coded):");
    for ((g, p), n) in &confusion {
        if g != p {
            let _ = writeln!(report.text, "  {g:<10} → {p:<10} {n}");
        }
    }
}

fn cameo(coder: &Coder<'_>, rows: &[Value], report: &mut Report) {
    let (mut n, mut ok) = (0usize, 0usize);
    for (i, r) in rows.iter().enumerate() {
        let (Some(gold), Some(text)) = (r["cameo_code"].as_str(), r["text"].as_str()) else {
            continue;
        };
        let events = code(coder, &i.to_string(), text, None, Lang::En);
        let got = events.first().and_then(|e| e.cameo.clone());
        n += 1;
        let root = |c: &str| c.get(..2).map(str::to_string);
        if got.as_deref().and_then(root) == root(gold) {
            ok += 1;
        } else {
            report
                .errors
                .push(format!("CAMEO gold {gold} got {got:?}: {text}"));
        }
    }
    let acc = ratio(ok, n);
    report.metrics.insert("en.cameo.root_accuracy".into(), acc);
    let _ = writeln!(report.text, "CAMEO root accuracy {acc:.3} ({ok}/{n})");
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Reads a floors file (`metric<TAB>minimum` per line, `#` comments) and returns the metrics that
/// fell below their floor, as messages.
pub fn check_floors(report: &Report, floors: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in floors.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(name), Some(min)) = (parts.next(), parts.next()) else {
            out.push(format!("floors:{}: expected `metric minimum`", i + 1));
            continue;
        };
        let Ok(min) = min.parse::<f64>() else {
            out.push(format!("floors:{}: bad number ({min})", i + 1));
            continue;
        };
        match report.metrics.get(name) {
            Some(v) if *v + 1e-9 < min => {
                out.push(format!("{name} = {v:.3} is below its floor {min:.3}"))
            }
            Some(_) => {}
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_give_f1() {
        let c = Counts {
            tp: 8,
            fp: 2,
            fn_: 2,
        };
        assert!((c.f1() - 0.8).abs() < 1e-9);
    }

    #[test]
    fn formats_are_recognised_by_fields() {
        let v: Value =
            serde_json::from_str(r#"{"event_type":"PROTEST","label":"yes","text":"x"}"#).unwrap();
        assert_eq!(format_of(&v), Some(Format::Detection));
        let v: Value = serde_json::from_str(r#"{"cameo_code":"011","text":"x"}"#).unwrap();
        assert_eq!(format_of(&v), Some(Format::Cameo));
        assert_eq!(plover_type("FIGHT"), "ASSAULT");
    }

    #[test]
    fn gold_words_are_located_by_code_points() {
        let words: Vec<Value> = vec!["المتظاهرون".into()];
        assert_eq!(locate("وهتف المتظاهرون بشعارات", &words), Some((5, 15)));
    }

    #[test]
    fn floors_report_regressions_only() {
        let mut r = Report::default();
        r.metrics.insert("a".into(), 0.5);
        r.metrics.insert("b".into(), 0.9);
        let msgs = check_floors(&r, "# floors\na\t0.6\nb 0.8\n");
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].starts_with("a = 0.500"));
    }
}
