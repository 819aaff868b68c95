//! Assigns source and target to each trigger by the word order of its language, and reads the
//! function words around it (negation, future, hypothetical).
//!
//! Arabic: VSO after a verb (`رفضت إيران المطالب`), SVO in nominal sentences (`إيران ترفض`),
//! passives (`أُسقطت طائرة … من قبل`), verbal nouns with an adjective or genitive source
//! (`الهجوم الأمريكي`, `قصف إسرائيل`) and a prepositional target (`عقوبات على`).
//! English: SVO, passives with `by`, nominalisations (`U.S. sanctions on Iran`).
//! A subject dropped after a conjunction (`وأصرت … ورفضت`) is carried from the previous clause.

use crate::compose::Group;
use crate::sentence::{Analysed, Trigger};
use marsad_lexicon::ModifierKind;

/// One trigger with its participants, before it becomes a record.
#[derive(Clone, Debug)]
pub struct Coded<'a> {
    pub trigger: &'a Trigger,
    pub source: Option<&'a Group>,
    pub target: Option<&'a Group>,
    pub negated: bool,
    pub future: bool,
    pub hypothetical: bool,
    pub past_marker: bool,
    /// An intent word stands right before the trigger (`willing to send`, `مستعدة لرفع`).
    pub intent: bool,
    /// A speech word or complementizer comes before the trigger: the event is told by someone
    /// (which makes a future harmful act a threat).
    pub announced: bool,
    /// The trigger's clause, tokens `[lo, hi)` of the sentence.
    pub clause: (usize, usize),
    /// Why the rules alone would drop it, if they would.
    pub veto: Option<Veto>,
    /// How its participants were chosen: by the word-order rules, or as an alternative for the
    /// scorer to weigh against the rules' choice.
    pub choice: Choice,
}

/// How a candidate's participants were chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// By the word-order rules of the language.
    Rule,
    /// Another free group of the clause as the doer (`alternatives`).
    Alternative,
    /// The rules' doer and recipient swapped (subject-first clauses, passives read as actives).
    Swapped,
    /// Another group of the clause (after the trigger, any preposition) as the recipient.
    OtherRecipient,
}

impl Choice {
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Rule => "rule",
            Choice::Alternative => "alternative",
            Choice::Swapped => "swapped",
            Choice::OtherRecipient => "other_recipient",
        }
    }
}

/// How many other doers are proposed per trigger, nearest first.
const MAX_ALTERNATIVES: usize = 2;

/// The same trigger with other participants: each free group of its clause that the rules did
/// not choose as the doer (nearest first), and the rules' doer and recipient swapped. The scorer
/// weighs them against the rules' choice; the rules alone keep only their own.
pub fn alternatives<'a>(groups: &'a [Group], c: &Coded<'a>) -> Vec<Coded<'a>> {
    let t = c.trigger;
    let (lo, hi) = c.clause;
    let same = |a: Option<&Group>, b: &Group| a.is_some_and(|a| std::ptr::eq(a, b));
    let mut free: Vec<&'a Group> = groups
        .iter()
        .filter(|g| g.first >= lo && g.first < hi && (g.last < t.first || g.first > t.last))
        .filter(|g| g.prep.is_none() && !same(c.source, g) && !same(c.target, g))
        .collect();
    let distance = |g: &Group| {
        if g.last < t.first {
            t.first - g.last
        } else {
            g.first - t.last
        }
    };
    free.sort_by_key(|g| (distance(g), g.first));
    let mut out: Vec<Coded<'a>> = free
        .into_iter()
        .take(MAX_ALTERNATIVES)
        .map(|g| Coded {
            source: Some(g),
            choice: Choice::Alternative,
            ..c.clone()
        })
        .collect();
    if let (Some(src), Some(tgt)) = (c.source, c.target) {
        out.push(Coded {
            source: Some(tgt),
            target: Some(src),
            choice: Choice::Swapped,
            ..c.clone()
        });
    }
    // Recipients the rules passed over: later groups after the trigger that are free or marked
    // by one of its recipient prepositions, nearest first.
    let mut after: Vec<&'a Group> = groups
        .iter()
        .filter(|g| g.first > t.last && g.first < hi)
        .filter(|g| !same(c.source, g) && !same(c.target, g))
        .filter(|g| g.prep.as_deref().is_none_or(|p| takes(t, p)))
        .collect();
    after.sort_by_key(|g| g.first);
    out.extend(after.into_iter().take(MAX_ALTERNATIVES).map(|g| Coded {
        target: Some(g),
        choice: Choice::OtherRecipient,
        ..c.clone()
    }));
    out
}

