//! Near-duplicate articles: wire copies and republications, found by SimHash.
//!
//! The same agency story reaches a news archive many times: with another headline, a byline added,
//! the last paragraph trimmed, quotes and dashes changed, `أمريكي` spelled `أميركي`.
//! Counting each copy as a separate report would inflate every event it mentions, so ingest keeps one
//! article at the head of each cluster and counts the copies against it.
//!
//! [`fingerprint`] turns a text into a 64-bit SimHash (Charikar 2002; Manku et al. 2007 for the
//! index): the text is folded with `marsad_text`'s lossy matching keys (case, harakat, tatweel,
//! alef/yaa/taa-marbuta variants, Arabic-Indic digits), cut into words at anything that is not a
//! letter or a digit, and every run of three words (a shingle) is hashed with FNV-1a and a 64-bit
//! finaliser.
//! Each shingle votes +1 or −1 on each of the 64 bits; the fingerprint keeps the bits with a positive
//! total.
//! Similar texts share most shingles and so get fingerprints a few bits apart; unrelated texts land
//! about 32 bits apart.
//! The hash is fixed (not `DefaultHasher`, which may change between Rust releases), so fingerprints
//! stored in a database stay comparable across builds and machines.
//!
//! [`NearDupIndex`] holds the fingerprints of cluster heads and answers "is this within
//! `threshold` bits of a head?" without scanning them all.
//! It cuts the 64 bits into `b` blocks; two fingerprints at most `k` bits apart differ in at most
//! `k` blocks, so they agree exactly on some `b − k` of them (the pigeonhole principle).
//! One hash table per choice of `b − k` blocks, keyed by those blocks' bits, therefore finds every
//! head within `k` bits by looking at one bucket per table, and each bucket holds about
//! `heads / 2^key_bits` candidates.
//! The layout for each threshold is chosen in [`Layout::for_threshold`].
//! `cargo bench -p marsad-ingest --bench neardup` measures fingerprinting and lookups; on the
//! shared 2-core machine (under load) it gave about 36,000 fingerprints/s of 200-word articles and
//! 16,000 lookups/s among 200,000 heads at the default threshold.
//!
//! The default threshold, [`DEFAULT_THRESHOLD`] = 10 bits, was chosen by measurement.
//! On the fixtures in `tests/fixtures/neardup/` (articles of 200–260 words, see the tests at the end
//! of this file), wire copies (new headline, byline, changed punctuation and spelling, last paragraph
//! dropped) land 4 to 10 bits from the original, and different articles on the same event 30 to 33.
//! Over the 26 articles of `examples/` (80–220 words), copies made by adding a headline, dropping
//! the last sentence and the commas land 3 to 16 bits away (median 8, 23 of 30 within 10), and
//! pairs of different articles 21 bits or more (median 32); the examples' own hand-made wire copies
//! are 10, 10 and 15 bits from their originals.
//! So: copies of a body are found; a short article cut by a fifth or more may not be, and is then
//! kept as an article of its own (a missed copy costs a double count, a false match loses a report).
//! Texts of fewer than about 20 words carry too few shingles for the fingerprint to mean much;
//! callers should not cluster them (an empty text has fingerprint 0).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use marsad_text::normalize::{fold, Level};

/// The Hamming distance at or under which two fingerprints are one cluster; see the module docs.
pub const DEFAULT_THRESHOLD: u32 = 10;

/// The largest threshold [`NearDupIndex::with_threshold`] accepts.
/// Beyond it the tables either multiply or stop narrowing the search, and unrelated texts
/// (about 32 bits apart, with a spread of ±4) start to fall inside the threshold.
pub const MAX_THRESHOLD: u32 = 12;

