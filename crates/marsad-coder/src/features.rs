//! The features the event scorer sees: small named facts about one candidate event, as strings.
//!
//! A feature is a name (`lemma:رفض|REJECT`, `veto:reference`, `src:code|ASSAULT`); the model
//! (`scorer.rs`) gives each name a weight. Names, not hashed indices, so the weights file can be
//! read and a candidate's trail (`--explain`) says what the model saw. Conjunctions with the event
//! type let one word weigh differently for each type it triggers.

use marsad_lexicon::ModifierKind;

use crate::record::EventRecord;
use crate::roles::Coded;
use crate::sentence::Analysed;

/// The features of one candidate: `c` coded in sentence `a` as record `rec`.
pub fn extract(a: &Analysed, c: &Coded<'_>, rec: &EventRecord) -> Vec<String> {
    let mut out = Vec::new();
    visit(a, c, rec, &mut |name| out.push(name.to_string()));
    out
}

/// Calls `sink` with each feature name of a candidate, built in one reused buffer: the scorer
/// sums weights straight from it without keeping the names (what coding does), training keeps
/// them (`extract`).
pub fn visit(a: &Analysed, c: &Coded<'_>, rec: &EventRecord, sink: &mut dyn FnMut(&str)) {
    let t = c.trigger;
    let ty = rec.event.as_str();
    let lang = rec.language.as_str();
    let mut f = Features {
        buf: String::with_capacity(64),
        sink,
    };
    f.add(format_args!("bias"));
    f.both(format_args!("type:{ty}"), ty);
    f.add(format_args!("lang:{lang}|type:{ty}"));
    let form = a.keys[t.first..=t.last].join(" ");
    f.add(format_args!("form:{form}|{ty}"));
    let pos = if t.demand {
        "demand"
    } else if t.verb {
        "verb"
    } else {
        "noun"
    };
    f.both(format_args!("pos:{pos}"), ty);
    // A row's verb and its nouns are different evidence (`imposed sanctions` against the topic
    // noun `sanctions`), so the lemma is always read with its part of speech.
    f.add(format_args!("lemma:{}|{pos}", t.lemma));
    f.add(format_args!("lemma:{}|{pos}|{ty}", t.lemma));
    f.add(format_args!("lang:{lang}|pos:{pos}"));
    if let Some(v) = c.veto {
        f.both(format_args!("veto:{}", v.as_str()), ty);
        f.add(format_args!("lang:{lang}|veto:{}", v.as_str()));
    }
    for (on, name) in [
        (t.passive, "passive"),
        (t.present, "present"),
        (t.future_clitic, "future_clitic"),
        (t.conj, "conj"),
        (c.negated, "negated"),
        (c.future, "future"),
        (c.hypothetical, "hypothetical"),
        (c.intent, "intent"),
        (c.announced, "announced"),
        (c.past_marker, "past_marker"),
        (rec.event != t.event, "recoded"),
        (rec.aux.iter().any(|x| x == "historical"), "historical"),
    ] {
        if on {
            f.both(format_args!("{name}"), ty);
        }
    }
    // A phrase row's verb standing apart from its noun, the subject between (`فرضت وزارة الخزانة
    // الأمريكية عقوبات`): the noun is that verb's object, an act rather than a topic.
    if !t.verb {
        if let Some((verb, _)) = t.lemma.split_once(' ') {
            let verb = marsad_text::normalize::key(verb);
            let (lo, _) = c.clause;
            if verb.chars().count() >= 3 && (lo..t.first).any(|i| a.keys[i].contains(&verb)) {
                f.both(format_args!("phrase_verb_before"), ty);
            }
        }
    }
    // A definite noun (`الهجوم`, `the attack`) often names an event the reader already knows of;
    // an indefinite one (`هجوم`, `an attack`) tells a new one.
    if !t.verb && !t.demand {
        let k = &a.keys[t.first];
        let definite = ["ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل"]
            .iter()
            .any(|p| k.starts_with(p))
            || t.first.checked_sub(1).is_some_and(|i| a.keys[i] == "the");
        let d = if definite { "definite" } else { "indefinite" };
        f.both(format_args!("{d}"), ty);
        f.add(format_args!("lang:{lang}|{d}|{ty}"));
        // Right after a bare noun or verb that no other entry covers (`سلسلة الهجمات`, `حادث
        // الخطف`, `ووقع الهجوم`): the head of a genitive, or the verb the noun is subject of.
        if definite && a.profile.verb_first {
            if let Some(i) = t.first.checked_sub(1) {
                let k = &a.keys[i];
                let bare = !a.punct[i]
                    && a.functions[i].is_empty()
                    && !k.starts_with("ال")
                    && k.chars().count() >= 3
                    && !a.entities.iter().any(|e| e.first <= i && i <= e.last)
                    && !a.triggers.iter().any(|o| o.first <= i && i <= o.last);
                if bare {
                    f.both(format_args!("after_bare_word"), ty);
                }
            }
        }
    }
    // A trigger that is also a person noun of the agent lexicon (`المتظاهرون`): the people who
    // protest, named as a topic, a victim or the doer of another act as often as the act itself.
    if !t.verb
        && a.entities.iter().any(|e| {
            matches!(e.kind, crate::sentence::EntityKind::Agent { .. })
                && e.first <= t.last
                && t.first <= e.last
        })
    {
        f.both(format_args!("agent_noun"), ty);
        // Its case: a sound plural in `ون` is a subject (`هتف المتظاهرون`), one in `ين` an
        // object or a genitive (`تفريق المتظاهرين`, `عدد المتظاهرين`).
        let k = &a.keys[t.last];
        let case = if k.ends_with("ون") {
            "nominative"
        } else if k.ends_with("ين") {
            "oblique"
        } else {
            "other"
        };
        f.both(format_args!("agent_noun:{case}"), ty);
    }
    // Another trigger right next to it (`اعتقال المتظاهرين`, `طالب المتظاهرون`): the
    // two words may tell one act, or one may only name the other's participant.
    fn other(o: &crate::sentence::Trigger) -> (&str, &'static str) {
        let opos = if o.demand {
            "demand"
        } else if o.verb {
            "verb"
        } else {
            "noun"
        };
        (o.event.as_str(), opos)
    }
    if let Some(o) = a
        .triggers
        .iter()
        .filter(|o| o.last < t.first && t.first - o.last <= 2)
        .max_by_key(|o| o.last)
    {
        let (oty, opos) = other(o);
        f.both(format_args!("adj_before:{opos}"), ty);
        f.both(format_args!("adj_before:{oty}|{opos}|{pos}"), ty);
    }
    if let Some(o) = a
        .triggers
        .iter()
        .filter(|o| o.first > t.last && o.first - t.last <= 2)
        .min_by_key(|o| o.first)
    {
        let (oty, opos) = other(o);
        f.both(format_args!("adj_after:{opos}"), ty);
        f.both(format_args!("adj_after:{oty}|{opos}|{pos}"), ty);
    }
    if let Some(p) = &t.prep {
        f.add(format_args!("prep:{p}|{pos}"));
        f.add(format_args!("prep:{p}|{ty}"));
    }

    // Participants: who is named, how well it resolved, and in which sector.
    let side = |refs: &[crate::record::ActorRef]| {
        if refs.is_empty() {
            "none"
        } else if refs.iter().any(|r| r.code.is_some()) {
            "code"
        } else {
            "nocode"
        }
    };
    let (src, tgt) = (side(&rec.actor), side(&rec.recipient));
    for (refs, name) in [(&rec.actor, "src"), (&rec.recipient, "tgt")] {
        if refs.iter().any(|r| r.inferred.is_some()) {
            f.both(format_args!("{name}_inferred"), ty);
        }
    }
    f.both(format_args!("src:{src}"), ty);
    f.both(format_args!("tgt:{tgt}"), ty);
    f.add(format_args!("dyad:{src}-{tgt}|{ty}"));
    for r in rec.actor.iter().take(1) {
        if let Some(s) = &r.sector {
            f.both(format_args!("src_sector:{s}"), ty);
        }
    }
    for r in rec.recipient.iter().take(1) {
        if let Some(s) = &r.sector {
            f.add(format_args!("tgt_sector:{s}"));
        }
    }
    if c.source.is_some_and(|g| g.members.iter().all(|m| m.weak)) {
        f.both(format_args!("src_weak"), ty);
    }
    if c.source
        .is_some_and(|g| g.members.iter().any(|m| m.pronoun))
    {
        f.add(format_args!("src_pronoun"));
    }
    let codes = |v: &[crate::record::ActorRef]| -> Vec<String> {
        v.iter().filter_map(|r| r.code.clone()).collect()
    };
    let (actor_codes, recipient_codes) = (codes(&rec.actor), codes(&rec.recipient));
    if actor_codes.iter().any(|c| recipient_codes.contains(c)) {
        // One state on both sides: domestic (police and protesters) or a wrong fill.
        f.both(format_args!("same_country"), ty);
    }
    if rec.actor.len() + rec.recipient.len() >= 3 {
        f.add(format_args!("many_participants"));
    }
    // How the doer was chosen, and where it stands: what lets the scorer prefer an alternative
    // reading to the rules' one.
    let choice = c.choice.as_str();
    f.both(format_args!("choice:{choice}"), ty);
    if let Some(g) = c.source {
        let dir = if g.last < t.first { "before" } else { "after" };
        let gap = if g.last < t.first {
            t.first - g.last
        } else {
            g.first - t.last
        };
        f.add(format_args!("src_at:{dir}|{pos}"));
        f.add(format_args!("src_at:{dir}|{pos}|{choice}"));
        f.add(format_args!("src_gap:{}|{choice}", bucket(gap)));
        f.add(format_args!("lang:{lang}|src_at:{dir}|{pos}|{choice}"));
        let kind = g.members.first().map_or("?", |m| {
            if m.pronoun {
                "pronoun"
            } else if m.name.is_some() {
                "named"
            } else if m.weak {
                "adjective"
            } else if m.code.is_some() && m.sector.is_some() {
                "agent_coded"
            } else if m.code.is_some() {
                "country"
            } else {
                "agent"
            }
        });
        f.add(format_args!("src_kind:{kind}|{choice}"));
        f.add(format_args!("src_kind:{kind}|{ty}"));
    }

    // Where the recipient stands and what marks it.
    if let Some(g) = c.target {
        let dir = if g.last < t.first { "before" } else { "after" };
        f.add(format_args!("tgt_at:{dir}|{choice}"));
        let prep = g.prep.as_deref().unwrap_or("-");
        f.add(format_args!("tgt_prep:{prep}|{ty}"));
        f.add(format_args!("tgt_prep:{prep}|{choice}"));
        let marked = g
            .prep
            .as_deref()
            .is_some_and(|p| t.preps.iter().any(|q| q == p));
        f.add(format_args!("tgt_marked:{marked}|{choice}"));
    }
    // Neighbouring words; a name stands for its kind, so that one country's weight does not
    // depend on which countries the training sentences happened to name.
    let key = |i: usize| word_class(a, i);
    let prev = t.first.checked_sub(1).map_or("<s>", key);
    let prev2 = t.first.checked_sub(2).map_or("<s>", key);
    let next = if t.last + 1 < a.len() {
        key(t.last + 1)
    } else {
        "</s>"
    };
    f.add(format_args!("prev:{prev}"));
    f.add(format_args!("prev:{prev}|{ty}"));
    f.add(format_args!("prev2:{prev2}"));
    f.add(format_args!("next:{next}"));
    f.add(format_args!("next:{next}|{ty}"));

    // The sentence around it.
    let speech_before = (0..t.first).rev().find(|&i| a.is(i, ModifierKind::Speech));
    if let Some(i) = speech_before {
        let near = if t.first - i <= 6 { "near" } else { "far" };
        f.both(format_args!("speech_before:{near}"), ty);
    }
    if (t.first.saturating_sub(3)..t.first).any(|i| a.keys[i].chars().any(|ch| ch.is_numeric())) {
        f.add(format_args!("number_before"));
    }
    // A question (`هل ستنسحب القوات؟`) asks about an event; it reports none.
    if a.keys.last().is_some_and(|k| k == "?" || k == "؟") {
        f.both(format_args!("question"), ty);
    }
    if in_quote(a, t.first) {
        f.both(format_args!("in_quote"), ty);
    }
    f.add(format_args!("at:{}", bucket(t.first)));
    f.add(format_args!("len:{}", bucket(a.len())));
    let n_triggers = a.triggers.len().min(4);
    f.add(format_args!("triggers:{n_triggers}"));
}

