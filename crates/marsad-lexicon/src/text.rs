//! The crate's door to `marsad-text` for keys: matching keys and phrase keys (the matcher
//! calls `marsad_text::clitic` directly).
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
