//! Training the event scorer (`marsad train`): candidates from the rule stages, labels from the
//! annotated gold, a logistic regression (`marsad_coder::scorer`), a threshold chosen on
//! cross-validated predictions, and cross-validated figures.
//!
//! Labels: in each sentence, candidates are matched one to one with the gold events, strictest
//! first (type, actor and recipient codes; then type and actor; then type), and a matched
//! candidate is positive. A second candidate of a type the gold has once is negative: the same
//! occurrence told twice is one event.
//!
//! Folds are fixed by a hash of the sentence id, so cross-validation is the same on every run.
//! Sentences written for training (`"written": true`) are always in the training part and never
//! scored.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use marsad_coder::scorer::{self, Example, Model, TrainOptions};
use marsad_coder::{score, select, Candidate, Coder, Options, Scored};
use sha2::{Digest, Sha256};

use crate::gold::{self, document, GoldEvent, GoldSentence, Level, Scores};

/// What `marsad train` needs besides the sentences.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Cross-validation folds (at least 2).
    pub folds: usize,
    pub train: TrainOptions,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            folds: 5,
            train: TrainOptions::default(),
        }
    }
}

/// The trained model and the cross-validated figures behind it.
#[derive(Debug)]
pub struct Trained {
    pub model: Model,
    /// Per language (`ar`) and per language and file (`ar/ar_gsr_dev`): out-of-fold figures with
    /// the model, and with the rules alone.
    pub cv: BTreeMap<String, Scores>,
    pub rules: BTreeMap<String, Scores>,
    /// A readable summary of the figures.
    pub text: String,
    /// The model's out-of-fold errors (MISS, MISS-NOCAND, SPUR, ROLE), as `marsad eval --errors`
    /// prints them: the honest error analysis.
    pub errors: Vec<String>,
}

/// One sentence's candidates with their labels: `event` on the first reading of each trigger
/// (whether the trigger is a gold event of its type), `reading` on every reading of a trigger
/// that is one (`Some(true)` for the readings whose participants agree best with the gold).
struct Labelled {
    candidates: Vec<Candidate>,
    event: Vec<Option<bool>>,
    reading: Vec<Option<bool>>,
    fold: Option<usize>,
}

impl Labelled {
    fn new(candidates: Vec<Candidate>, gold: &[GoldEvent], fold: Option<usize>) -> Self {
        let heads: Vec<usize> = (0..candidates.len())
            .filter(|&i| i == 0 || candidates[i].group != candidates[i - 1].group)
            .collect();
        let head_candidates: Vec<&Candidate> = heads.iter().map(|&i| &candidates[i]).collect();
        let head_labels = labels(&head_candidates, gold);
        let mut event = vec![None; candidates.len()];
        let mut reading = vec![None; candidates.len()];
        for (h, &start) in heads.iter().enumerate() {
            event[start] = Some(head_labels[h]);
            if !head_labels[h] {
                continue;
            }
            let end = heads.get(h + 1).copied().unwrap_or(candidates.len());
            let levels: Vec<u8> = candidates[start..end]
                .iter()
                .map(|c| agreement(c, gold))
                .collect();
            let top = levels.iter().copied().max().unwrap_or(0);
            if top == 0 {
                continue;
            }
            for (k, level) in levels.into_iter().enumerate() {
                reading[start + k] = Some(level == top);
            }
        }
        Labelled {
            candidates,
            event,
            reading,
            fold,
        }
    }
}

