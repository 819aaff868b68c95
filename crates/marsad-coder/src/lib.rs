//! The event coder: turns a document's sentences into PLOVER/CAMEO event records.
//!
//! For each sentence it asks the lexicon what the tokens name (`adapter`), composes actors and
//! coordinated groups (`compose`), gives each trigger its source and target by the word order of
//! the language and reads the function words around it (`roles`), then writes the record
//! (`record`) with the date (from the sentence, else the publication date), the place, the
//! contexts and the CAMEO, quad class, Goldstein and PLOVER scale from the lexicon's tables.
//!
//! It does no I/O: documents come in as strings, events go out as values. It never guesses a
//! country: an actor it cannot resolve keeps its text with a null code.
//!
//! ```
//! use marsad_coder::{Coder, DocumentInput, Options};
//! let lexicon = marsad_lexicon::Lexicon::embedded().unwrap();
//! let coder = Coder::new(&lexicon);
//! let doc = DocumentInput {
//!     id: "d1",
//!     text: "Iran rejected the American demands on Friday.",
//!     date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
//!     lang: None,
//! };
//! let events = coder.code(&doc, &Options::default());
//! assert!(events.iter().any(|e| e.event == "REJECT"));
//! ```

mod adapter;
pub mod compose;
mod coref;
pub mod features;
pub mod profile;
pub mod record;
pub mod roles;
pub mod scene;
pub mod scorer;
pub mod sentence;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use marsad_lexicon::{Lexicon, MatchCache, Matcher, ModifierKind};
use marsad_text::dates::{find_dates, DateExpr};
use marsad_text::lang::{detect, Lang};
use marsad_text::normalize::key;
use marsad_text::{
    sentence::{split, split_run_ons},
    token::tokenize,
    Document, Span,
};

pub use record::{ActorRef, EventRecord, LocationRef, SentenceRef, TextSpan};
pub use roles::{Choice, Veto};
pub use scorer::Model;

use compose::{Actor, Group, PlaceMention};
use roles::Coded;
use sentence::Analysed;

/// A document to code.
#[derive(Clone, Debug)]
pub struct DocumentInput<'a> {
    pub id: &'a str,
    pub text: &'a str,
    /// Publication date: relative dates resolve against it, and events without a date in the
    /// text take it.
    pub date: Option<NaiveDate>,
    /// Language, detected when absent.
    pub lang: Option<Lang>,
}

/// What to keep.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Keep negated events (left out by default).
    pub all: bool,
    /// Drop events the scorer gives less confidence than this (on top of its own threshold).
    pub min_confidence: Option<f64>,
}

/// One candidate event of a sentence, before the decision: the record it would become, why the
/// hand-written rules would drop it (if they would), and the features the scorer reads.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub record: EventRecord,
    pub veto: Option<Veto>,
    pub features: Vec<String>,
    /// Candidates of one trigger share a group: the rules' reading and its alternatives
    /// (`roles::alternatives`), of which at most one becomes an event.
    pub group: usize,
    pub choice: roles::Choice,
    /// The sentence's scene filled a side that named no country (`scene.rs`); the same reading
    /// without the fill is a candidate of the same group.
    pub scene: Option<&'static str>,
    /// The linear sums of the event and reading models, when the coder scored the candidate as
    /// it built it (coding keeps no feature names).
    pub sums: Option<(f64, f64)>,
    /// Features only the event model reads (the sentence's words, `features::visit_words`),
    /// on a trigger's first reading.
    pub context: Vec<String>,
}

/// Which candidates [`Coder::collect`] builds. Coding needs fewer than training: the decision is
/// the same, since a trigger is kept or dropped on its first reading's event score alone.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode<'m> {
    /// Every reading with its features (training, evaluation, `--explain`).
    All,
    /// Deciding with this model: a trigger whose first reading it turns down has no other.
    Decide(&'m Model),
    /// Deciding by the rules: the rules' reading and its scene fills, without features.
    Rules,
}

/// Every candidate of a document, in sentence order, and the number of sentences read.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    pub candidates: Vec<Candidate>,
    pub sentences: usize,
}

/// The scorer built into the binary: `lexicon/scorer.tsv` when it existed at build time (a test
/// checks that it parses, since `Coder::new` falls back to the rules when it does not).
const EMBEDDED_MODEL: Option<&str> = include!(concat!(env!("OUT_DIR"), "/model.rs"));

/// What [`Coder::code_counted`] returns: the events, and the number of sentences read.
#[derive(Clone, Debug, Default)]
pub struct CodedDocument {
    pub events: Vec<EventRecord>,
    pub sentences: usize,
}

/// One sentence's span, its lexical analysis and its composed actors.
type SentenceAnalysis = (Span, Analysed, Vec<Actor>);

