//! Marsad's world knowledge (placeholder while the lexicon issue is built).