/// How well a reading's participants agree with some gold event of its type: 2 for actor and
/// recipient codes, 1 for actor codes, else 0.
fn agreement(c: &Candidate, gold: &[GoldEvent]) -> u8 {
    let actor = gold::record_codes(&c.record.actor);
    let recipient = gold::record_codes(&c.record.recipient);
    gold.iter()
        .filter(|g| g.event == c.record.event && g.negated == c.record.negated)
        .map(|g| match (g.actor == actor, g.recipient == recipient) {
            (true, true) => 2,
            (true, false) => 1,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// The checksum of a training set: SHA-256 over every sentence's id, text, date and events in the
/// order read, so any change to the data changes it and nothing else does.
pub fn checksum(sentences: &[GoldSentence]) -> String {
    let mut h = Sha256::new();
    for s in sentences {
        h.update(s.id.as_bytes());
        h.update([0]);
        h.update(s.text.as_bytes());
        h.update([0]);
        h.update(s.date.map(|d| d.to_string()).unwrap_or_default().as_bytes());
        for e in &s.events {
            let line = format!(
                "\u{1}{} {} > {} {}",
                e.event,
                e.actor.join(","),
                e.recipient.join(","),
                e.negated
            );
            h.update(line.as_bytes());
        }
        h.update([u8::from(s.written), b'\n']);
    }
    let digest = h.finalize();
    let mut out = String::from("sha256:");
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Labels each candidate: matched one to one with the gold, strictest level first. A negated
/// candidate matches a negated gold event (the reader coded it as an event that did not happen).
pub fn labels(candidates: &[&Candidate], gold: &[GoldEvent]) -> Vec<bool> {
    let mut used = vec![false; gold.len()];
    let mut out = vec![false; candidates.len()];
    for level in [Level::Recipient, Level::Actor, Level::Type] {
        for (i, c) in candidates.iter().enumerate() {
            if out[i] {
                continue;
            }
            let key = gold::key(
                level,
                &c.record.event,
                &gold::record_codes(&c.record.actor),
                &gold::record_codes(&c.record.recipient),
            );
            if let Some(g) = (0..gold.len()).find(|&g| {
                !used[g]
                    && gold[g].negated == c.record.negated
                    && gold::key(level, &gold[g].event, &gold[g].actor, &gold[g].recipient) == key
            }) {
                used[g] = true;
                out[i] = true;
            }
        }
    }
    out
}

/// Fits the scorer on `sentences` with `coder`'s candidates (its own model is not used), choosing
/// the threshold on out-of-fold predictions, and reports the cross-validated figures.
pub fn train(coder: &Coder<'_>, sentences: &[GoldSentence], settings: &Settings) -> Trained {
    let folds = settings.folds.max(2);
    let data: Vec<Labelled> = sentences
        .iter()
        .map(|s| {
            let candidates = coder.candidates(&document(s)).candidates;
            Labelled::new(
                candidates,
                &s.events,
                (!s.written).then(|| fold_of(&s.id, folds)),
            )
        })
        .collect();

    // Out-of-fold decisions for every scored sentence (kept at any confidence: the threshold is
    // applied when scoring).
    let mut oof: Vec<Vec<Scored>> = data.iter().map(|_| Vec::new()).collect();
    for k in 0..folds {
        let model = fit(data.iter().filter(|d| d.fold != Some(k)), &settings.train);
        for (d, p) in data.iter().zip(oof.iter_mut()) {
            if d.fold == Some(k) {
                *p = score(Some(&model), d.candidates.clone());
            }
        }
    }
    let threshold = best_threshold(sentences, &data, &oof, None);
    let langs: BTreeSet<&str> = sentences
        .iter()
        .zip(&data)
        .filter(|(_, d)| d.fold.is_some())
        .map(|(s, _)| s.lang.as_str())
        .collect();
    let thresholds: BTreeMap<String, f64> = langs
        .into_iter()
        .map(|l| {
            (
                l.to_string(),
                best_threshold(sentences, &data, &oof, Some(l)),
            )
        })
        .collect();
    let threshold_of = |i: usize| {
        thresholds
            .get(sentences[i].lang.as_str())
            .copied()
            .unwrap_or(threshold)
    };
    let mut errors = Vec::new();
    let cv = score_all(
        sentences,
        &data,
        |i| with_threshold(&oof[i], threshold_of(i)),
        Some(&mut errors),
    );
    let rules = score_all(
        sentences,
        &data,
        |i| score(None, data[i].candidates.clone()),
        None,
    );

    let mut model = fit(data.iter(), &settings.train);
    model.threshold = threshold;
    model.thresholds = thresholds.clone();
    model.data_checksum = checksum(sentences);
    let positives = data
        .iter()
        .flat_map(|d| &d.event)
        .filter(|l| **l == Some(true))
        .count();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "trained on {} sentences ({} written): {} triggers ({} events), {} readings; {} event and {} reading features; threshold {:.3} {:?}",
        sentences.len(),
        sentences.iter().filter(|s| s.written).count(),
        model.examples,
        positives,
        data.iter().flat_map(|d| &d.reading).filter(|l| l.is_some()).count(),
        model.weights.len(),
        model.reading.len(),
        threshold,
        thresholds
    );
    let _ = writeln!(
        text,
        "{folds}-fold cross-validated figures (written sentences never scored):"
    );
    for (lang, sc) in cv.iter().filter(|(k, _)| !k.contains('/')) {
        gold::summary_line(&mut text, &format!("{lang} model"), sc);
        if let Some(r) = rules.get(lang) {
            gold::summary_line(&mut text, &format!("{lang} rules"), r);
        }
        for (file, sc) in cv
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("{lang}/")))
        {
            let name = &file[lang.len() + 1..];
            gold::summary_line(&mut text, &format!("  {name}"), sc);
        }
    }
    Trained {
        model,
        cv,
        rules,
        text,
        errors,
    }
}

/// Both models on the given sentences' labelled candidates.
fn fit<'a>(data: impl Iterator<Item = &'a Labelled> + Clone, opts: &TrainOptions) -> Model {
    // The event model also reads a trigger's context (the sentence's words); the reading model
    // compares readings of one trigger, which share it, so it does not.
    let examples = |pick: fn(&Labelled) -> &Vec<Option<bool>>, context: bool| -> Vec<Example> {
        let mut out = Vec::new();
        for d in data.clone() {
            for (c, label) in d.candidates.iter().zip(pick(d)) {
                if let Some(positive) = *label {
                    let mut features = c.features.clone();
                    if context {
                        features.extend(c.context.iter().cloned());
                    }
                    out.push(Example { features, positive });
                }
            }
        }
        out
    };
    let events = examples(|d| &d.event, true);
    let readings = examples(|d| &d.reading, false);
    Model {
        threshold: 0.5,
        thresholds: BTreeMap::new(),
        data_checksum: String::new(),
        examples: events.len(),
        weights: scorer::train(&events, opts),
        reading: scorer::train(&readings, opts),
        words: Default::default(),
        both: Default::default(),
    }
}