/// Event type, actor codes and recipient codes: one event per key and sentence.
type DedupKey = (String, Vec<Option<String>>, Vec<Option<String>>);

thread_local! {
    /// The match cache of the current thread (see [`Coder::analyse`]).
    static MATCH_CACHE: std::cell::RefCell<MatchCache> = std::cell::RefCell::new(MatchCache::default());
}

/// Events older than this many days before publication are `historical`.
const HISTORICAL_DAYS: i64 = 14;

/// The coder, built once over a lexicon and shared across threads.
pub struct Coder<'l> {
    lexicon: &'l Lexicon,
    matcher: Matcher,
    /// Keys of the `recipient` prepositions, for triggers whose row lists none.
    recipient_preps: Vec<String>,
    /// The versions of the scoring tables, named in every record.
    tables: String,
    /// The event scorer; without one, the rules alone decide.
    model: Option<Model>,
}

impl<'l> Coder<'l> {
    pub fn new(lexicon: &'l Lexicon) -> Self {
        let mut recipient_preps: Vec<String> = lexicon
            .modifiers
            .iter()
            .filter(|m| m.kind == ModifierKind::Recipient)
            .flat_map(|m| m.terms.iter().map(|t| key(t)))
            .collect();
        recipient_preps.sort();
        recipient_preps.dedup();
        let tables = format!(
            "{}; {}",
            lexicon.cameo_version().unwrap_or("cameo-goldstein ?"),
            lexicon.plover_version().unwrap_or("plover-scale ?")
        );
        Coder {
            lexicon,
            matcher: Matcher::new(lexicon),
            recipient_preps,
            tables,
            model: Self::embedded_model(),
        }
    }

    /// The scorer built into the binary, if it was built with one (see `build.rs`).
    pub fn embedded_model() -> Option<Model> {
        // The file is checked by `marsad train` and a test; a bad one is a build defect.
        EMBEDDED_MODEL.and_then(|text| Model::parse(text, "lexicon/scorer.tsv").ok())
    }

    /// The same coder deciding with `model` (or with the rules alone, for `None`).
    pub fn with_model(mut self, model: Option<Model>) -> Self {
        self.model = model;
        self
    }

    /// The scorer this coder decides with.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// Codes one document; events come in sentence order.
    pub fn code(&self, doc: &DocumentInput<'_>, opts: &Options) -> Vec<EventRecord> {
        self.code_counted(doc, opts).events
    }

    /// Codes one document and says how many sentences it read (for throughput figures).
    ///
    /// The candidates of each sentence are decided by the scorer (confidence at or above its
    /// threshold), or without one by the rules (no veto); one event is kept per type, actor codes
    /// and recipient codes in a sentence, the most confident.
    pub fn code_counted(&self, doc: &DocumentInput<'_>, opts: &Options) -> CodedDocument {
        let mode = match &self.model {
            Some(m) => Mode::Decide(m),
            None => Mode::Rules,
        };
        let Candidates {
            candidates,
            sentences,
        } = self.collect(doc, mode);
        let scored = score(self.model.as_ref(), candidates);
        let mut events = select(doc.id, scored, opts);
        for e in &mut events {
            e.tables = Some(self.tables.clone());
        }
        CodedDocument { events, sentences }
    }