/// What a neighbouring token counts as: the kind of entity covering it (`<country>`,
/// `<agent>` …), else its matching key.
fn word_class(a: &Analysed, i: usize) -> &str {
    use crate::sentence::EntityKind as K;
    match a.entities.iter().find(|e| e.first <= i && i <= e.last) {
        Some(e) => match e.kind {
            K::Named { .. } => "<named>",
            K::Country { .. } => "<country>",
            K::Capital { .. } => "<capital>",
            K::Adjective { .. } => "<adjective>",
            K::Agent { .. } => "<agent>",
            K::Place { .. } => "<place>",
            K::Reciprocal => "<reciprocal>",
            K::OwnCountry => "<own_country>",
            K::Pronoun => "<pronoun>",
        },
        None => a.keys.get(i).map(String::as_str).unwrap_or("<s>"),
    }
}

/// The sentence's words with the event type (`w:المنتخب|ASSAULT`): its topic (sport, prices, a
/// court) tells whether an event word is used in its political sense. They describe the trigger,
/// not its participants, so only the event model reads them (`Candidate::context`).
pub fn visit_words(a: &Analysed, c: &Coded<'_>, ty: &str, sink: &mut dyn FnMut(&str)) {
    let mut f = Features {
        buf: String::with_capacity(32),
        sink,
    };
    for k in words(a, c) {
        f.add(format_args!("w:{k}|{ty}"));
    }
}

