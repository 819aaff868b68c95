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
    let t = c.trigger;
    let ty = rec.event.as_str();
    let lang = rec.language.as_str();
    let mut f = Features::default();
    f.add("bias".into());
    f.both(format!("type:{ty}"), ty);
    f.add(format!("lang:{lang}|type:{ty}"));
    let form = a.keys[t.first..=t.last].join(" ");
    f.add(format!("form:{form}|{ty}"));
    let pos = if t.demand {
        "demand"
    } else if t.verb {
        "verb"
    } else {
        "noun"
    };
    f.both(format!("pos:{pos}"), ty);
    // A row's verb and its nouns are different evidence (`imposed sanctions` against the topic
    // noun `sanctions`), so the lemma is always read with its part of speech.
    f.add(format!("lemma:{}|{pos}", t.lemma));
    f.add(format!("lemma:{}|{pos}|{ty}", t.lemma));
    f.add(format!("lang:{lang}|pos:{pos}"));
    if let Some(v) = c.veto {
        f.both(format!("veto:{}", v.as_str()), ty);
        f.add(format!("lang:{lang}|veto:{}", v.as_str()));
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
            f.both(name.to_string(), ty);
        }
    }
    if let Some(p) = &t.prep {
        f.add(format!("prep:{p}|{pos}"));
        f.add(format!("prep:{p}|{ty}"));
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
            f.both(format!("{name}_inferred"), ty);
        }
    }
    f.both(format!("src:{src}"), ty);
    f.both(format!("tgt:{tgt}"), ty);
    f.add(format!("dyad:{src}-{tgt}|{ty}"));
    for r in rec.actor.iter().take(1) {
        if let Some(s) = &r.sector {
            f.both(format!("src_sector:{s}"), ty);
        }
    }
    for r in rec.recipient.iter().take(1) {
        if let Some(s) = &r.sector {
            f.add(format!("tgt_sector:{s}"));
        }
    }
    if c.source.is_some_and(|g| g.members.iter().all(|m| m.weak)) {
        f.both("src_weak".into(), ty);
    }
    if c.source
        .is_some_and(|g| g.members.iter().any(|m| m.pronoun))
    {
        f.add("src_pronoun".into());
    }
    let codes = |v: &[crate::record::ActorRef]| -> Vec<String> {
        v.iter().filter_map(|r| r.code.clone()).collect()
    };
    let (actor_codes, recipient_codes) = (codes(&rec.actor), codes(&rec.recipient));
    if actor_codes.iter().any(|c| recipient_codes.contains(c)) {
        // One state on both sides: domestic (police and protesters) or a wrong fill.
        f.both("same_country".into(), ty);
    }
    if rec.actor.len() + rec.recipient.len() >= 3 {
        f.add("many_participants".into());
    }
    // How the doer was chosen, and where it stands: what lets the scorer prefer an alternative
    // reading to the rules' one.
    let choice = c.choice.as_str();
    f.both(format!("choice:{choice}"), ty);
    if let Some(g) = c.source {
        let dir = if g.last < t.first { "before" } else { "after" };
        let gap = if g.last < t.first {
            t.first - g.last
        } else {
            g.first - t.last
        };
        f.add(format!("src_at:{dir}|{pos}"));
        f.add(format!("src_at:{dir}|{pos}|{choice}"));
        f.add(format!("src_gap:{}|{choice}", bucket(gap)));
        f.add(format!("lang:{lang}|src_at:{dir}|{pos}|{choice}"));
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
        f.add(format!("src_kind:{kind}|{choice}"));
        f.add(format!("src_kind:{kind}|{ty}"));
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
    f.add(format!("prev:{prev}"));
    f.add(format!("prev:{prev}|{ty}"));
    f.add(format!("prev2:{prev2}"));
    f.add(format!("next:{next}"));
    f.add(format!("next:{next}|{ty}"));

    // The sentence around it.
    let speech_before = (0..t.first).rev().find(|&i| a.is(i, ModifierKind::Speech));
    if let Some(i) = speech_before {
        let near = if t.first - i <= 6 { "near" } else { "far" };
        f.both(format!("speech_before:{near}"), ty);
    }
    if (t.first.saturating_sub(3)..t.first).any(|i| a.keys[i].chars().any(|ch| ch.is_numeric())) {
        f.add("number_before".into());
    }
    if in_quote(a, t.first) {
        f.both("in_quote".into(), ty);
    }
    f.add(format!("at:{}", bucket(t.first)));
    f.add(format!("len:{}", bucket(a.len())));
    let n_triggers = a.triggers.len().min(4);
    f.add(format!("triggers:{n_triggers}"));
    f.0
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

/// Adds `dup_type` to each candidate whose trigger follows another trigger of the same type in
/// its sentence (`(group, type)` per candidate; the readings of one trigger share a group): the
/// same occurrence told twice is one event.
pub fn mark_repeats(types: &[(usize, &str)], features: &mut [Vec<String>]) {
    for i in 0..types.len() {
        let (group, ty) = types[i];
        if types[..i].iter().any(|&(g, t)| g != group && t == ty) {
            features[i].push("dup_type".into());
            features[i].push(format!("dup_type|{ty}"));
        }
    }
}

#[derive(Default)]
struct Features(Vec<String>);

impl Features {
    fn add(&mut self, name: String) {
        self.0.push(name);
    }

    /// The feature alone and in conjunction with the event type.
    fn both(&mut self, name: String, ty: &str) {
        self.0.push(format!("{name}|{ty}"));
        self.0.push(name);
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

    #[test]
    fn repeats_of_a_type_are_marked_after_the_first() {
        let mut f = vec![vec![], vec![], vec![], vec![]];
        mark_repeats(
            &[
                (0, "ASSAULT"),
                (0, "ASSAULT"),
                (1, "ACCUSE"),
                (2, "ASSAULT"),
            ],
            &mut f,
        );
        assert!(f[0].is_empty() && f[1].is_empty() && f[2].is_empty());
        assert_eq!(f[3], ["dup_type", "dup_type|ASSAULT"]);
    }
}