    /// Every candidate of a document with the decision on it, as text for people: the type,
    /// trigger and participants, the veto of the rules, the scorer's confidence and the features
    /// that weighed most (what `marsad code --explain` prints).
    pub fn explain(&self, doc: &DocumentInput<'_>) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let scored = score(self.model.as_ref(), self.candidates(doc).candidates);
        for Scored {
            candidate: c,
            confidence,
            keep,
            reading,
        } in &scored
        {
            let r = &c.record;
            let codes = |v: &[ActorRef]| {
                let v: Vec<&str> = v.iter().map(|a| a.code.as_deref().unwrap_or("?")).collect();
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.join("+")
                }
            };
            let _ = writeln!(
                out,
                "{}:{} #{} {}{} reading={:.2} {} {} «{}» {}→{}{}{}{}",
                doc.id,
                r.sentence.index,
                c.group,
                c.choice.as_str(),
                c.scene.map(|s| format!("+scene:{s}")).unwrap_or_default(),
                reading,
                if *keep { "KEEP" } else { "drop" },
                r.event,
                r.event_text
                    .first()
                    .map(|t| t.text.as_str())
                    .unwrap_or_default(),
                codes(&r.actor),
                codes(&r.recipient),
                if r.negated { " negated" } else { "" },
                c.veto
                    .map(|v| format!(" veto={}", v.as_str()))
                    .unwrap_or_default(),
                confidence.map(|p| format!(" p={p:.3}")).unwrap_or_default(),
            );
            if let Some(m) = &self.model {
                let top: Vec<String> = m
                    .explain(&[c.features.clone(), c.context.clone()].concat(), 8)
                    .into_iter()
                    .map(|(f, w)| format!("{w:+.2} {f}"))
                    .collect();
                let _ = writeln!(out, "    {}", top.join("  "));
            }
        }
        out
    }

    /// Every candidate event of a document, negated ones included, before any decision: what the
    /// scorer chooses among, what training learns from and what candidate recall measures.
    pub fn candidates(&self, doc: &DocumentInput<'_>) -> Candidates {
        self.collect(doc, Mode::All)
    }

    /// The candidates `mode` asks for (see [`Mode`]).
    fn collect(&self, doc: &DocumentInput<'_>, mode: Mode<'_>) -> Candidates {
        // First pass: analyse every sentence, so document-level facts (the main dyad, the
        // contexts) are known before any record is written.
        let (lang, text, analysed) = self.analyse(doc);
        let mut country_counts: HashMap<String, usize> = HashMap::new();
        let mut context_counts: HashMap<String, usize> = HashMap::new();
        for (_, a, actors) in &analysed {
            for actor in actors {
                if let Some(c) = &actor.code {
                    *country_counts.entry(c.clone()).or_default() += 1;
                }
            }
            for c in &a.contexts {
                *context_counts.entry(c.clone()).or_default() += 1;
            }
        }
        let dyad = main_dyad(&country_counts);
        let doc_contexts: Vec<String> = {
            let mut v: Vec<(&String, &usize)> =
                context_counts.iter().filter(|(_, n)| **n >= 2).collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.into_iter().take(2).map(|(c, _)| c.clone()).collect()
        };

        let mut out = Vec::new();
        let mut scene: Option<scene::Scene> = None;
        let mut next_group = 0;
        for (index, (sent, a, actors)) in analysed.iter().enumerate() {
            let groups = compose::groups(a, actors);
            let places = compose::places(a);
            scene = scene::of_sentence(&places, actors, scene.as_ref());
            let coded = roles::assign(a, &groups);
            if coded.is_empty() {
                continue;
            }
            let sent_text = text.slice(*sent);
            let dates = find_dates(sent_text, doc.date);
            // The types of the triggers before, for `dup_type`: the same occurrence told twice.
            let mut seen: Vec<(usize, String)> = Vec::new();
            for rule in coded {
                let group = next_group;
                next_group += 1;
                let alternatives = roles::alternatives(&groups, &rule);
                let mut head = true;
                for c in std::iter::once(rule).chain(alternatives) {
                    let (record, late_veto) = self.record(
                        doc,
                        lang,
                        &text,
                        index,
                        *sent,
                        a,
                        &c,
                        &places,
                        &dates,
                        &dyad,
                        &doc_contexts,
                    );
                    let veto = c.veto.or(late_veto);
                    let c = roles::Coded { veto, ..c };
                    // Features as names (training, `--explain`) or as the models' sums
                    // (coding), for a reading, its scene fill and the triggers seen before.
                    let features_of = |rec: &EventRecord,
                                       scene: Option<&str>,
                                       seen: &[(usize, String)]|
                     -> (Vec<String>, Option<(f64, f64)>) {
                        let mut names = Vec::new();
                        let mut sums = (0.0, 0.0);
                        let mut sink = |name: &str| match mode {
                            Mode::Decide(m) => {
                                let (e, r) = m.weigh(name);
                                sums.0 += e;
                                sums.1 += r;
                            }
                            _ => names.push(name.to_string()),
                        };
                        if mode == Mode::Rules {
                            return (names, None);
                        }
                        features::visit(a, &c, rec, &mut sink);
                        if let Some(source) = scene {
                            sink(&format!("scene:{source}"));
                            sink(&format!("scene:{source}|{}", rec.event));
                        }
                        if seen.iter().any(|(g, t)| *g != group && *t == rec.event) {
                            sink("dup_type");
                            sink(&format!("dup_type|{}", rec.event));
                        }
                        let sums = matches!(mode, Mode::Decide(_)).then_some(sums);
                        (names, sums)
                    };
                    // The reading as the words give it first: it is the one the event model
                    // judges, so whether a trigger is an event does not hang on the scene.
                    let (features, mut sums) = features_of(&record, None, &seen);
                    // The sentence's words, for the event model: on the first reading only.
                    let mut context = Vec::new();
                    if head && mode != Mode::Rules {
                        match (mode, sums.as_mut()) {
                            (Mode::Decide(m), Some(s)) => {
                                s.0 += features::words(a, &c)
                                    .map(|k| m.word_weight(&record.event, k))
                                    .sum::<f64>();
                            }
                            _ => features::visit_words(a, &c, &record.event, &mut |name| {
                                context.push(name.to_string())
                            }),
                        }
                    }
                    // A trigger the event model turns down needs no other reading.
                    let gated = head
                        && matches!(mode, Mode::Decide(m) if sums.is_some_and(|(z, _)| scorer::sigmoid(z) < m.threshold_for(lang.as_str())));
                    seen.push((group, record.event.clone()));
                    let reading_at = out.len();
                    out.push(Candidate {
                        record,
                        veto,
                        features,
                        group,
                        choice: c.choice,
                        scene: None,
                        sums,
                        context,
                    });
                    if gated {
                        break;
                    }
                    // The readings with the scene's fills (`scene::FILLS`), each once.
                    let mut fills: Vec<(EventRecord, &'static str)> = Vec::new();
                    if let Some(sc) = &scene {
                        for how in scene::FILLS {
                            let mut filled = out[reading_at].record.clone();
                            if scene::fill(&mut filled, sc, &text, how)
                                && !fills.iter().any(|(f, _)| *f == filled)
                            {
                                fills.push((filled, sc.source));
                            }
                        }
                    }
                    for (filled, source) in fills {
                        let (features, sums) = features_of(&filled, Some(source), &seen);
                        seen.push((group, filled.event.clone()));
                        out.push(Candidate {
                            record: filled,
                            veto,
                            features,
                            group,
                            choice: c.choice,
                            scene: Some(source),
                            sums,
                            context: Vec::new(),
                        });
                    }
                    // Without a scorer only the rules' reading can be chosen.
                    if mode == Mode::Rules {
                        break;
                    }
                    head = false;
                }
            }
        }
        Candidates {
            candidates: out,
            sentences: analysed.len(),
        }
    }

    /// Every actor mention the coder resolves in the document, whether or not it takes part in an
    /// event: what actor evaluation scores.
    pub fn actor_mentions(&self, doc: &DocumentInput<'_>) -> Vec<ActorRef> {
        let (_, text, analysed) = self.analyse(doc);
        analysed
            .iter()
            .flat_map(|(_, _, actors)| actors.iter().map(|m| actor_ref(&text, m)))
            .collect()
    }

    /// Splits, tokenizes and matches a document, and analyses each sentence into its actors.
    fn analyse(&self, doc: &DocumentInput<'_>) -> (Lang, Document, Vec<SentenceAnalysis>) {
        let lang = doc.lang.unwrap_or_else(|| detect(doc.text));
        let text = Document::new(doc.text);
        let tokens = tokenize(doc.text);
        // Run-on sentences are coded clause group by clause group (issue 13, item 12).
        let sentences = split_run_ons(doc.text, split(doc.text));
        let mut out = Vec::with_capacity(sentences.len());
        // One cache per thread keeps the clitic readings of the words already seen, across
        // sentences and documents (news repeats its vocabulary); the document text lets the
        // matcher give exact spans when stripped words carry harakat.
        MATCH_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            self.analyse_sentences(doc, lang, &text, &tokens, sentences, &mut cache, &mut out);
        });
        coref::resolve(out.iter_mut().map(|(_, _, actors)| actors));
        (lang, text, out)
    }

    /// Matches and analyses each sentence of a document into `out`.
    #[allow(clippy::too_many_arguments)]
    fn analyse_sentences(
        &self,
        doc: &DocumentInput<'_>,
        lang: Lang,
        text: &Document,
        tokens: &[marsad_text::token::Token],
        sentences: Vec<Span>,
        cache: &mut MatchCache,
        out: &mut Vec<SentenceAnalysis>,
    ) {
        for sent in sentences {
            let lo = tokens.partition_point(|t| t.span.start < sent.start);
            let hi = tokens.partition_point(|t| t.span.start < sent.end);
            let toks = &tokens[lo..hi];
            let matches = self.matcher.find_cached(cache, Some(doc.text), toks);
            let s_lang = if lang == Lang::Other {
                detect(text.slice(sent))
            } else {
                lang
            };
            let a = adapter::analyse(
                self.lexicon,
                &self.recipient_preps,
                toks,
                &matches,
                doc.date,
                profile::for_lang(s_lang),
            );
            let actors = compose::actors(&a);
            out.push((sent, a, actors));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        doc: &DocumentInput<'_>,
        lang: Lang,
        text: &Document,
        index: usize,
        sent: Span,
        a: &Analysed,
        c: &Coded<'_>,
        places: &[PlaceMention],
        dates: &[DateExpr],
        dyad: &[String],
        doc_contexts: &[String],
    ) -> (EventRecord, Option<Veto>) {
        let t = c.trigger;
        let mut actor = participants(text, c.source, dyad);
        let mut recipient = participants(text, c.target, dyad);
        // A verbal noun with only a loose adjective around it (`الهجوم الأميركي`) is a reference
        // to an event more often than a report of one.
        let specific = |g: Option<&Group>| g.is_some_and(|g| g.members.iter().any(|m| !m.weak));
        let veto = if actor.is_empty() && recipient.is_empty() {
            Some(Veto::NoParticipant)
        } else if !t.verb && !specific(c.source) && !specific(c.target) {
            Some(Veto::LooseNoun)
        } else {
            None
        };
        // A refused agreement, meeting or concession is a rejection (`لن تقبل`, `would not
        // meet`): the PLOVER table names the CAMEO code it becomes.
        // Likewise an offered one is an expressed intent (`is willing to send aid`), and a harmful
        // one announced for the future or on a condition is a threat (`said it would strike`).
        let plover_row = self.lexicon.plover(&t.event);
        let threat = (c.future || c.hypothetical) && c.announced && !c.negated;
        let recoded = if c.negated {
            plover_row.and_then(|p| p.refused.as_deref())
        } else if c.intent {
            plover_row.and_then(|p| p.intended.as_deref())
        } else if threat {
            plover_row.and_then(|p| p.threatened.as_deref())
        } else {
            None
        };
        let threat = threat && recoded.is_some();
        let recoded_row = recoded
            .and_then(|code| self.lexicon.cameo(code))
            .and_then(|row| Some((row.event.clone()?, row.mode.clone(), row.code.clone())));
        let (event, mode, cameo, negated) = match recoded_row {
            Some((event, mode, code)) => (event, mode, Some(code), false),
            None => (t.event.clone(), t.mode.clone(), t.cameo.clone(), c.negated),
        };

        // Reciprocal events (both sides met, agreed) put every party in `actor`.
        let reciprocal = c
            .source
            .is_some_and(|g| g.members.iter().any(|m| m.reciprocal))
            || (recipient.is_empty() && actor.len() >= 2);
        if reciprocal && matches!(event.as_str(), "CONSULT" | "AGREE" | "COOPERATE") {
            actor.append(&mut recipient);
        }
        // One party named twice (`الطرفان` read as the main dyad beside `إيران`) is listed once;
        // two named people of one country (Witkoff and Kushner) stay two.
        for side in [&mut actor, &mut recipient] {
            let mut kept: Vec<ActorRef> = Vec::with_capacity(side.len());
            for a in side.drain(..) {
                let same = |k: &ActorRef| {
                    k.code.is_some()
                        && (&k.code, &k.sector) == (&a.code, &a.sector)
                        && k.name.is_none()
                        && a.name.is_none()
                };
                if !kept.iter().any(same) {
                    kept.push(a);
                }
            }
            *side = kept;
        }

        // The date: the expression nearest the trigger, preferring one inside the trigger's
        // clause (`قال يوم الأحد إن … أسقطت` dates the saying, not the downing), and never one
        // that contradicts the tense: a reported event does not happen after publication, a
        // future one not before it. Else the publication date.
        // Only an event marked future may be dated after publication (issue 13, item 10): a threat
        // is made now, whatever it threatens, so its date is read as a reported event's.
        let marked_future = c.future && !threat;
        let trigger_at = t.span.start - sent.start;
        let (lo, hi) = c.clause;
        let clause_chars = a.spans.get(lo).map_or(0, |s| s.start - sent.start)
            ..a.spans
                .get(hi.saturating_sub(1))
                .map_or(0, |s| s.end - sent.start);
        let fits_tense = |d: &&DateExpr| match (d.start, doc.date) {
            (Some(_), Some(_)) if marked_future && d.bare_weekday => true,
            (Some(start), Some(p)) if marked_future => d.end.unwrap_or(start) >= p,
            (Some(start), Some(p)) => start <= p,
            (start, _) => start.is_some(),
        };
        let nearest = |in_clause: bool| {
            dates
                .iter()
                .filter(fits_tense)
                .filter(|d| !in_clause || clause_chars.contains(&d.span.start))
                .min_by_key(|d| d.span.start.abs_diff(trigger_at))
        };
        let date = nearest(true).or_else(|| nearest(false));
        // A bare weekday of a future event is the next such day (`will meet on Tuesday`).
        let future_weekday = |d: &DateExpr| match (d.start, doc.date) {
            (Some(start), Some(p)) if marked_future && d.bare_weekday && start <= p => {
                Some(start + Duration::days(7))
            }
            _ => d.start,
        };
        let (date_str, date_end, date_source) = match (date, doc.date) {
            (Some(d), _) if d.bare_weekday => {
                (future_weekday(d).map(|x| x.to_string()), None, "text")
            }
            (Some(d), _) => (
                d.start.map(|x| x.to_string()),
                d.end.filter(|e| Some(*e) != d.start).map(|x| x.to_string()),
                "text",
            ),
            (None, Some(p)) => (Some(p.to_string()), None, "publication"),
            (None, None) => (None, None, "none"),
        };
        // A range that runs past publication (`this year`, `بعد ساعات`) ends, for an event that
        // is not future, on the publication day: what is reported has happened by then.
        let date_end = match (date_end, doc.date) {
            (Some(end), Some(p)) if !marked_future && end > p.to_string() => {
                Some(p.to_string()).filter(|p| Some(p) != date_str.as_ref())
            }
            (end, _) => end,
        };
        let mut aux = Vec::new();
        let historical = c.past_marker
            || match (date.and_then(|d| d.end.or(d.start)), doc.date) {
                (Some(end), Some(p)) => end < p - Duration::days(HISTORICAL_DAYS),
                _ => false,
            };
        if historical {
            aux.push("historical".to_string());
        }
        // A threat is made now; what it threatens is future or conditional, not the threat.
        if c.future && !threat {
            aux.push("future".to_string());
        }
        if c.hypothetical && !threat {
            aux.push("hypothetical".to_string());
        }
        if negated {
            aux.push("negation".to_string());
        }

        let cameo_row = cameo.as_deref().and_then(|code| self.lexicon.cameo(code));
        let mut context: Vec<String> = a.contexts.clone();
        if let Some(row) = cameo_row {
            context.extend(row.context.iter().cloned());
        }
        context.extend(doc_contexts.iter().cloned());
        let mut seen = std::collections::HashSet::new();
        context.retain(|c| seen.insert(c.clone()));

        let place = places
            .iter()
            .find(|p| p.locative)
            .or_else(|| places.first());
        let location = place.map(|p| LocationRef {
            text: text.slice(p.span).to_string(),
            start: p.span.start,
            end: p.span.end,
            place: Some(p.name.clone()),
            country: p.country.clone(),
        });
        let plover = self.lexicon.plover(&event);
        let record = EventRecord {
            id: String::new(),
            doc_id: doc.id.to_string(),
            language: lang.as_str().to_string(),
            sentence: SentenceRef {
                index,
                start: sent.start,
                end: sent.end,
            },
            text: text.slice(sent).to_string(),
            date: date_str,
            date_source: date_source.to_string(),
            date_end,
            event,
            mode,
            context,
            cameo,
            quad_code: cameo_row.map(|r| r.quad).or(plover.map(|p| p.quad)),
            event_scale: plover.map(|p| p.score),
            goldstein: cameo_row.map(|r| r.goldstein),
            negated,
            aux,
            actor,
            recipient,
            event_text: vec![TextSpan {
                text: text.slice(t.span).to_string(),
                start: t.span.start,
                end: t.span.end,
            }],
            location,
            tables: None,
            confidence: None,
        };
        (record, veto)
    }
}

