//! The compiled matcher: every lexicon phrase in a hash trie over interned token keys, walked
//! from each token of a sentence through the Arabic clitic readings of its first and last tokens.
//!
//! Why a hash trie and not `daachorse`: the first token of a phrase has several readings (whole,
//! `و+ب+stem`, `stem+ه` …) and so may the last; a trie over token ids takes each reading as
//! one more edge to try, where an automaton over symbols would need the lattice expanded.
//! The lexicon has tens of thousands of phrases of one to a few tokens, so the walk is short.
//!
//! Segmenting a token costs more than the rest of the match, so the readings of each distinct
//! key are memoised in a [`MatchCache`]; [`Matcher::find`] starts a fresh one per call,
//! [`Matcher::find_cached`] reuses the caller's across sentences (about 4× faster on news).
//!
//! A match covers whole tokens: a phrase's first token may shed proclitics and its last token
//! an enclitic pronoun, nothing else, and only clitics its part of speech takes (a verb takes no
//! article or preposition proclitic and no possessive `ي`, a noun no future `س`). A final `ه`
//! is an enclitic only when the text writes `ه`: the lossy key folds taa marbuta to `ه`, so
//! without this `وزارة` (ministry) would read as `و` + `زار` (visited) + `ه` (him). That needs
//! the document text, so [`Matcher::find`], which has only keys, cannot tell `ة` from `ه`.
//!
//! Span convention: clitics outside the span, the article `ال` inside it when written in full
//! (`وبالعقوبات` → span `العقوبات`, proclitics `و ب`), because the article belongs to the noun
//! phrase the coder reports; with the fused `لل` the span starts at the stem.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use marsad_text::normalize::{Level, MatchKey};
use marsad_text::token::Token;
use marsad_text::Span;

use crate::model::{Entry, PatternId};
use crate::text::may_have_clitics;
use crate::Lexicon;

/// One lexicon entry found in a token sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// First token index (inclusive).
    pub first: usize,
    /// Last token index (inclusive).
    pub last: usize,
    /// Code points of the match without the stripped clitics. The article `ال`, when written in
    /// full, stays inside the span (`وبالعقوبات` → `العقوبات`) and is not listed in
    /// `proclitics`; the fused `لل` (`للولايات`) is listed and the span starts at the stem.
    pub span: Span,
    /// Proclitics stripped from the first token, outermost first (`["و", "ب"]`).
    pub proclitics: Vec<&'static str>,
    /// The enclitic pronoun stripped from the last token.
    pub enclitic: Option<&'static str>,
    pub entry: Entry,
    /// The phrase that matched (its listed or generated form).
    pub pattern: PatternId,
}

/// The lexicon's phrases compiled for matching. Build once per lexicon; matching is `&self`.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    symbols: FastMap<String, u32>,
    edges: FastMap<(u32, u32), u32>,
    /// Per trie node, the range of `terminal_patterns` that end there.
    terminals: Vec<(u32, u32)>,
    terminal_patterns: Vec<(PatternId, Entry)>,
    /// Tells the caches apart: a [`MatchCache`] filled by another matcher is emptied first.
    id: u64,
}

