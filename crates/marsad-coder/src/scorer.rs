//! The event scorer: two logistic regressions over a candidate's named features (`features.rs`).
//! The *event* model says how likely a trigger's reading is a real event of its type, as a careful
//! reader would code it (its score is the record's `confidence`); the *reading* model ranks the
//! readings of one trigger (the rules' participants, alternatives, the scene's fill) so the most
//! likely participants are kept. Two models, because "is this an event" and "who did it" are
//! different questions: one model asked both learns that a true event with the wrong actor is
//! not an event.
//!
//! The model is data: a plain-text, versioned weights file (`lexicon/scorer.tsv`) written by
//! `marsad train` with the checksum of the annotated sentences it learned from. Training is
//! deterministic (examples in a fixed order, a fixed number of passes, weights written with fixed
//! precision), so the same data and lexicon rebuild the same file bit for bit.
//!
//! Why logistic regression: a few thousand annotated sentences cannot feed a larger model, it
//! trains in well under a second with no dependency, its weights can be read and audited, and a
//! sum of a few dozen weights per candidate keeps the coder's speed.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

/// The weight tables: feature names hashed eight bytes at a time (multiply and rotate, as
/// rustc's FxHash does), several times faster than the standard SipHash on these keys (the scorer
/// looks up a few hundred names per sentence), and safe here because the keys come from the
/// weights file, not from an adversary.
pub type Weights = HashMap<String, f64, BuildHasherDefault<WordHasher>>;

/// The hasher of [`Weights`].
#[derive(Default)]
pub struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
}

/// The weights file format this code reads and writes.
pub const FORMAT_VERSION: u32 = 2;

/// A trained scorer.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Candidates scoring at least this are events (in a language without its own threshold).
    pub threshold: f64,
    /// Per language (`ar`, `en` …), the threshold chosen for it: the two languages' scores are
    /// not calibrated alike, and a sentence is one language, so each is tuned alone.
    pub thresholds: std::collections::BTreeMap<String, f64>,
    /// Checksum of the training data (`sha256:…`), as written by `marsad train`.
    pub data_checksum: String,
    /// How many candidate examples it was trained on.
    pub examples: usize,
    /// The event model's weights (`event/…` lines of the file).
    pub weights: Weights,
    /// The reading model's weights (`reading/…` lines).
    pub reading: Weights,
    /// The event model's sentence-word weights (`w:WORD|TYPE`) by type and word, derived from
    /// `weights` on reading, so coding looks a word up without building its name.
    pub words: HashMap<String, Weights>,
    /// Both models' weights of each feature, derived on reading: one lookup a feature in coding.
    pub both: HashMap<String, (f64, f64), BuildHasherDefault<WordHasher>>,
}

/// A weights file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct ModelError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

/// Training settings; the defaults are what `marsad train` uses.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// L2 penalty per example and pass.
    pub l2: f64,
    /// The AdaGrad base learning rate.
    pub rate: f64,
    /// Features seen in fewer examples than this get no weight.
    pub min_count: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 30,
            // Chosen on the cross-validated Arabic type F1, which is flat between 0.1 and 0.2
            // (0.536-0.538) and falls on either side (0.531 at 0.03 and 0.3, 0.529 at 0.01):
            // about 28,000 sparse features on 9,000 triggers need the stronger penalty.
            l2: 1e-1,
            rate: 0.2,
            min_count: 3,
        }
    }
}

/// One training example: a candidate's features and whether a reader coded it.
#[derive(Clone, Debug)]
pub struct Example {
    pub features: Vec<String>,
    pub positive: bool,
}

impl Model {
    /// The probability that a candidate with these features is an event.
    pub fn score(&self, features: &[String]) -> f64 {
        sigmoid(linear(&self.weights, features))
    }

    /// The event probability over two feature lists (a reading's own and its context).
    pub fn score_with(&self, features: &[String], context: &[String]) -> f64 {
        sigmoid(linear(&self.weights, features) + linear(&self.weights, context))
    }

    /// How likely these participants are the right ones, among the readings of one trigger.
    pub fn score_reading(&self, features: &[String]) -> f64 {
        sigmoid(linear(&self.reading, features))
    }

    /// The threshold of a language.
    pub fn threshold_for(&self, lang: &str) -> f64 {
        self.thresholds.get(lang).copied().unwrap_or(self.threshold)
    }

    /// The event model's weight of sentence word `word` (a matching key) for type `ty`.
    pub fn word_weight(&self, ty: &str, word: &str) -> f64 {
        self.words
            .get(ty)
            .and_then(|w| w.get(word))
            .copied()
            .unwrap_or(0.0)
    }