/// A candidate with the decision on it: the event model's confidence in its trigger (shared by
/// the readings of one trigger), whether that passes, and the reading model's score of its
/// participants.
#[derive(Clone, Debug)]
pub struct Scored {
    pub candidate: Candidate,
    pub confidence: Option<f64>,
    pub keep: bool,
    pub reading: f64,
}

/// Weighs a document's candidates with `model`: the event model scores each trigger's first
/// reading (the rules' own, with the scene's fill when there is one) and the reading model every
/// reading. Without a model the rules decide: no veto keeps a trigger, and the first reading is
/// its reading.
pub fn score(model: Option<&Model>, candidates: Vec<Candidate>) -> Vec<Scored> {
    let mut out: Vec<Scored> = Vec::with_capacity(candidates.len());
    let mut group_head = usize::MAX;
    for c in candidates {
        let head = c.group != group_head;
        if head {
            group_head = c.group;
            let confidence = model.map(|m| event_score(m, &c));
            let keep = match (model, confidence) {
                (Some(m), Some(p)) => p >= m.threshold_for(&c.record.language),
                _ => c.veto.is_none(),
            };
            let reading = model.map_or(1.0, |m| reading_score(m, &c));
            out.push(Scored {
                candidate: c,
                confidence,
                keep,
                reading,
            });
        } else {
            let Some(first) = out.last() else { continue };
            let (confidence, keep) = (first.confidence, first.keep);
            // Without a scorer, the rules' reading with the scene's fill is preferred.
            let reading = match model {
                Some(m) => reading_score(m, &c),
                None if c.choice == Choice::Rule && c.scene.is_some() => 2.0,
                None => 0.0,
            };
            out.push(Scored {
                candidate: c,
                confidence,
                keep,
                reading,
            });
        }
    }
    out
}

