//! Language profiles: what the coder's rules need to know about a language's grammar, as one row
//! of named facts per language, registered in [`for_lang`].
//!
//! The rules in `compose.rs` and `roles.rs` ask a profile (`s.profile.verb_first`) instead of
//! asking whether a sentence is Arabic, so a third language is a new row here plus its lexicon
//! files, not new branches in the rules. Persian, for instance, shares the Arabic script and its
//! clitic-free prepositions but is verb-final: its subject stands before the verb.

use marsad_text::lang::Lang;

/// The grammar facts the rules read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: &'static str,
    /// Clauses usually open with their verb (VSO): a subject may follow it (`رفضت إيران`).
    pub verb_first: bool,
    /// Clauses end with their verb (SOV): the doer opens the clause, the recipient stands
    /// between it and the verb, marked by a postposition (`را`) or a preposition (`با`, `به`).
    pub verb_final: bool,
    /// The passive is not written (no vowels): an agentive phrase after the verb (`برصاص`,
    /// `على يد`, `من قبل`) marks it.
    pub unmarked_passive: bool,
    /// The passive has an auxiliary before the participle (`was seized`).
    pub auxiliary_passive: bool,
    /// A verb form right after an article, a genitive or a preposition is the noun spelled the
    /// same (`the aid`, `rejected the calls`).
    pub verb_noun_homographs: bool,
    /// A verbal noun governed by a preposition refers to an event rather than reports it, unless
    /// a light verb governs the preposition (`التحقيق في اغتيال` against `قام باغتيال`).
    pub prepositional_reference: bool,
    /// An infinitive or a participle after a comma elaborates an earlier verb (`gathered to
    /// demand`, `attacked the camp, killing …`).
    pub subordinate_verbs: bool,
    /// A verb without its own subject carries the previous doer only when a conjunction joins it
    /// (`وأصرت … ورفضت`); otherwise any such verb does (`said … and accused`).
    pub carry_subject_needs_conjunction: bool,
    /// A negation between the subject and the verb negates it (`Iran did not reject`).
    pub negation_after_subject: bool,
    /// The party an obligation binds follows the modal (`يجب على إيران أن`).
    pub obliged_after_modal: bool,
    /// The speaker of a speech verb may follow it (`وقال روبيو إن`).
    pub speaker_after_verb: bool,
    /// Adjectives follow their noun (`القوات الأمريكية`) rather than precede it (`U.S. forces`).
    pub adjective_after_noun: bool,
    /// How many tokens may separate the parts of one actor mention.
    pub mention_reach: usize,
}

pub const ARABIC: Profile = Profile {
    name: "ar",
    verb_first: true,
    verb_final: false,
    unmarked_passive: true,
    auxiliary_passive: false,
    verb_noun_homographs: false,
    prepositional_reference: true,
    subordinate_verbs: false,
    carry_subject_needs_conjunction: true,
    negation_after_subject: false,
    obliged_after_modal: true,
    speaker_after_verb: true,
    adjective_after_noun: true,
    mention_reach: 3,
};

pub const ENGLISH: Profile = Profile {
    name: "en",
    verb_first: false,
    verb_final: false,
    unmarked_passive: false,
    auxiliary_passive: true,
    verb_noun_homographs: true,
    prepositional_reference: false,
    subordinate_verbs: true,
    carry_subject_needs_conjunction: false,
    negation_after_subject: true,
    obliged_after_modal: false,
    speaker_after_verb: false,
    adjective_after_noun: false,
    mention_reach: 1,
};

/// Persian: Arabic script and nisba-like adjectives after their noun (`نیروهای آمریکایی`), but
/// verb-final (`ایران آمریکا را تحریم کرد`), with the passive written by its auxiliary inside the
/// verb form (`کشته شد`, marked by the lexicon), prepositions as separate words, the speaker
/// before the speech verb (`عراقچی گفت`) and the obliged party before the modal (`ایران باید`).
pub const PERSIAN: Profile = Profile {
    name: "fa",
    verb_first: false,
    verb_final: true,
    unmarked_passive: false,
    auxiliary_passive: false,
    verb_noun_homographs: false,
    prepositional_reference: true,
    subordinate_verbs: false,
    carry_subject_needs_conjunction: false,
    negation_after_subject: true,
    obliged_after_modal: false,
    speaker_after_verb: false,
    adjective_after_noun: true,
    mention_reach: 3,
};

impl Default for &'static Profile {
    /// Arabic, the language the coder was first written for.
    fn default() -> Self {
        &ARABIC
    }
}

/// The profile of a language: the one place languages are registered. A language the coder does
/// not know is read with the Arabic profile, as before profiles existed.
pub fn for_lang(lang: Lang) -> &'static Profile {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Fa => &PERSIAN,
        _ => &ARABIC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_profile() {
        assert_eq!(for_lang(Lang::Ar).name, "ar");
        assert_eq!(for_lang(Lang::En).name, "en");
        assert_eq!(for_lang(Lang::Fa).name, "fa");
        assert!(for_lang(Lang::Ar).verb_first && !for_lang(Lang::En).verb_first);
        assert!(for_lang(Lang::Fa).verb_final && !for_lang(Lang::Fa).verb_first);
    }
}