/// The SimHash of `text` over three-word shingles of its lossy matching keys.
///
/// A text of one or two words is one shingle; an empty text (no letters or digits) is 0.
pub fn fingerprint(text: &str) -> u64 {
    let mut votes = [0i32; 64];
    let mut window = [0u64; 3];
    let mut words = 0usize;
    for word in word_hashes(text) {
        window = [window[1], window[2], word];
        words += 1;
        if words >= 3 {
            vote(&mut votes, shingle_hash(&window));
        }
    }
    match words {
        0 => return 0,
        1 | 2 => vote(&mut votes, shingle_hash(&window)),
        _ => {}
    }
    votes
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0)
        .fold(0u64, |fp, (bit, _)| fp | (1 << bit))
}

/// The largest threshold, at most [`DEFAULT_THRESHOLD`], at which an article unrelated to all of
/// `heads` stored heads still has less than a 1-in-10,000 chance of falling within the threshold of
/// one of them by accident.
///
/// Unrelated fingerprints differ like coin flips, so one lies within `k` bits of another with
/// probability `P(k) = Σ_{i≤k} C(64, i) / 2^64`, and among `n` heads the chance of a false match
/// is about `n · P(k)`: `P(10) ≈ 1.0e-8`, `P(9) ≈ 1.8e-9`, `P(8) ≈ 2.8e-10`, `P(7) ≈ 3.8e-11`.
/// This gives 10 bits up to 10,000 heads, 9 up to 56,000, 8 up to 360,000, 7 up to 2.6 million.
/// A store that grows past those sizes should build its index with this rather than the default.
pub fn threshold_for(heads: usize) -> u32 {
    const MAX_FALSE_MATCH: f64 = 1e-4;
    let mut k = DEFAULT_THRESHOLD;
    while k > 0 && heads as f64 * within(k) > MAX_FALSE_MATCH {
        k -= 1;
    }
    k
}

/// `P(k)`: the chance that two independent random 64-bit fingerprints are at most `k` bits apart.
fn within(k: u32) -> f64 {
    let mut choose = 1.0f64; // C(64, 0)
    let mut total = 0.0;
    for i in 0..=k {
        total += choose;
        choose = choose * f64::from(64 - i) / f64::from(i + 1);
    }
    total / 2f64.powi(64)
}

/// The number of bits in which two fingerprints differ.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Cluster heads by fingerprint, with lookup in a few hash-table probes; see the module docs.
pub struct NearDupIndex {
    threshold: u32,
    /// One table per combination of key blocks.
    tables: Vec<Table>,
    /// The first head with each fingerprint.
    by_fp: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    /// Head ids in the order they were stored.
    heads: Vec<String>,
    /// Head ids, so that inserting a head again is recognised.
    ids: HashMap<String, u32>,
}

/// How the 64 bits are cut for a threshold: `blocks` blocks, tables keyed by `key_blocks` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub blocks: u32,
    pub key_blocks: u32,
}

impl NearDupIndex {
    /// An empty index with [`DEFAULT_THRESHOLD`].
    pub fn new() -> Self {
        Self::with_threshold(DEFAULT_THRESHOLD)
    }

    /// An empty index where fingerprints at most `bits` apart are one cluster
    /// (`bits` is capped at [`MAX_THRESHOLD`]).
    pub fn with_threshold(bits: u32) -> Self {
        let threshold = bits.min(MAX_THRESHOLD);
        NearDupIndex {
            threshold,
            tables: Layout::for_threshold(threshold)
                .masks()
                .into_iter()
                .map(Table::new)
                .collect(),
            by_fp: HashMap::default(),
            heads: Vec::new(),
            ids: HashMap::new(),
        }
    }

    /// Files one article: if a head lies within the threshold, returns that head's id (the nearest
    /// one, the earliest on ties) and stores nothing; otherwise stores the article as a new head and
    /// returns `None`.
    /// An id that is already a head is not a copy of itself: `None`, and nothing changes.
    pub fn insert(&mut self, id: &str, fp: u64) -> Option<String> {
        if self.ids.contains_key(id) {
            return None;
        }
        if let Some(head) = self.nearest(fp) {
            return Some(self.heads[head as usize].clone());
        }
        self.add_head(id, fp);
        None
    }