/// How far (in tokens) a participant may stand from its trigger.
const WINDOW: usize = 12;

/// How far (in tokens) a light verb may stand before the verbal noun it governs.
const SUPPORT_WINDOW: usize = 8;

/// Why the hand-written rules alone would not code a candidate. The candidate is kept (so a
/// trained scorer can overrule the rule, and candidate recall can be measured) and the reason
/// becomes one of its features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Veto {
    /// A verbal noun after a verb of its clause is that verb's complement (`أصر على استبعاد شن
    /// حملة`, `agreed to hold talks`).
    Complement,
    /// A verbal noun named as background (`بعد اغتيال`, `التحقيق في الهجوم`).
    Reference,
    /// An English infinitive or participle elaborating an earlier verb (`gathered to demand`).
    Subordinate,
    /// What a demand asks for (`US forces must ensure security`).
    DemandContent,
    /// Neither side names a participant.
    NoParticipant,
    /// A verbal noun with only a loose adjective around it (`الهجوم الأميركي`).
    LooseNoun,
}

impl Veto {
    /// The name used in features and `--explain` trails.
    pub fn as_str(self) -> &'static str {
        match self {
            Veto::Complement => "complement",
            Veto::Reference => "reference",
            Veto::Subordinate => "subordinate",
            Veto::DemandContent => "demand_content",
            Veto::NoParticipant => "no_participant",
            Veto::LooseNoun => "loose_noun",
        }
    }
}

/// Codes every trigger of the sentence.
pub fn assign<'a>(s: &'a Analysed, groups: &'a [Group]) -> Vec<Coded<'a>> {
    let mut out: Vec<Coded<'a>> = Vec::new();
    let mut last_source: Option<&'a Group> = None;
    for t in &s.triggers {
        let (lo, hi) = clause(s, t);
        let complement = !t.verb
            && s.triggers.iter().any(|v| {
                v.verb && v.last < t.first && clause(s, v).1 > t.first && v.event != t.event
            });
        let demand_content = !t.demand
            && s.triggers.iter().any(|d| {
                d.demand && d.last < t.first && !(d.last + 1..t.first).any(|i| is_boundary(s, i))
            });
        let veto = if complement {
            Some(Veto::Complement)
        } else if !t.verb && is_reference(s, t) {
            Some(Veto::Reference)
        } else if is_subordinate(s, t) {
            Some(Veto::Subordinate)
        } else if demand_content {
            Some(Veto::DemandContent)
        } else {
            None
        };
        if t.demand {
            if let Some((source, target)) = demand_roles(s, groups, t, lo, hi) {
                out.push(Coded {
                    trigger: t,
                    source: Some(source),
                    target,
                    negated: t.negated_form || markers_before(t, lo).any(|i| negation_at(s, i)),
                    future: false,
                    hypothetical: hypothetical_before(s, t, lo),
                    past_marker: false,
                    intent: false,
                    announced: true,
                    clause: (lo, hi),
                    veto,
                    choice: Choice::Rule,
                });
            }
            continue;
        }
        // Arabic writes the passive without its vowels (`قتل برصاص الشرطة`): an agentive word
        // after the trigger in its clause (`برصاص`, `على يد`, `من قبل`) marks it.
        let passive = t.passive
            || (s.profile.auxiliary_passive && t.verb && english_passive(s, t.first, lo))
            || (s.profile.unmarked_passive
                && (t.last + 1..hi).any(|i| s.is(i, ModifierKind::Agentive)));
        let (mut source, target) = if s.profile.verb_first {
            arabic_roles(s, groups, t, lo, hi, passive)
        } else if s.profile.verb_final {
            persian_roles(s, groups, t, lo, hi, passive)
        } else {
            english_roles(s, groups, t, lo, hi, passive)
        };
        if source.is_none()
            && t.verb
            && !passive
            && (t.conj || !s.profile.carry_subject_needs_conjunction)
        {
            // `Iran's armed forces said … and accused the United States`: the subject carried
            // over is the last doer, else (when the verb has an object) the speaker.
            source = last_source.or_else(|| {
                target?;
                let speech = nearest_before(s, t.first, &[ModifierKind::Speech])?;
                speaker(s, groups, speech, t.first)
            });
        }
        // `وأكدت الوزارة أنها اعتقلت`, `وقال عراقجي إنه التقى`: a complementizer carrying a
        // pronoun opens a clause whose subject is that pronoun, the speaker.
        if source.is_none() && t.verb && !passive && lo > 0 && pronoun_complementizer(s, lo - 1) {
            source = nearest_before(s, lo - 1, &[ModifierKind::Speech])
                .and_then(|speech| speaker(s, groups, speech, lo - 1));
        }
        if source.is_some() && t.verb && veto.is_none() {
            last_source = source;
        }
        let before = markers_before(t, lo);
        let negated = t.negated_form
            || before.clone().any(|i| negation_at(s, i))
            || (s.profile.negation_after_subject
                && source.is_some_and(|g| (g.last + 1..t.first).any(|i| negation_at(s, i))));
        let future = t.future_clitic || before.clone().any(|i| s.is(i, ModifierKind::Future));
        let hypothetical = hypothetical_before(s, t, lo);
        let past_marker = (lo..hi).any(|i| s.is(i, ModifierKind::Past));
        let intent = before
            .clone()
            .any(|i| s.covered_by(i, ModifierKind::Intent));
        // Announced by the doer itself (`Iran said it would strike`), not by someone else about
        // the doer (`a Pentagon spokesman said … to deter Iran from attacking`).
        let announced =
            nearest_before(s, t.first, &SPEECH_OR_COMPLEMENTIZER).is_some_and(|k| {
                match (source, speaker(s, groups, k, t.first)) {
                    (Some(doer), Some(who)) => std::ptr::eq(doer, who),
                    _ => true,
                }
            });
        out.push(Coded {
            trigger: t,
            source,
            target,
            negated,
            future,
            hypothetical,
            past_marker,
            intent,
            announced,
            clause: (lo, hi),
            veto,
            choice: Choice::Rule,
        });
    }
    out
}

