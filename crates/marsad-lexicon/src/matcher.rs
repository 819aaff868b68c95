//! The compiled matcher: every lexicon phrase in a hash trie over interned token keys, walked
//! from each token of a sentence through the Arabic clitic readings of its first and last tokens.
//!
//! Why a hash trie and not `daachorse`: the first token of a phrase has several readings (whole,
//! `و+ب+stem`, `stem+ه` …) and so may the last; a trie over token ids takes each reading as
//! one more edge to try, where an automaton over symbols would need the lattice expanded.
//! The lexicon has tens of thousands of phrases of one to a few tokens, so the walk is short.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use marsad_text::normalize::{Level, MatchKey};
use marsad_text::token::Token;
use marsad_text::Span;

use crate::model::{Entry, PatternId};
use crate::text::{analyses, may_have_clitics};
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
}

impl Matcher {
    /// Compiles every pattern of `lexicon`. Patterns with the same keys and entry are merged.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        let mut m = Matcher::default();
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
        self.find_impl(None, tokens)
    }

    /// Like [`Matcher::find`], with the document text the tokens' byte offsets point into, so
    /// that spans stay exact when stripped words carry diacritics.
    pub fn find_in(&self, text: &str, tokens: &[Token]) -> Vec<Match> {
        self.find_impl(Some(text), tokens)
    }

    fn find_impl(&self, text: Option<&str>, tokens: &[Token]) -> Vec<Match> {
        let mut out = Vec::new();
        for i in 0..tokens.len() {
            let before = out.len();
            let t = &tokens[i];
            if let Some(&sym) = self.symbols.get(t.key.as_str()) {
                self.walk(text, tokens, i, sym, &[], None, (0, usize::MAX), &mut out);
            }
            if may_have_clitics(t.kind, &t.key) {
                for a in analyses(&t.key) {
                    if let Some(&sym) = self.symbols.get(a.stem.as_str()) {
                        self.walk(
                            text,
                            tokens,
                            i,
                            sym,
                            &a.proclitics,
                            a.enclitic,
                            (a.start, a.end),
                            &mut out,
                        );
                    }
                }
            }
            // Longer first; the sort is stable, so among equal extents the reading found first
            // (the one stripping the fewest clitics) comes first and is the one kept.
            out[before..].sort_by_key(|m| std::cmp::Reverse(m.last));
            let mut seen: Vec<(usize, Entry)> = Vec::new();
            let found: Vec<Match> = out.drain(before..).collect();
            let keep = found.into_iter().filter(|m| {
                let fresh = !seen.contains(&(m.last, m.entry));
                if fresh {
                    seen.push((m.last, m.entry));
                }
                fresh
            });
            out.extend(keep);
        }
        out
    }

    /// Follows the trie from the first token's reading `sym` and records every phrase that ends.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        text: Option<&str>,
        tokens: &[Token],
        first: usize,
        sym: u32,
        proclitics: &[&'static str],
        first_enclitic: Option<&'static str>,
        key_range: (usize, usize),
        out: &mut Vec<Match>,
    ) {
        let Some(&root_child) = self.edges.get(&(0, sym)) else {
            return;
        };
        let start = char_span(text, &tokens[first], key_range.0, key_range.1).start;
        let mut node = root_child;
        let mut last = first;
        let mut end = char_span(text, &tokens[first], key_range.0, key_range.1).end;
        loop {
            self.emit(
                node,
                first,
                last,
                Span::new(start, end),
                proclitics,
                if last == first { first_enclitic } else { None },
                out,
            );
            // A token with an enclitic ends the phrase.
            if last == first && first_enclitic.is_some() {
                return;
            }
            let j = last + 1;
            let Some(t) = tokens.get(j) else { return };
            // The last token of a longer phrase may carry an enclitic pronoun.
            if may_have_clitics(t.kind, &t.key) {
                for a in analyses(&t.key) {
                    if !a.proclitics.is_empty() || a.enclitic.is_none() {
                        continue;
                    }
                    if let Some(&s) = self.symbols.get(a.stem.as_str()) {
                        if let Some(&n) = self.edges.get(&(node, s)) {
                            let e = char_span(text, t, a.start, a.end).end;
                            self.emit(
                                n,
                                first,
                                j,
                                Span::new(start, e),
                                proclitics,
                                a.enclitic,
                                out,
                            );
                        }
                    }
                }
            }
            let Some(&s) = self.symbols.get(t.key.as_str()) else {
                return;
            };
            let Some(&n) = self.edges.get(&(node, s)) else {
                return;
            };
            node = n;
            last = j;
            end = t.span.end;
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

/// The document span of key characters `[ks, ke)` of a token (`ke == usize::MAX`: to the end).
fn char_span(text: Option<&str>, t: &Token, ks: usize, ke: usize) -> Span {
    if ks == 0 && ke == usize::MAX {
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