    /// The id of the nearest head within the threshold, without storing anything.
    pub fn find(&self, fp: u64) -> Option<&str> {
        self.nearest(fp).map(|h| self.heads[h as usize].as_str())
    }

    /// Stores `id` as a head without looking for a cluster, e.g. when reloading heads already
    /// decided in an earlier run. Re-adding a known id does nothing.
    pub fn add_head(&mut self, id: &str, fp: u64) {
        if self.ids.contains_key(id) {
            return;
        }
        let index = u32::try_from(self.heads.len()).expect("fewer than 2^32 cluster heads");
        if let std::collections::hash_map::Entry::Vacant(slot) = self.by_fp.entry(fp) {
            // A second head with the same fingerprint (only through `add_head`) is never the
            // nearest, since the first one wins ties; it needs no table slots.
            slot.insert(index);
            for table in &mut self.tables {
                table.push(fp);
            }
        }
        self.heads.push(id.to_string());
        self.ids.insert(id.to_string(), index);
    }

    /// The number of cluster heads stored.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The Hamming threshold in use.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// The index of the nearest head within the threshold (earliest on ties).
    fn nearest(&self, fp: u64) -> Option<u32> {
        let mut best: Option<(u32, u32)> = None;
        for table in &self.tables {
            for &other in table.bucket(fp) {
                let d = distance(other, fp);
                if d > self.threshold || best.is_some_and(|(bd, _)| d > bd) {
                    continue;
                }
                let h = self.by_fp[&other];
                if best.is_none_or(|(bd, bh)| (d, h) < (bd, bh)) {
                    best = Some((d, h));
                }
            }
        }
        best.map(|(_, h)| h)
    }
}

impl Default for NearDupIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl Layout {
    /// The block layout for a Hamming threshold `k`.
    ///
    /// Keys need about 16 bits or more to keep buckets small over millions of heads, and the number
    /// of tables (`blocks` choose `key_blocks`) sets the memory per head and the probes per lookup.
    /// Up to 3 bits: `k + 1` blocks, one per key (4 tables of 16-bit keys at `k = 3`).
    /// 4 to 12 bits: `k + 2` blocks, two per key; the default 10 bits gives 12 blocks of 5–6 bits
    /// and 66 tables of 10–12-bit keys, so a head costs 66 slots of 8 bytes (about 530 bytes) and a
    /// lookup among 200,000 heads scans 66 buckets of about 70 fingerprints; 7 bits (what
    /// [`threshold_for`] gives past 360,000 heads) needs 36 tables of 14-bit keys.
    /// Three blocks per key would narrow the buckets but need 286 tables at 10 bits.
    pub fn for_threshold(k: u32) -> Layout {
        let key_blocks = if k <= 3 { 1 } else { 2 };
        Layout {
            blocks: k + key_blocks,
            key_blocks,
        }
    }

    /// The number of tables: `blocks` choose `key_blocks`.
    pub fn tables(self) -> usize {
        self.masks().len()
    }

    /// One mask per combination of `key_blocks` blocks out of `blocks`.
    fn masks(self) -> Vec<u64> {
        let block_masks: Vec<u64> = (0..self.blocks)
            .map(|b| {
                // Blocks as even as possible: block b covers bits [64b/B, 64(b+1)/B).
                let lo = 64 * b / self.blocks;
                let hi = 64 * (b + 1) / self.blocks;
                let width = hi - lo;
                let ones = if width == 64 {
                    u64::MAX
                } else {
                    (1u64 << width) - 1
                };
                ones << lo
            })
            .collect();
        let mut masks = Vec::new();
        let mut chosen = Vec::new();
        combinations(
            &block_masks,
            self.key_blocks as usize,
            0,
            &mut chosen,
            &mut masks,
        );
        masks
    }
}