/// The event model's probability for a candidate: from the sums the coder kept, else its names.
fn event_score(m: &Model, c: &Candidate) -> f64 {
    match c.sums {
        Some((z, _)) => scorer::sigmoid(z),
        None => m.score_with(&c.features, &c.context),
    }
}

/// The reading model's score for a candidate, likewise.
fn reading_score(m: &Model, c: &Candidate) -> f64 {
    match c.sums {
        Some((_, z)) => scorer::sigmoid(z),
        None => m.score_reading(&c.features),
    }
}

/// The decision over a document's scored candidates: per trigger the reading scored highest (the
/// first of equals), kept when its trigger passed; negated ones only with `opts.all`, none under
/// `opts.min_confidence`, and one event per type, actor codes and recipient codes in a sentence,
/// the most confident, none whose codes another of its type names too (`drop_subsumed`).
/// Ids are `doc:sentence:n` in the order kept.
pub fn select(doc_id: &str, scored: Vec<Scored>, opts: &Options) -> Vec<EventRecord> {
    let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
    for (i, s) in scored.iter().enumerate() {
        let e = best.entry(s.candidate.group).or_insert((s.reading, i));
        if s.reading > e.0 {
            *e = (s.reading, i);
        }
    }
    let mut out: Vec<EventRecord> = Vec::new();
    let mut keys: Vec<DedupKey> = Vec::new();
    let mut sentence_start = 0;
    let mut current = usize::MAX;
    for (i, s) in scored.into_iter().enumerate() {
        let Scored {
            candidate: c,
            confidence,
            keep,
            ..
        } = s;
        if best.get(&c.group).is_none_or(|b| b.1 != i) {
            continue;
        }
        let index = c.record.sentence.index;
        if index != current {
            current = index;
            sentence_start = out.len();
            keys.clear();
        }
        if !keep || (c.record.negated && !opts.all) {
            continue;
        }
        if confidence
            .zip(opts.min_confidence)
            .is_some_and(|(p, min)| p < min)
        {
            continue;
        }
        let mut rec = c.record;
        rec.confidence = confidence.map(|p| (p * 1000.0).round() / 1000.0);
        let key = (
            rec.event.clone(),
            rec.actor.iter().map(|x| x.code.clone()).collect(),
            rec.recipient.iter().map(|x| x.code.clone()).collect(),
        );
        match keys.iter().position(|k| *k == key) {
            // The same event told twice in one sentence: keep the more confident report.
            Some(k) => {
                let kept = &mut out[sentence_start + k];
                if rec.confidence > kept.confidence {
                    let id = std::mem::take(&mut kept.id);
                    *kept = rec;
                    kept.id = id;
                }
            }
            None => {
                rec.id = format!("{doc_id}:{index}:{}", keys.len());
                keys.push(key);
                out.push(rec);
            }
        }
    }
    drop_subsumed(out)
}