/// Speech verbs and complementizers: what introduces reported speech.
const SPEECH_OR_COMPLEMENTIZER: [ModifierKind; 2] =
    [ModifierKind::Speech, ModifierKind::Complementizer];

/// True when token `i` is a complementizer with a third-person pronoun attached (`إنه`, `أنها`),
/// as the text layer's clitic analysis splits it.
fn pronoun_complementizer(s: &Analysed, i: usize) -> bool {
    s.is(i, ModifierKind::Complementizer)
        && marsad_text::clitic::segmentations(&s.keys[i]).any(|seg| {
            matches!(seg.enclitic, Some("ه" | "ها" | "هم")) && seg.stem.chars().count() >= 2
        })
}

/// The nearest token before `end` where a function word of one of `kinds` starts.
fn nearest_before(s: &Analysed, end: usize, kinds: &[ModifierKind]) -> Option<usize> {
    (0..end).rev().find(|&i| kinds.iter().any(|&k| s.is(i, k)))
}

/// The tokens right before a trigger where its negation, future and intent words stand.
fn markers_before(t: &Trigger, lo: usize) -> std::ops::Range<usize> {
    t.first.saturating_sub(3).max(lo)..t.first
}

/// A negation word at token `i`; `ما` in `وهو ما رفضته طهران` opens a relative clause instead.
fn negation_at(s: &Analysed, i: usize) -> bool {
    s.is(i, ModifierKind::Negation) && !s.covered_by(i, ModifierKind::Relative)
}

/// A hypothetical word (`if`, `إذا`) in the trigger's clause before it, or just before the clause.
fn hypothetical_before(s: &Analysed, t: &Trigger, lo: usize) -> bool {
    (lo..t.first).any(|i| s.is(i, ModifierKind::Hypothetical))
        || (lo > 0 && s.is(lo - 1, ModifierKind::Hypothetical))
}

/// True when a verbal noun names an event the sentence refers to rather than reports: one right
/// after a temporal word (`بعد اغتيال`, `after the attack`), or, in Arabic, one governed by a
/// preposition (`المحكمة الخاصة باغتيال`, `التحقيق في الهجوم`) unless a light verb governs that
/// preposition (`قام باغتيال`, `أسفر عن مقتل`, `أعلنت مسؤوليتها عن الهجوم`).
fn is_reference(s: &Analysed, t: &Trigger) -> bool {
    let mut before = t.first.checked_sub(1);
    if let Some(i) = before.filter(|&i| s.is(i, ModifierKind::Determiner)) {
        before = i.checked_sub(1);
    }
    if before.is_some_and(|i| s.is(i, ModifierKind::Temporal)) {
        return true;
    }
    if !s.profile.prepositional_reference || t.prep.is_none() {
        return false;
    }
    // A light verb up to a few words back governs it, its subject in between (`قام عشرة جنود
    // باغتصابها`, `قيام مجموعة من المتظاهرين بالتجمع`); a clause boundary ends the search.
    let from = t.first.saturating_sub(SUPPORT_WINDOW);
    !(from..t.first)
        .rev()
        .take_while(|&i| !(s.punct[i] && is_hard_punct(&s.keys[i])))
        .any(|i| s.is(i, ModifierKind::Support))
}