/// One pigeonhole table: the fingerprints of the heads, bucketed by the bits of some blocks.
///
/// Buckets hold the fingerprints themselves rather than head numbers, so a lookup scans a few
/// contiguous arrays instead of jumping to a random head per candidate (measured 3× faster at
/// 200,000 heads), for 8 bytes per head per table.
/// The key is the table's blocks' bits packed together; keys of up to 16 bits index a flat array
/// of buckets (no hashing, one memory access fewer: measured 2× faster than a hash map), wider
/// ones (thresholds under 4) a hash map.
struct Table {
    /// The `(shift, width)` of each run of key bits, low to high.
    runs: Vec<(u32, u32)>,
    buckets: Buckets,
}

enum Buckets {
    Flat(Vec<Vec<u64>>),
    Map(HashMap<u64, Vec<u64>, BuildHasherDefault<KeyHasher>>),
}

impl Table {
    fn new(mask: u64) -> Table {
        let mut runs = Vec::new();
        let mut bit = 0;
        while bit < 64 {
            if mask >> bit & 1 == 0 {
                bit += 1;
                continue;
            }
            let start = bit;
            while bit < 64 && mask >> bit & 1 == 1 {
                bit += 1;
            }
            runs.push((start, bit - start));
        }
        let width: u32 = runs.iter().map(|&(_, w)| w).sum();
        let buckets = if width <= 16 {
            Buckets::Flat(vec![Vec::new(); 1 << width])
        } else {
            Buckets::Map(HashMap::default())
        };
        Table { runs, buckets }
    }

    fn key(&self, fp: u64) -> u64 {
        let mut key = 0;
        let mut at = 0;
        for &(shift, width) in &self.runs {
            let bits = if width == 64 {
                fp
            } else {
                (fp >> shift) & ((1 << width) - 1)
            };
            key |= bits << at;
            at += width;
        }
        key
    }

    fn push(&mut self, fp: u64) {
        let key = self.key(fp);
        match &mut self.buckets {
            Buckets::Flat(b) => b[key as usize].push(fp),
            Buckets::Map(m) => m.entry(key).or_default().push(fp),
        }
    }

    fn bucket(&self, fp: u64) -> &[u64] {
        let key = self.key(fp);
        match &self.buckets {
            Buckets::Flat(b) => &b[key as usize],
            Buckets::Map(m) => m.get(&key).map_or(&[], Vec::as_slice),
        }
    }
}