/// One occurrence, one event: in a sentence, an event whose participants' codes are all named by
/// another kept event of the same type and negation (`قتل 6 أشخاص وأصيب 18 في انفجار سيارة
/// مفخخة استهدف …`: the toll's verbs, coded with no or fewer codes, tell the bombing again) is
/// that event told again and is left out; the one naming more codes stays.
/// Two events naming the same codes were already merged by `select`.
/// Ids are renumbered `doc:sentence:n` in the order kept.
fn drop_subsumed(events: Vec<EventRecord>) -> Vec<EventRecord> {
    fn codes(v: &[ActorRef]) -> Vec<&str> {
        let mut c: Vec<&str> = v.iter().filter_map(|r| r.code.as_deref()).collect();
        c.sort_unstable();
        c.dedup();
        c
    }
    let sides: Vec<(Vec<&str>, Vec<&str>)> = events
        .iter()
        .map(|e| (codes(&e.actor), codes(&e.recipient)))
        .collect();
    let subsumed = |i: usize| {
        let (e, (a, r)) = (&events[i], &sides[i]);
        (0..events.len()).any(|j| {
            let (o, (oa, or)) = (&events[j], &sides[j]);
            j != i
                && o.sentence.index == e.sentence.index
                && o.event == e.event
                && o.negated == e.negated
                && a.iter().all(|c| oa.contains(c))
                && r.iter().all(|c| or.contains(c))
                && (oa.len() + or.len() > a.len() + r.len()
                    || (oa.len() + or.len() == a.len() + r.len()
                        && (o.confidence > e.confidence
                            || (o.confidence == e.confidence && j < i))))
        })
    };
    let keep: Vec<bool> = (0..events.len()).map(|i| !subsumed(i)).collect();
    let mut out: Vec<EventRecord> = Vec::with_capacity(events.len());
    let mut n = 0;
    for (mut e, k) in events.into_iter().zip(keep) {
        if !k {
            continue;
        }
        if out
            .last()
            .is_none_or(|p| p.sentence.index != e.sentence.index)
        {
            n = 0;
        }
        if let Some((stem, _)) = e.id.rsplit_once(':') {
            e.id = format!("{stem}:{n}");
        }
        n += 1;
        out.push(e);
    }
    out
}