    /// Indexes the sentence-word weights by type and word (see `words`) and both models'
    /// weights by feature (see `both`).
    pub fn index(&mut self) {
        self.both.clear();
        for (name, w) in &self.weights {
            self.both.entry(name.clone()).or_default().0 = *w;
        }
        for (name, w) in &self.reading {
            self.both.entry(name.clone()).or_default().1 = *w;
        }
        self.words.clear();
        for (name, w) in &self.weights {
            if let Some((word, ty)) = name
                .strip_prefix("w:")
                .and_then(|rest| rest.rsplit_once('|'))
            {
                self.words
                    .entry(ty.to_string())
                    .or_default()
                    .insert(word.to_string(), *w);
            }
        }
    }

    /// The weights of one feature in the event and the reading model (0 when absent).
    pub fn weigh(&self, feature: &str) -> (f64, f64) {
        if self.both.is_empty() {
            return (
                self.weights.get(feature).copied().unwrap_or(0.0),
                self.reading.get(feature).copied().unwrap_or(0.0),
            );
        }
        self.both.get(feature).copied().unwrap_or((0.0, 0.0))
    }

    /// The features that moved a score most, strongest first (for `--explain`).
    pub fn explain<'f>(&self, features: &'f [String], n: usize) -> Vec<(&'f str, f64)> {
        let mut v: Vec<(&str, f64)> = features
            .iter()
            .filter_map(|f| self.weights.get(f.as_str()).map(|w| (f.as_str(), *w)))
            .collect();
        v.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    /// Reads a weights file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Model, ModelError> {
        let err = |line: usize, message: String| ModelError {
            origin: origin.to_string(),
            line,
            message,
        };
        let mut model = Model {
            threshold: 0.5,
            thresholds: Default::default(),
            data_checksum: String::new(),
            examples: 0,
            weights: Weights::default(),
            reading: Weights::default(),
            words: HashMap::new(),
            both: Default::default(),
        };
        let mut version = None;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, value)) = line.rsplit_once('\t') else {
                return Err(err(n, format!("expected `name<TAB>value` ({line})")));
            };
            let number = || {
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| err(n, format!("not a number ({value})")))
            };
            match name {
                "@version" => {
                    let v: u32 = value
                        .parse()
                        .map_err(|_| err(n, format!("bad version ({value})")))?;
                    if v != FORMAT_VERSION {
                        return Err(err(
                            n,
                            format!("weights format {v}, this build reads {FORMAT_VERSION}"),
                        ));
                    }
                    version = Some(v);
                }
                "@threshold" => model.threshold = number()?,
                _ if name.starts_with("@threshold:") => {
                    let lang = &name["@threshold:".len()..];
                    model.thresholds.insert(lang.to_string(), number()?);
                }
                "@data" => model.data_checksum = value.to_string(),
                "@examples" => model.examples = number()? as usize,
                _ if name.starts_with('@') => {
                    return Err(err(n, format!("unknown setting ({name})")));
                }
                _ => {
                    let (map, feature) = if let Some(f) = name.strip_prefix("event/") {
                        (&mut model.weights, f)
                    } else if let Some(f) = name.strip_prefix("reading/") {
                        (&mut model.reading, f)
                    } else {
                        return Err(err(
                            n,
                            format!("expected an event/ or reading/ feature ({name})"),
                        ));
                    };
                    map.insert(feature.to_string(), number()?);
                }
            }
        }
        if version.is_none() {
            return Err(err(1, "missing `@version` line".into()));
        }
        model.index();
        Ok(model)
    }

    /// Writes the weights file: settings, then features sorted by name, weights rounded to six
    /// decimals (zero weights left out), so the file is stable and diffs are readable.
    pub fn write(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Marsad event scorer: logistic regression weights over candidate features.\n\
             # Written by `marsad train`; do not edit by hand. Rebuild with `marsad train`.\n\
             # A candidate is an event when sigmoid(sum of its features' weights) >= @threshold\n\
             # (@threshold:LANG for its language when given)."
        );
        let _ = writeln!(out, "@version\t{FORMAT_VERSION}");
        let _ = writeln!(out, "@data\t{}", self.data_checksum);
        let _ = writeln!(out, "@examples\t{}", self.examples);
        let _ = writeln!(out, "@threshold\t{:.3}", self.threshold);
        for (lang, t) in &self.thresholds {
            let _ = writeln!(out, "@threshold:{lang}\t{t:.3}");
        }
        for (prefix, map) in [("event", &self.weights), ("reading", &self.reading)] {
            let mut names: Vec<&String> = map.keys().collect();
            names.sort();
            for name in names {
                let w = map[name];
                if format!("{w:.6}").trim_start_matches('-') == "0.000000" {
                    continue;
                }
                let _ = writeln!(out, "{prefix}/{name}\t{w:.6}");
            }
        }
        out
    }
}

