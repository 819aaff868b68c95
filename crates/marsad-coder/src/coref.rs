//! Resolves mentions that name no country by themselves to one named earlier in the document,
//! but only when the antecedent is clear (issue 4, item 2):
//!
//! - a pronoun (`he`, `she`) takes the person last named, when the sentence it comes from (the
//!   current one up to the pronoun, else the one before) names exactly one person;
//! - a generic agent without a country (`the minister`, `الوزير`, `the navy`) takes the country of
//!   the earlier actors of the same sector, when they all share one country.
//!
//! Anything less clear keeps a null code: a wrong country is worse than none.

use std::collections::HashMap;

use crate::compose::Actor;

/// Fills the codes of pronouns and country-less agents, sentence by sentence, in place.
pub fn resolve<'a>(sentences: impl Iterator<Item = &'a mut Vec<Actor>>) {
    // Country codes seen so far per sector; `None` once two countries disagree.
    let mut by_sector: HashMap<String, Option<String>> = HashMap::new();
    let mut previous_people: Vec<Actor> = Vec::new();
    for actors in sentences {
        let mut people: Vec<Actor> = Vec::new();
        for a in actors.iter_mut() {
            if a.pronoun {
                let pool = if people.is_empty() {
                    &previous_people
                } else {
                    &people
                };
                if let [person] = pool.as_slice() {
                    a.code = person.code.clone();
                    a.sector = person.sector.clone();
                    a.name = person.name.clone();
                    a.wikidata = person.wikidata.clone();
                }
            } else if a.code.is_none() && a.name.is_none() && !a.reciprocal {
                if let Some(Some(code)) = a.sector.as_ref().and_then(|s| by_sector.get(s)) {
                    a.code = Some(code.clone());
                }
            }
            if a.name.is_some()
                && a.code.is_some()
                && !a.pronoun
                && !people.iter().any(|p| p.name == a.name)
            {
                people.push(a.clone());
            }
        }
        // Agents resolve against earlier sentences only: inside one sentence a second, generic
        // mention (`القوات الأمريكية … القوات`) is usually another group.
        for a in actors.iter() {
            if let (Some(sector), Some(code)) = (&a.sector, &a.code) {
                by_sector
                    .entry(sector.clone())
                    .and_modify(|seen| {
                        if seen.as_ref() != Some(code) {
                            *seen = None;
                        }
                    })
                    .or_insert_with(|| Some(code.clone()));
            }
        }
        if !people.is_empty() {
            previous_people = people;
        }
    }
}