/// The decisions of `scored` at another threshold.
fn with_threshold(scored: &[Scored], threshold: f64) -> Vec<Scored> {
    scored
        .iter()
        .map(|s| Scored {
            keep: s.confidence.is_some_and(|p| p >= threshold),
            ..s.clone()
        })
        .collect()
}

/// The fold of a sentence: FNV-1a of its id, so it never depends on the order or the run.
fn fold_of(id: &str, folds: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % folds as u64) as usize
}

/// Scores the decisions `decide(sentence)` on every scored sentence, per language.
fn score_all(
    sentences: &[GoldSentence],
    data: &[Labelled],
    decide: impl Fn(usize) -> Vec<Scored>,
    mut errors: Option<&mut Vec<String>>,
) -> BTreeMap<String, Scores> {
    let mut by_lang: BTreeMap<String, Scores> = BTreeMap::new();
    for (i, (s, d)) in sentences.iter().zip(data).enumerate() {
        if d.fold.is_none() {
            continue;
        }
        let coded = select(&s.id, decide(i), &Options::default());
        let (sc, errs) = gold::score_sentence(s, &coded, &d.candidates, false);
        if let Some(e) = errors.as_deref_mut() {
            e.extend(errs);
        }
        by_lang
            .entry(s.lang.as_str().to_string())
            .or_default()
            .add(&sc);
        // Per file too (`ar/ar_gsr_dev`), to see which source the figures come from.
        let file = s
            .origin
            .rsplit_once(':')
            .map_or(s.origin.as_str(), |(f, _)| f);
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        by_lang
            .entry(format!("{}/{stem}", s.lang.as_str()))
            .or_default()
            .add(&sc);
    }
    by_lang
}

/// The threshold that maximises the mean of type F1 and type + actor F1 over the scored
/// sentences (of one language, or all), out of fold, on a grid of 0.01 (the lowest of equal ones).
fn best_threshold(
    sentences: &[GoldSentence],
    data: &[Labelled],
    oof: &[Vec<Scored>],
    lang: Option<&str>,
) -> f64 {
    let mut best = (f64::MIN, 0.5);
    for step in 10..=80 {
        let t = f64::from(step) / 100.0;
        let by_lang = score_all(sentences, data, |i| with_threshold(&oof[i], t), None);
        let mut total = Scores::default();
        for (l, sc) in by_lang.iter().filter(|(k, _)| !k.contains('/')) {
            if lang.is_none_or(|want| want == l) {
                total.add(sc);
            }
        }
        let value = (total.levels[0].f1() + total.levels[1].f1()) / 2.0;
        if value > best.0 + 1e-12 {
            best = (value, t);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stable_and_spread() {
        assert_eq!(fold_of("af12", 5), fold_of("af12", 5));
        let mut n = [0usize; 5];
        for i in 0..500 {
            n[fold_of(&format!("s{i}"), 5)] += 1;
        }
        assert!(n.iter().all(|&k| k > 60), "{n:?}");
    }
}