/// The source of [`Matcher`] ids; 0 is the empty default matcher.
static NEXT_MATCHER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Matcher {
    /// Compiles every pattern of `lexicon`. Patterns with the same keys and entry are merged.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        let mut m = Matcher {
            id: NEXT_MATCHER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Matcher::default()
        };
        let mut ends: Vec<Vec<(PatternId, Entry)>> = vec![Vec::new()];
        for (i, p) in lexicon.patterns.iter().enumerate() {
            let mut node = 0u32;
            for k in &p.keys {
                let n = m.symbols.len() as u32;
                let sym = *m.symbols.entry(k.clone()).or_insert(n);
                let next = ends.len() as u32;
                node = *m.edges.entry((node, sym)).or_insert_with(|| {
                    ends.push(Vec::new());
                    next
                });
            }
            let list = &mut ends[node as usize];
            if !list.iter().any(|(_, e)| *e == p.entry) {
                list.push((PatternId(i as u32), p.entry));
            }
        }
        for list in ends {
            let start = m.terminal_patterns.len() as u32;
            m.terminal_patterns.extend(list);
            m.terminals.push((start, m.terminal_patterns.len() as u32));
        }
        m
    }

    /// Number of distinct token keys in the lexicon.
    pub fn symbol_count(&self) -> usize {
        self.symbols.len()
    }

    /// Every entry matching in `tokens`, overlapping, sorted by first token, longer first.
    /// Spans inside a clitic-carrying token assume one key character per original character;
    /// use [`Matcher::find_in`] when the text may carry harakat or tatweel.
    pub fn find(&self, tokens: &[Token]) -> Vec<Match> {
        self.find_impl(None, tokens, &mut MatchCache::default())
    }

    /// Like [`Matcher::find`], with the document text the tokens' byte offsets point into, so
    /// that spans stay exact when stripped words carry diacritics.
    pub fn find_in(&self, text: &str, tokens: &[Token]) -> Vec<Match> {
        self.find_impl(Some(text), tokens, &mut MatchCache::default())
    }

    /// Like [`Matcher::find_in`], reusing `cache` across calls: keep one cache per thread
    /// while coding many sentences, so that each distinct word is segmented once.
    pub fn find_cached(
        &self,
        cache: &mut MatchCache,
        text: Option<&str>,
        tokens: &[Token],
    ) -> Vec<Match> {
        self.find_impl(text, tokens, cache)
    }

    fn find_impl(
        &self,
        text: Option<&str>,
        tokens: &[Token],
        cache: &mut MatchCache,
    ) -> Vec<Match> {
        let mut out = Vec::new();
        if cache.memo.len() > MatchCache::MAX_KEYS || cache.owner != self.id {
            *cache = MatchCache {
                owner: self.id,
                ..MatchCache::default()
            };
        }
        for i in 0..tokens.len() {
            let before = out.len();
            let (whole, a, b) = cache.lookup(self, &tokens[i]);
            if let Some(sym) = whole {
                let whole = Cand {
                    sym,
                    procs: &[],
                    enclitic: None,
                    start: 0,
                    end: u32::MAX,
                };
                self.walk(text, tokens, i, whole, cache, &mut out);
            }
            let taa = a < b && ends_in_taa_marbuta(text, &tokens[i]);
            for k in a..b {
                let c = cache.cands[k];
                if taa && c.enclitic == Some("ه") {
                    continue;
                }
                self.walk(text, tokens, i, c, cache, &mut out);
            }
            if out.len() - before > 1 {
                dedupe(&mut out, before);
            }
        }
        out
    }

    /// Follows the trie from the first token's reading `c` and records every phrase
    /// that ends.
    fn walk(
        &self,
        text: Option<&str>,
        tokens: &[Token],
        first: usize,
        c: Cand,
        scratch: &mut MatchCache,
        out: &mut Vec<Match>,
    ) {
        let Some(&root_child) = self.edges.get(&(0, c.sym)) else {
            return;
        };
        let first_span = char_span(text, &tokens[first], c.start as usize, c.end as usize);
        let start = first_span.start;
        let mut node = root_child;
        let mut end = first_span.end;
        self.emit(
            node,
            first,
            first,
            Span::new(start, end),
            c.procs,
            c.enclitic,
            out,
        );
        // A token with an enclitic ends the phrase.
        if c.enclitic.is_some() {
            return;
        }
        let mut last = first;
        loop {
            let j = last + 1;
            let Some(t) = tokens.get(j) else { return };
            // The last token of a longer phrase may carry an enclitic pronoun.
            let (whole, a, b) = scratch.lookup(self, t);
            let taa = a < b && ends_in_taa_marbuta(text, t);
            for k in a..b {
                let e = scratch.cands[k];
                if !e.procs.is_empty() || e.enclitic.is_none() || (taa && e.enclitic == Some("ه"))
                {
                    continue;
                }
                if let Some(&n) = self.edges.get(&(node, e.sym)) {
                    let sp = char_span(text, t, e.start as usize, e.end as usize);
                    self.emit(
                        n,
                        first,
                        j,
                        Span::new(start, sp.end),
                        c.procs,
                        e.enclitic,
                        out,
                    );
                }
            }
            let Some(s) = whole else {
                return;
            };
            let Some(&n) = self.edges.get(&(node, s)) else {
                return;
            };
            node = n;
            last = j;
            end = t.span.end;
            self.emit(node, first, last, Span::new(start, end), c.procs, None, out);
        }
    }

    /// Pushes onto `out` every clitic reading of `key` whose stem is a lexicon token key.
    /// Allocation-free except for the fused `لل` and taa-marbuta readings, built in `buf`.
    fn resolve(&self, key: &str, buf: &mut String, out: &mut Vec<Cand>) {
        for seg in marsad_text::clitic::segmentations(key) {
            if seg.is_whole() {
                continue;
            }
            let start = seg.stem_start as u32;
            let end = start + seg.stem_len() as u32;
            let procs = seg.proclitics;
            let enclitic = seg.enclitic;
            let mut push = |sym: Option<&u32>, procs: &'static [&'static str], start: u32| {
                if let Some(&sym) = sym {
                    out.push(Cand {
                        sym,
                        procs,
                        enclitic,
                        start,
                        end,
                    });
                }
            };
            // The article written in full stays inside the span (`وبالعقوبات` → `العقوبات`)
            // and is not listed as stripped; the fused `لل` (`للولايات`) is, and the span
            // starts at the stem.
            let (outer, span_start) = match procs.last() {
                Some(&"ال") => (&procs[..procs.len() - 1], start.saturating_sub(2)),
                _ => (procs, start),
            };
            // The stem is a slice of `key`: its byte offset is the distance between the pointers.
            let stem_byte = (seg.stem.as_ptr() as usize).saturating_sub(key.as_ptr() as usize);
            match procs.last() {
                Some(&"ال") => {
                    let with_article =
                        key.get(stem_byte.saturating_sub(4)..stem_byte + seg.stem.len());
                    push(
                        with_article.and_then(|k| self.symbols.get(k)),
                        outer,
                        span_start,
                    );
                }
                Some(&"لل") => {
                    buf.clear();
                    buf.push_str("ال");
                    buf.push_str(seg.stem);
                    push(self.symbols.get(buf.as_str()), outer, span_start);
                }
                _ => {}
            }
            push(self.symbols.get(seg.stem), outer, span_start);
            if enclitic.is_some() {
                if let Some(base) = seg.stem.strip_suffix('\u{062A}') {
                    buf.clear();
                    buf.push_str(base);
                    buf.push('\u{0647}');
                    push(self.symbols.get(buf.as_str()), outer, span_start);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        node: u32,
        first: usize,
        last: usize,
        span: Span,
        proclitics: &[&'static str],
        enclitic: Option<&'static str>,
        out: &mut Vec<Match>,
    ) {
        let (a, b) = self.terminals[node as usize];
        for &(pattern, entry) in &self.terminal_patterns[a as usize..b as usize] {
            if !clitics_fit(entry, proclitics, enclitic) {
                continue;
            }
            out.push(Match {
                first,
                last,
                span,
                proclitics: proclitics.to_vec(),
                enclitic,
                entry,
                pattern,
            });
        }
    }
}

impl Lexicon {
    /// Compiles this lexicon's phrases into a [`Matcher`].
    pub fn matcher(&self) -> Matcher {
        Matcher::new(self)
    }
}

/// One clitic reading of a token whose stem the lexicon knows (`end == u32::MAX`: whole token).
#[derive(Clone, Copy, Debug)]
struct Cand {
    sym: u32,
    procs: &'static [&'static str],
    enclitic: Option<&'static str>,
    start: u32,
    end: u32,
}

/// A memo of what the lexicon knows about each distinct token key: its own symbol and the
/// clitic readings whose stem is a lexicon key. News text repeats its words, and segmenting a
/// key costs more than the rest of the match, so reuse one cache across sentences
/// ([`Matcher::find_cached`]). It is cleared when it holds more than a million keys.
/// A cache belongs to the matcher it was filled by; given to another, it starts afresh.
#[derive(Debug, Default)]
pub struct MatchCache {
    owner: u64,
    memo: FastMap<Box<str>, (Option<u32>, u32, u32)>,
    cands: Vec<Cand>,
    buf: String,
}

impl MatchCache {
    const MAX_KEYS: usize = 1 << 20;

    /// The token's own symbol and the range of `cands` holding its clitic readings.
    fn lookup(&mut self, m: &Matcher, t: &Token) -> (Option<u32>, usize, usize) {
        if let Some(&(w, a, b)) = self.memo.get(t.key.as_str()) {
            return (w, a as usize, b as usize);
        }
        let whole = m.symbols.get(t.key.as_str()).copied();
        let a = self.cands.len();
        if may_have_clitics(t.kind, &t.key) {
            m.resolve(&t.key, &mut self.buf, &mut self.cands);
        }
        let b = self.cands.len();
        self.memo
            .insert(t.key.as_str().into(), (whole, a as u32, b as u32));
        (whole, a, b)
    }
}

/// Sorts the matches found from one token longer first and keeps one per (extent, entry).
/// The sort is stable, so the reading found first (the one stripping the fewest clitics)
/// is the one kept. A reading that strips more clitics than a kept reading of the same entry
/// over the same tokens is dropped too: lossy keys fold `ة` to `ه`, so `إيرانية` also reads as
/// `إيراني` + `ه`, which adds nothing once `إيرانية` matched.
fn dedupe(out: &mut Vec<Match>, before: usize) {
    out[before..].sort_by_key(|m| std::cmp::Reverse(m.last));
    let found: Vec<Match> = out.drain(before..).collect();
    let start = out.len();
    for m in found {
        let stripped = clitic_count(&m);
        let redundant = out[start..].iter().any(|k| {
            k.last == m.last
                && (k.entry == m.entry
                    || (identity(k.entry) == identity(m.entry) && clitic_count(k) < stripped))
        });
        if !redundant {
            out.push(m);
        }
    }
}

/// True when a trigger form can carry these clitics: a verb takes no article or preposition
/// proclitic (`ال ب ك لل`; `ل` also marks the subjunctive) and no `ي`, which on a verb is
/// written `ني`; a noun takes no future `س`; a negation particle takes only a conjunction
/// (`ولم`, `فلا`: `كما`, `بما` and `لما` are no negated `ما`). Other entries take any clitic.
fn clitics_fit(entry: Entry, proclitics: &[&str], enclitic: Option<&str>) -> bool {
    use marsad_text::clitic::{CONJUNCTION_PROCLITICS, FUTURE_PROCLITIC, NOUN_PROCLITICS};
    match entry {
        Entry::Modifier(crate::model::ModifierKind::Negation) => proclitics
            .iter()
            .all(|p| CONJUNCTION_PROCLITICS.contains(p)),
        Entry::Trigger {
            pos: crate::conjugate::Pos::Verb { .. },
            ..
        } => !proclitics.iter().any(|p| NOUN_PROCLITICS.contains(p)) && enclitic != Some("ي"),
        Entry::Trigger {
            pos: crate::conjugate::Pos::Noun,
            ..
        } => !proclitics.contains(&FUTURE_PROCLITIC),
        _ => true,
    }
}

/// True when the token's surface in `text` ends in taa marbuta (`ة`, Persian `ۀ`), harakat and
/// tatweel aside: its key ends in `ه`, but that `ه` is no pronoun. `false` without the text.
fn ends_in_taa_marbuta(text: Option<&str>, t: &Token) -> bool {
    let Some(surface) = text.and_then(|x| x.get(t.byte_start..t.byte_end)) else {
        return false;
    };
    surface
        .chars()
        .rev()
        .find(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .is_some_and(|c| matches!(c, '\u{0629}' | '\u{06C0}'))
}

fn clitic_count(m: &Match) -> usize {
    m.proclitics.len() + usize::from(m.enclitic.is_some())
}

/// An entry without its grammatical detail (number, gender, tense …).
fn identity(e: Entry) -> Entry {
    match e {
        Entry::Country { id, kind, .. } => Entry::Country {
            id,
            kind,
            number: None,
            gender: None,
        },
        Entry::Trigger { id, .. } => Entry::Trigger {
            id,
            pos: crate::conjugate::Pos::Noun,
        },
        other => other,
    }
}

/// The document span of key characters `[ks, ke)` of a token (`ke == u32::MAX`: the whole token).
fn char_span(text: Option<&str>, t: &Token, ks: usize, ke: usize) -> Span {
    if ks == 0 && ke >= u32::MAX as usize {
        return t.span;
    }
    let key_len = t.key.chars().count();
    let ke = ke.min(key_len);
    if t.span.len() == key_len {
        return Span::new(t.span.start + ks, t.span.start + ke);
    }
    match text.and_then(|x| x.get(t.byte_start..t.byte_end)) {
        Some(surface) => {
            let mk = MatchKey::new(surface, Level::Lossy);
            let s = mk.span_of(ks, ke);
            Span::new(t.span.start + s.start, t.span.start + s.end)
        }
        None => t.span,
    }
}

/// FxHash (as in rustc): token keys are short, and the lexicon is trusted data, so the
/// flood resistance of the default SipHash buys nothing here and costs speed on every token.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