/// Fits a logistic regression with AdaGrad and L2, passing over the examples in the order given.
pub fn train(examples: &[Example], opts: &TrainOptions) -> Weights {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in examples {
        for f in &e.features {
            *count.entry(f.as_str()).or_default() += 1;
        }
    }
    // Index the kept features in sorted order, so the arithmetic is the same on every run.
    let mut names: Vec<&str> = count
        .iter()
        .filter(|(f, n)| **n >= opts.min_count || **f == "bias")
        .map(|(f, _)| *f)
        .collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let rows: Vec<(Vec<usize>, f64)> = examples
        .iter()
        .map(|e| {
            let mut ix: Vec<usize> = e
                .features
                .iter()
                .filter_map(|f| index.get(f.as_str()).copied())
                .collect();
            ix.sort_unstable();
            ix.dedup();
            (ix, if e.positive { 1.0 } else { 0.0 })
        })
        .collect();
    let mut w = vec![0.0f64; names.len()];
    let mut g2 = vec![1e-8f64; names.len()];
    for _ in 0..opts.epochs {
        for (ix, y) in &rows {
            let z: f64 = ix.iter().map(|&i| w[i]).sum();
            let g = sigmoid(z) - y;
            for &i in ix {
                let grad = g + opts.l2 * w[i];
                g2[i] += grad * grad;
                w[i] -= opts.rate * grad / g2[i].sqrt();
            }
        }
    }
    names
        .into_iter()
        .zip(w)
        .map(|(f, w)| (f.to_string(), w))
        .collect()
}

fn linear(weights: &Weights, features: &[String]) -> f64 {
    features
        .iter()
        .filter_map(|f| weights.get(f.as_str()))
        .sum()
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(features: &[&str], positive: bool) -> Example {
        Example {
            features: features.iter().map(|s| s.to_string()).collect(),
            positive,
        }
    }

    #[test]
    fn training_separates_a_telling_feature() {
        let mut data = Vec::new();
        for _ in 0..20 {
            data.push(ex(&["bias", "good"], true));
            data.push(ex(&["bias", "bad"], false));
        }
        let weights = train(&data, &TrainOptions::default());
        let m = Model {
            threshold: 0.5,
            thresholds: Default::default(),
            data_checksum: String::new(),
            examples: data.len(),
            weights,
            reading: Weights::default(),
            words: HashMap::new(),
            both: Default::default(),
        };
        assert!(m.score(&["bias".into(), "good".into()]) > 0.8);
        assert!(m.score(&["bias".into(), "bad".into()]) < 0.2);
    }

    #[test]
    fn the_weights_file_round_trips() {
        let mut m = Model {
            threshold: 0.45,
            thresholds: [("ar".to_string(), 0.3)].into_iter().collect(),
            data_checksum: "sha256:ab".into(),
            examples: 3,
            weights: [
                ("bias".to_string(), -0.5),
                ("lemma:رفض|REJECT".to_string(), 1.25),
            ]
            .into_iter()
            .collect(),
            reading: [("choice:rule".to_string(), 0.75)].into_iter().collect(),
            words: HashMap::new(),
            both: Default::default(),
        };
        m.index();
        let text = m.write();
        assert_eq!(Model::parse(&text, "t").unwrap(), m);
        assert_eq!(Model::parse(&text, "t").unwrap().write(), text);
    }

    #[test]
    fn bad_weights_files_name_the_line() {
        let e = Model::parse("@version\t2\nevent/bias\tx\n", "scorer.tsv").unwrap_err();
        assert_eq!(e.to_string(), "scorer.tsv:2: not a number (x)");
        let e = Model::parse("@version\t2\nbias\t1\n", "scorer.tsv").unwrap_err();
        assert!(e
            .to_string()
            .contains("expected an event/ or reading/ feature"));
        let e = Model::parse("event/bias\t1\n", "scorer.tsv").unwrap_err();
        assert!(e.to_string().contains("missing `@version`"));
        let e = Model::parse("@version\t9\n", "s").unwrap_err();
        assert!(e.to_string().contains("weights format 9"));
    }
}