/// True when an English verb only elaborates an earlier verb of the sentence: an infinitive
/// (`gathered to demand`, `agreed to meet`) or a participle after a comma (`attacked the camp,
/// killing 156 people`). Event coding takes the main verb, as the PLOVER and CAMEO coders do.
fn is_subordinate(s: &Analysed, t: &Trigger) -> bool {
    if !s.profile.subordinate_verbs || !t.verb || t.demand || t.first == 0 {
        return false;
    }
    let prev = t.first - 1;
    let participle = s.punct[prev] && s.keys[prev] == "," && s.keys[t.first].ends_with("ing");
    let infinitive = s.is(prev, ModifierKind::Infinitive);
    (participle || infinitive)
        && s.triggers
            .iter()
            .any(|v| v.verb && !v.demand && v.last < t.first)
}

/// The clause around a trigger: tokens `[lo, hi)` up to the nearest hard boundary on each side.
fn clause(s: &Analysed, t: &Trigger) -> (usize, usize) {
    let hard = |i: usize| is_boundary(s, i);
    let mut lo = t.first;
    while lo > 0 && t.first - lo < WINDOW {
        // A parenthesis is an aside, not a boundary: `Hizbollah (Party of God) group declared`.
        if s.keys[lo - 1] == ")" {
            if let Some(open) = (0..lo - 1).rev().find(|&i| s.keys[i] == "(") {
                lo = open;
                continue;
            }
        }
        if hard(lo - 1) {
            break;
        }
        // Verb-final: the verb before ends the previous clause (`… دیدار کرد و … را محکوم کرد`).
        if s.profile.verb_final && s.triggers.iter().any(|o| o.verb && o.last == lo - 1) {
            break;
        }
        lo -= 1;
    }
    let mut hi = t.last + 1;
    while hi < s.len() && hi - t.last <= WINDOW {
        if s.keys[hi] == "(" {
            if let Some(close) = (hi + 1..s.len()).find(|&i| s.keys[i] == ")") {
                hi = close + 1;
                continue;
            }
        }
        if hard(hi) {
            break;
        }
        // Another verb starts another clause (a verb-final clause ends at its verb).
        if s.profile.verb_final && t.verb {
            break;
        }
        if s.triggers
            .iter()
            .any(|o| o.verb && o.first == hi && o.first != t.first)
        {
            break;
        }
        hi += 1;
    }
    (lo, hi)
}

/// True when token `i` opens a new clause whatever the verbs around it: a complementizer, a
/// relative word or hard punctuation.
fn is_boundary(s: &Analysed, i: usize) -> bool {
    s.is(i, ModifierKind::Complementizer)
        || s.is(i, ModifierKind::Relative)
        || (s.punct[i] && is_hard_punct(&s.keys[i]))
}

fn is_hard_punct(key: &str) -> bool {
    matches!(
        key,
        "." | "؟" | "?" | "!" | "؛" | ";" | ":" | "«" | "»" | "\"" | "“" | "”" | "(" | ")"
    )
}