/// The two country codes named most often in the document: what `the two sides` refers to.
fn main_dyad(counts: &HashMap<String, usize>) -> Vec<String> {
    let mut v: Vec<(&String, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.into_iter().take(2).map(|(c, _)| c.clone()).collect()
}

fn participants(text: &Document, group: Option<&Group>, dyad: &[String]) -> Vec<ActorRef> {
    let Some(g) = group else { return Vec::new() };
    let mut out = Vec::new();
    for m in &g.members {
        let surface = text.slice(m.span).to_string();
        if m.reciprocal && m.code.is_none() {
            for code in dyad {
                out.push(ActorRef {
                    text: surface.clone(),
                    start: m.span.start,
                    end: m.span.end,
                    code: Some(code.clone()),
                    sector: m.sector.clone(),
                    name: None,
                    wikidata: None,
                    inferred: None,
                });
            }
            if !dyad.is_empty() {
                continue;
            }
        }
        out.push(actor_ref(text, m));
    }
    out
}

fn actor_ref(text: &Document, m: &Actor) -> ActorRef {
    ActorRef {
        text: text.slice(m.span).to_string(),
        start: m.span.start,
        end: m.span.end,
        code: m.code.clone(),
        sector: m.sector.clone(),
        name: m.name.clone(),
        wikidata: m.wikidata.clone(),
        inferred: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_weights_parse() {
        if let Some(text) = EMBEDDED_MODEL {
            if let Err(e) = Model::parse(text, "lexicon/scorer.tsv") {
                panic!("{e}: rebuild it with `marsad train`");
            }
        }
    }

    /// Runs `drop_subsumed` over events of one sentence, each given as its type and its
    /// `actor→recipient` codes (`-` for a participant without one), and checks which stay.
    fn check_subsumed(events: &[(&str, &str)], expected: &[&str]) {
        let lexicon = Lexicon::embedded().unwrap();
        let doc = DocumentInput {
            id: "o",
            text: "هاجمت روسيا أوكرانيا.",
            date: NaiveDate::from_ymd_opt(2026, 2, 8),
            lang: None,
        };
        let template = Coder::new(&lexicon)
            .with_model(None)
            .code(&doc, &Options::default());
        let side = |codes: &str| -> Vec<ActorRef> {
            let base = template[0].actor[0].clone();
            codes
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| ActorRef {
                    code: (c != "-").then(|| c.to_string()),
                    ..base.clone()
                })
                .collect()
        };
        let records = events
            .iter()
            .enumerate()
            .map(|(i, (event, dyad))| {
                let (a, r) = dyad.split_once('→').unwrap();
                EventRecord {
                    id: format!("o:0:{i}"),
                    event: event.to_string(),
                    actor: side(a),
                    recipient: side(r),
                    ..template[0].clone()
                }
            })
            .collect();
        let got: Vec<String> = drop_subsumed(records)
            .iter()
            .map(|e| {
                let codes = |v: &[ActorRef]| {
                    v.iter()
                        .map(|r| r.code.as_deref().unwrap_or("-"))
                        .collect::<Vec<_>>()
                        .join(",")
                };
                format!(
                    "{} {} {}→{}",
                    e.id,
                    e.event,
                    codes(&e.actor),
                    codes(&e.recipient)
                )
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_second_report_naming_no_new_code_is_dropped() {
        // `قتل 6 وأصيب 18 في هجوم شنه مسلحون على …`: the toll's verbs tell the attack again.
        check_subsumed(
            &[
                ("ASSAULT", "-→-"),
                ("ASSAULT", "IMG→IRQ"),
                ("ASSAULT", "→IRQ"),
            ],
            &["o:0:0 ASSAULT IMG→IRQ"],
        );
        // Another type, or another party, is another event.
        check_subsumed(
            &[
                ("ASSAULT", "ISR→PSE"),
                ("ASSAULT", "RUS→UKR"),
                ("COERCE", "→PSE"),
            ],
            &[
                "o:0:0 ASSAULT ISR→PSE",
                "o:0:1 ASSAULT RUS→UKR",
                "o:0:2 COERCE →PSE",
            ],
        );
    }
}