/// The sentence words `visit_words` names: tokens outside the trigger, not punctuation, of
/// three letters or more.
pub fn words<'a>(a: &'a Analysed, c: &Coded<'_>) -> impl Iterator<Item = &'a str> {
    let t = c.trigger;
    let (first, last) = (t.first, t.last);
    a.keys
        .iter()
        .enumerate()
        .filter(move |(i, k)| !a.punct[*i] && (*i < first || *i > last) && k.chars().count() >= 3)
        .map(|(_, k)| k.as_str())
}

/// The feature writer: formats each name into one buffer and hands it to the sink.
struct Features<'s> {
    buf: String,
    sink: &'s mut dyn FnMut(&str),
}

impl Features<'_> {
    fn add(&mut self, name: std::fmt::Arguments<'_>) {
        use std::fmt::Write as _;
        self.buf.clear();
        let _ = self.buf.write_fmt(name);
        (self.sink)(&self.buf);
    }

    /// The feature alone and in conjunction with the event type.
    fn both(&mut self, name: std::fmt::Arguments<'_>, ty: &str) {
        use std::fmt::Write as _;
        self.buf.clear();
        let _ = self.buf.write_fmt(name);
        (self.sink)(&self.buf);
        self.buf.push('|');
        self.buf.push_str(ty);
        (self.sink)(&self.buf);
    }
}

/// Token positions and lengths in coarse bins: `0`, `1-2`, `3-5`, `6-10`, `11-20`, `21+`.
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1..=2 => "1-2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        _ => "21+",
    }
}

/// True when an odd number of quotation marks stands before token `i`, or a `«` is open.
fn in_quote(a: &Analysed, i: usize) -> bool {
    let mut open = 0i32;
    let mut straight = 0;
    for k in &a.keys[..i] {
        match k.as_str() {
            "«" | "“" => open += 1,
            "»" | "”" => open -= 1,
            "\"" => straight += 1,
            _ => {}
        }
    }
    open > 0 || straight % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_coarse() {
        assert_eq!(bucket(0), "0");
        assert_eq!(bucket(4), "3-5");
        assert_eq!(bucket(40), "21+");
    }
}