/// Pushes the OR of every `k`-combination of `items[start..]` (added to `chosen`) onto `out`.
fn combinations(items: &[u64], k: usize, start: usize, chosen: &mut Vec<u64>, out: &mut Vec<u64>) {
    if chosen.len() == k {
        out.push(chosen.iter().fold(0, |m, b| m | b));
        return;
    }
    for i in start..items.len() {
        chosen.push(items[i]);
        combinations(items, k, i + 1, chosen, out);
        chosen.pop();
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a hashes of the words of `text` after lossy folding; a word is a run of letters and digits
/// (characters that folding drops, such as harakat and tatweel, do not break a word).
fn word_hashes(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut chars = text.chars();
    std::iter::from_fn(move || {
        let mut hash = FNV_OFFSET;
        let mut in_word = false;
        for c in chars.by_ref() {
            let Some(k) = fold(c, Level::Lossy) else {
                continue;
            };
            if k.is_alphanumeric() {
                in_word = true;
                let mut buf = [0u8; 4];
                for &byte in k.encode_utf8(&mut buf).as_bytes() {
                    hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
                }
            } else if in_word {
                return Some(hash);
            }
        }
        in_word.then_some(hash)
    })
}

/// The hash of a shingle of three word hashes: FNV-1a over their bytes, then the SplitMix64
/// finaliser, because FNV's high bits mix poorly on short inputs and SimHash reads every bit.
fn shingle_hash(words: &[u64; 3]) -> u64 {
    let mut hash = FNV_OFFSET;
    for w in words {
        for byte in w.to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

fn vote(votes: &mut [i32; 64], hash: u64) {
    for (bit, v) in votes.iter_mut().enumerate() {
        if hash >> bit & 1 == 1 {
            *v += 1;
        } else {
            *v -= 1;
        }
    }
}

/// A cheap hasher for table keys.
/// A key is a fingerprint masked to a few blocks, so most of its bits are zero and which ones
/// differs from table to table; the hash table picks buckets by the low bits and tags by the high
/// ones, so the key goes through the SplitMix64 finaliser (a full avalanche in three multiplies and
/// shifts, cheaper than the default SipHash).
/// Without it every key of a table keyed by high blocks fell into one probe sequence.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = include_str!("../tests/fixtures/neardup/en-muscat.txt");
    const EN_WIRE: &str = include_str!("../tests/fixtures/neardup/en-muscat-wire.txt");
    const EN_OTHER: &str = include_str!("../tests/fixtures/neardup/en-muscat-other.txt");
    const AR: &str = include_str!("../tests/fixtures/neardup/ar-muscat.txt");
    const AR_WIRE: &str = include_str!("../tests/fixtures/neardup/ar-muscat-wire.txt");
    const AR_OTHER: &str = include_str!("../tests/fixtures/neardup/ar-muscat-other.txt");

    /// Files `original` then `candidate` in a fresh default index and checks whether the candidate
    /// joins the original's cluster; the message gives the distance for tuning the threshold.
    fn check(original: &str, candidate: &str, duplicate: bool) {
        let (a, b) = (fingerprint(original), fingerprint(candidate));
        let mut index = NearDupIndex::new();
        assert_eq!(index.insert("original", a), None);
        let got = index.insert("candidate", b);
        let d = distance(a, b);
        assert_eq!(
            got.is_some(),
            duplicate,
            "distance {d} with threshold {DEFAULT_THRESHOLD}:\n{candidate}"
        );
        if duplicate {
            assert_eq!(got.as_deref(), Some("original"));
        }
    }

    /// The same text with the last paragraph dropped.
    fn trim_last_paragraph(text: &str) -> String {
        let t = text.trim_end();
        t[..t.rfind("\n\n").unwrap()].to_string()
    }

    #[test]
    fn wire_copies_are_duplicates() {
        check(EN, EN, true);
        check(EN, EN_WIRE, true);
        check(EN, &trim_last_paragraph(EN), true);
        check(EN, &EN.replace(',', "").replace('.', " ."), true);
        check(EN, &EN.to_uppercase(), true);
        check(AR, AR_WIRE, true);
        check(AR, &trim_last_paragraph(AR), true);
        check(AR, &AR.replace('،', ",").replace('.', "!"), true);
    }

    #[test]
    fn different_articles_on_one_event_are_not() {
        check(EN, EN_OTHER, false);
        check(AR, AR_OTHER, false);
        check(EN_WIRE, EN_OTHER, false);
        check(AR_WIRE, AR_OTHER, false);
        check(EN, AR, false);
    }

    #[test]
    fn folding_ignores_harakat_tatweel_and_hamza_seats() {
        assert_eq!(
            fingerprint("رفضت إيران المطالب الأمريكية"),
            fingerprint("رَفَضَت ايـران المطالب الامريكيه")
        );
        assert_eq!(
            fingerprint("Talks ended, in Muscat."),
            fingerprint("talks ended in muscat")
        );
        assert_eq!(fingerprint(""), 0);
        assert_eq!(fingerprint(" ,;. "), 0);
        assert_ne!(fingerprint("Talks"), 0);
    }

    #[test]
    fn fingerprints_are_stable_across_builds() {
        // Stored fingerprints must keep their meaning: this value may only change with a migration.
        assert_eq!(
            format!(
                "{:016x}",
                fingerprint("Iran and the United States held talks in Muscat")
            ),
            "fcd6d8e2a1434212"
        );
    }

    #[test]
    fn every_head_within_the_threshold_is_found() {
        // Exhaustive over distances for every layout: flip `d` bits of a head, at spread-out and at
        // clustered positions, and expect a hit exactly when d <= k.
        for k in 0..=MAX_THRESHOLD {
            let mut index = NearDupIndex::with_threshold(k);
            let head = 0x9e37_79b9_7f4a_7c15u64;
            index.insert("head", head);
            for d in 0..=(k + 2).min(64) {
                for pattern in [0u32, 1, 2] {
                    let mut fp = head;
                    for i in 0..d {
                        let bit = match pattern {
                            0 => i,
                            1 => (i * 7) % 64,
                            _ => 63 - i,
                        };
                        fp ^= 1 << bit;
                    }
                    assert_eq!(distance(fp, head), d);
                    assert_eq!(
                        index.find(fp).is_some(),
                        d <= k,
                        "k={k} d={d} pattern={pattern}"
                    );
                }
            }
        }
    }

    #[test]
    fn insert_returns_the_nearest_head_and_stores_only_heads() {
        let mut index = NearDupIndex::with_threshold(3);
        assert_eq!(index.insert("a", 0), None);
        assert_eq!(index.insert("b", 0xff), None);
        assert_eq!(index.insert("c", 0b1), Some("a".to_string()));
        assert_eq!(index.insert("d", 0xfe), Some("b".to_string()));
        assert_eq!(index.insert("a", 0), None, "a head is not a copy of itself");
        assert_eq!(index.len(), 2);
        index.add_head("e", 0xf0f0);
        assert_eq!(index.len(), 3);
        assert_eq!(index.find(0xf0f1), Some("e"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_fingerprints_and_finds_itself(text in ".{0,300}", k in 0u32..=MAX_THRESHOLD) {
            let fp = fingerprint(&text);
            let mut index = NearDupIndex::with_threshold(k);
            proptest::prop_assert_eq!(index.insert("a", fp), None);
            proptest::prop_assert_eq!(index.insert("b", fp), Some("a".to_string()));
            proptest::prop_assert_eq!(index.find(fp ^ 1), (k >= 1).then_some("a"));
        }
    }

    #[test]
    fn thresholds_tighten_as_the_index_grows() {
        assert_eq!(threshold_for(0), DEFAULT_THRESHOLD);
        assert_eq!(threshold_for(5_000), 10);
        assert_eq!(threshold_for(100_000), 8);
        assert_eq!(threshold_for(1_000_000), 7);
        assert!((within(0) - 2f64.powi(-64)).abs() < 1e-30);
        assert!((within(10) / 9.98e-9 - 1.0).abs() < 0.01, "{}", within(10));
    }

    #[test]
    fn layouts_grow_with_the_threshold() {
        let tables: Vec<usize> = (0..=MAX_THRESHOLD)
            .map(|k| Layout::for_threshold(k).tables())
            .collect();
        assert_eq!(tables[..4], [1, 2, 3, 4]);
        assert_eq!(tables[7], 36);
        assert_eq!(tables[DEFAULT_THRESHOLD as usize], 66);
    }

    #[test]
    fn copies_and_other_articles_are_far_apart() {
        // The figures behind DEFAULT_THRESHOLD (`cargo test -p marsad-ingest far_apart --
        // --nocapture` prints them); a change to the fingerprint must keep a clear margin.
        let copies = [
            ("en wire", EN, EN_WIRE.to_string()),
            ("en trimmed", EN, trim_last_paragraph(EN)),
            ("ar wire", AR, AR_WIRE.to_string()),
            ("ar trimmed", AR, trim_last_paragraph(AR)),
        ];
        let others = [
            ("en other", EN, EN_OTHER.to_string()),
            ("ar other", AR, AR_OTHER.to_string()),
            ("en-ar", EN, AR.to_string()),
        ];
        let measure = |pairs: &[(&str, &str, String)]| -> Vec<u32> {
            pairs
                .iter()
                .map(|(name, a, b)| {
                    let d = distance(fingerprint(a), fingerprint(b));
                    println!("{name}: {d} bits");
                    d
                })
                .collect()
        };
        let near = measure(&copies).into_iter().max().unwrap();
        let far = measure(&others).into_iter().min().unwrap();
        assert!(
            near <= DEFAULT_THRESHOLD && far >= DEFAULT_THRESHOLD + 10,
            "{near} {far}"
        );
    }
}