fn arabic_roles<'a>(
    s: &Analysed,
    groups: &'a [Group],
    t: &Trigger,
    lo: usize,
    hi: usize,
    passive: bool,
) -> (Option<&'a Group>, Option<&'a Group>) {
    let (before, after) = around(groups, t, lo, hi);
    let marks_target = |g: &Group| g.prep.as_deref().is_some_and(|p| takes(t, p));
    if passive {
        let agent_at = (t.last + 1..hi).find(|&i| s.is(i, ModifierKind::Agentive));
        let source = agent_at.and_then(|a| after.iter().copied().find(|g| g.first > a));
        let target = after
            .iter()
            .copied()
            .find(|g| g.prep.is_none() && agent_at.is_none_or(|a| g.first < a))
            .or_else(|| before.last().copied().filter(|g| g.prep.is_none()));
        return (source, target);
    }
    if !t.verb {
        // Verbal noun: the adjective or genitive right after it is the doer.
        let source = after
            .iter()
            .copied()
            .find(|g| g.prep.is_none() && g.first <= t.last + 2)
            .or_else(|| before.iter().rev().copied().find(|g| g.prep.is_none()));
        let target = after
            .iter()
            .copied()
            .find(|g| marks_target(g) && source.is_none_or(|s| s.first != g.first));
        return (source, target);
    }
    // VSO: a subject right after the verb; else SVO: the nearest free actor before it.
    // A nisba standing alone after a verb qualifies its object (`أسقطت طائرة إيرانية`).
    let vso = after
        .iter()
        .copied()
        .find(|g| g.prep.is_none() && g.first <= t.last + 4 && g.members.iter().any(|m| !m.weak));
    let source = vso.or_else(|| before.iter().rev().copied().find(|g| g.prep.is_none()));
    let target = after
        .iter()
        .copied()
        .filter(|g| source.is_none_or(|s| s.first != g.first))
        .find(|g| marks_target(g) || g.prep.is_none());
    (source, target)
}

/// The parties of a demand read off an obligation word in reported speech: the speaker (the
/// subject of the nearest speech verb or complementizer before it) demands of the modal's subject
/// (`the Red Cross said US forces must…`, `وقال روبيو إنه يجب على إيران أن…`). No speaker, no
/// demand: `Iran must…` on its own is the writer's opinion.
fn demand_roles<'a>(
    s: &Analysed,
    groups: &'a [Group],
    t: &Trigger,
    lo: usize,
    hi: usize,
) -> Option<(&'a Group, Option<&'a Group>)> {
    let speech = nearest_before(s, t.first, &SPEECH_OR_COMPLEMENTIZER)?;
    let free = |g: &&Group| g.prep.is_none();
    let source = speaker(s, groups, speech, t.first)?;
    let subject = groups
        .iter()
        .rev()
        .filter(|g| g.first >= lo && g.last < t.first && g.first > source.last)
        .find(free);
    let target = if s.profile.obliged_after_modal {
        // `يجب على إيران أن`: the obliged party follows the modal.
        groups
            .iter()
            .find(|g| g.first > t.last && g.first <= t.last + 2 && g.first < hi)
            .or(subject)
    } else {
        subject
    };
    Some((source, target))
}

/// The subject of the speech word (or complementizer) at token `speech`, before token `end`:
/// Arabic VSO `وقال روبيو إن`, else the nearest free actor before it (`Rubio said`).
fn speaker<'a>(s: &Analysed, groups: &'a [Group], speech: usize, end: usize) -> Option<&'a Group> {
    let free = |g: &&Group| g.prep.is_none();
    let before = || groups.iter().rev().filter(|g| g.last < speech).find(free);
    if s.profile.speaker_after_verb {
        groups
            .iter()
            .filter(|g| g.first > speech && g.first <= speech + 4 && g.last < end)
            .find(free)
            .or_else(before)
    } else {
        before()
    }
}

/// Verb-final (Persian) roles. A verb: the doer opens the clause (the first free group before
/// the verb that `را` does not follow); the recipient is the group before the verb that `را`
/// follows, else the nearest one marked by the trigger's preposition, else another free group.
/// A passive (`کشته شد`): the free group before it is the one acted on, the doer follows an
/// agentive word (`توسط`, `از سوی`). A verbal noun: the genitive right after it is the doer
/// (`حمله آمریکا به ایران`), else the clause's doer before it; its recipient follows, marked.
fn persian_roles<'a>(
    s: &Analysed,
    groups: &'a [Group],
    t: &Trigger,
    lo: usize,
    hi: usize,
    passive: bool,
) -> (Option<&'a Group>, Option<&'a Group>) {
    let (before, after) = around(groups, t, lo, hi);
    let marks_target = |g: &Group| g.prep.as_deref().is_some_and(|p| takes(t, p));
    let object = |g: &Group| g.last + 1 < s.len() && s.is(g.last + 1, ModifierKind::Object);
    let agentive = |g: &Group| {
        g.first
            .checked_sub(1)
            .is_some_and(|i| s.covered_by(i, ModifierKind::Agentive))
    };
    if passive {
        let source = before
            .iter()
            .chain(after.iter())
            .copied()
            .find(|g| agentive(g));
        let target = before
            .iter()
            .copied()
            .find(|g| g.prep.is_none() && !agentive(g));
        return (source, target);
    }
    if !t.verb {
        let source = after
            .iter()
            .copied()
            .find(|g| g.prep.is_none() && g.first <= t.last + 2)
            .or_else(|| {
                before
                    .iter()
                    .copied()
                    .find(|g| g.prep.is_none() && !object(g))
            });
        let target = after
            .iter()
            .copied()
            .find(|g| marks_target(g) && source.is_none_or(|s| s.first != g.first))
            .or_else(|| {
                before
                    .iter()
                    .rev()
                    .copied()
                    .find(|g| object(g) && source.is_none_or(|s| s.first != g.first))
            });
        return (source, target);
    }
    let source = before
        .iter()
        .copied()
        .find(|g| g.prep.is_none() && !object(g));
    let rest: Vec<&'a Group> = before
        .iter()
        .rev()
        .copied()
        .filter(|g| source.is_none_or(|s| s.first != g.first))
        .collect();
    let target = rest
        .iter()
        .copied()
        .find(|g| object(g))
        .or_else(|| rest.iter().copied().find(|g| marks_target(g)))
        .or_else(|| rest.iter().copied().find(|g| g.prep.is_none()));
    (source, target)
}

