//! The crate's one door to `marsad-text`: matching keys, phrase keys and clitic analyses.
//!
//! Keeping these calls in one place lets the rest of the crate speak in keys and analyses,
//! and keeps the lexicon and the text layer agreeing on how a phrase is tokenised.

use marsad_text::token::{tokenize, TokenKind};

/// The lossy matching key of a piece of text (`marsad_text::normalize::key`).
pub fn key(text: &str) -> String {
    marsad_text::normalize::key(text)
}

/// The keys of a lexicon phrase, one per token, tokenised exactly like running text so that
/// `U.S.`, `al-Sisi` or `Iran's` split the same way in the lexicon and in the news.
/// Punctuation inside a phrase is kept as a token (it must match too).
pub fn phrase_keys(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.key).collect()
}

/// True for a token that may carry Arabic clitics.
pub fn may_have_clitics(kind: TokenKind, key: &str) -> bool {
    kind == TokenKind::Word
        && key
            .chars()
            .next()
            .is_some_and(|c| ('\u{0600}'..='\u{06ff}').contains(&c))
}

/// One way to read a token's key: clitics outside, and the part to look up (`stem`), with its
/// char range in the key. The article `ال`, when written in full, is kept inside `stem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    pub proclitics: Vec<&'static str>,
    pub stem: String,
    pub enclitic: Option<&'static str>,
    /// Char offsets of `stem` in the token key.
    pub start: usize,
    pub end: usize,
}

/// Every clitic reading of an Arabic token key except the unsegmented one, with the article
/// re-attached where a stem followed it: `وبالعقوبات` gives `عقوبات` (و ب ال) and `العقوبات`
/// (و ب), so lexicon entries match whether they were written with the article or without.
pub fn analyses(key: &str) -> Vec<Analysis> {
    let mut out = Vec::new();
    for seg in marsad_text::clitic::segmentations(key) {
        if seg.is_whole() {
            continue;
        }
        let start = seg.stem_start;
        let end = start + seg.stem_len();
        let procs = seg.proclitics;
        let mut push = |proclitics: &[&'static str], stem: String, start: usize| {
            out.push(Analysis {
                proclitics: proclitics.to_vec(),
                stem,
                enclitic: seg.enclitic,
                start,
                end,
            });
        };
        // The article written in full stays inside the span (`وبالعقوبات` → `العقوبات`) and is
        // not listed as stripped; the fused `لل` (`للولايات`) is, and the span starts at the stem.
        let (outer, span_start) = match procs.last() {
            Some(&"ال") => (&procs[..procs.len() - 1], start.saturating_sub(2)),
            _ => (procs, start),
        };
        if matches!(procs.last(), Some(&"ال") | Some(&"لل")) {
            push(outer, format!("ال{}", seg.stem), span_start);
        }
        push(outer, seg.stem.to_owned(), span_start);
        if let Some(t) = seg.taa_marbuta_stem() {
            push(outer, t, span_start);
        }
    }
    out
}