fn english_roles<'a>(
    s: &Analysed,
    groups: &'a [Group],
    t: &Trigger,
    lo: usize,
    hi: usize,
    passive: bool,
) -> (Option<&'a Group>, Option<&'a Group>) {
    let (before, after) = around(groups, t, lo, hi);
    let marks_target = |g: &Group| g.prep.as_deref().is_some_and(|p| takes(t, p));
    if passive {
        let by = after.iter().copied().find(|g| agent_marked(s, g.first));
        let target = before.iter().rev().copied().find(|g| g.prep.is_none());
        return (by, target);
    }
    if !t.verb {
        // `U.S. sanctions on Iran`: an actor right before the noun, else the clause subject.
        let source = before
            .iter()
            .rev()
            .copied()
            .find(|g| g.prep.is_none() && g.last + 2 >= t.first)
            .or_else(|| after.iter().copied().find(|g| agent_marked(s, g.first)))
            // The clause subject, unless a speech verb stands between (`Rubio said the talks
            // must…`: Rubio speaks; he does not hold the talks); a speech verb that is also a
            // light verb (`declared a ceasefire`) makes the noun its own act.
            .or_else(|| {
                before.iter().copied().find(|g| {
                    g.prep.is_none()
                        && !(g.last + 1..t.first).any(|i| {
                            s.is(i, ModifierKind::Speech) && !s.is(i, ModifierKind::Support)
                        })
                })
            });
        let target = after.iter().copied().find(|g| marks_target(g));
        return (source, target);
    }
    let source = before.iter().rev().copied().find(|g| g.prep.is_none());
    let target = after
        .iter()
        .copied()
        .find(|g| marks_target(g) || g.prep.is_none());
    (source, target)
}

/// The groups of the clause `[lo, hi)` before the trigger and after it, in order.
fn around<'a>(
    groups: &'a [Group],
    t: &Trigger,
    lo: usize,
    hi: usize,
) -> (Vec<&'a Group>, Vec<&'a Group>) {
    let before = groups
        .iter()
        .filter(|g| g.last < t.first && g.first >= lo)
        .collect();
    let after = groups
        .iter()
        .filter(|g| g.first > t.last && g.first < hi)
        .collect();
    (before, after)
}

/// True when the trigger marks its recipient with preposition `p`. A trigger that lists none
/// has the lexicon's `recipient` prepositions (set by the adapter).
fn takes(t: &Trigger, p: &str) -> bool {
    t.preps.iter().any(|q| q == p)
}

fn english_passive(s: &Analysed, first: usize, lo: usize) -> bool {
    (first.saturating_sub(3).max(lo)..first).any(|i| s.is(i, ModifierKind::PassiveAux))
}

/// True when an agentive word (`by`, `من قبل`) stands right before token `first`, or before the
/// article in front of it (`by the navy`).
fn agent_marked(s: &Analysed, first: usize) -> bool {
    let Some(mut i) = first.checked_sub(1) else {
        return false;
    };
    if s.is(i, ModifierKind::Determiner) {
        let Some(j) = i.checked_sub(1) else {
            return false;
        };
        i = j;
    }
    s.covered_by(i, ModifierKind::Agentive)
}
