//! What happened between two parties around one event (issue 14, item 4): a timeline centred on a
//! chosen event, reaching the same number of hours before and after it, with every event of the
//! dyad in either direction (and those the two do together) and its sentence.
//!
//! Event times are dates, so hours are read as whole days: `hours` reaches `ceil(hours / 24)`
//! days on each side of the centre's date (72 hours: three days before, three after). Events of
//! the same day cannot be ordered by the text alone; they are listed by id under their day, and
//! [`Around::same_day`] counts them so a reader does not take the list order for a sequence.
//! Negated events did not happen: they are counted, not listed.
//!
//! [`around`] is a pure function over stored events; [`crate::store::around`] reads them.

use chrono::{Days, NaiveDate};
use marsad_store::model::StoredEvent;
use serde::{Deserialize, Serialize};

use crate::assess::{evidence_event, EvidenceEvent};
use crate::error::{Error, ErrorKind};

/// The default reach on each side of the centre.
pub const DEFAULT_HOURS: u32 = 72;
/// The longest reach a caller may ask for (30 days on each side).
pub const MAX_HOURS: u32 = 720;

/// The timeline around one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Around {
    /// The chosen event's id.
    pub centre: String,
    pub date: NaiveDate,
    /// The two parties: the dyad asked for, else the centre's first actor and recipient codes.
    pub dyad: [String; 2],
    /// Hours asked for on each side, and the days they cover.
    pub hours: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The events, by date then id, the centre among them.
    pub entries: Vec<AroundEntry>,
    /// Entries that share their day with another entry: their order within the day is unknown.
    pub same_day: usize,
    /// Negated events of the dyad in the range, left out.
    pub negated: usize,
}

/// One event of the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AroundEntry {
    /// Days from the centre's date (negative before).
    pub offset_days: i64,
    /// `IRN→USA`, `USA→IRN`, or `IRN+USA` when both are among the actors.
    pub direction: String,
    /// True for the chosen event.
    pub centre: bool,
    #[serde(flatten)]
    pub event: EvidenceEvent,
}

/// The days `hours` reach on each side of a date.
pub fn reach_days(hours: u32) -> u64 {
    u64::from(hours.div_ceil(24))
}

/// The timeline of `dyad` around `centre` over `events` (any order; events outside the range or
/// not between the two parties are ignored, so a caller may pass more than it needs).
pub fn around(
    centre: &StoredEvent,
    dyad: [&str; 2],
    hours: u32,
    events: &[StoredEvent],
) -> Result<Around, Error> {
    let Some(date) = centre.date else {
        return Err(Error::new(
            &centre.id,
            ErrorKind::Invalid(format!(
                "event {} has no date: there is no timeline around it",
                centre.id
            )),
        ));
    };
    if hours == 0 || hours > MAX_HOURS {
        return Err(Error::new(
            "hours",
            ErrorKind::Invalid(format!("hours must be 1..={MAX_HOURS}, got {hours}")),
        ));
    }
    let days = Days::new(reach_days(hours));
    let from = date.checked_sub_days(days).unwrap_or(date);
    let to = date.checked_add_days(days).unwrap_or(date);
    let [a, b] = dyad;
    let mut negated = 0;
    let mut entries: Vec<AroundEntry> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for e in events.iter().chain(std::iter::once(centre)) {
        let Some(d) = e.date.filter(|d| (from..=to).contains(d)) else {
            continue;
        };
        let Some(direction) = direction(e, a, b) else {
            continue;
        };
        if !seen.insert(e.id.as_str()) {
            continue;
        }
        if e.negated && e.id != centre.id {
            negated += 1;
            continue;
        }
        entries.push(AroundEntry {
            offset_days: (d - date).num_days(),
            direction,
            centre: e.id == centre.id,
            event: evidence_event(e, d),
        });
    }
    entries.sort_by(|x, y| {
        x.event
            .date
            .cmp(&y.event.date)
            .then_with(|| x.event.id.cmp(&y.event.id))
    });
    let same_day = entries
        .iter()
        .filter(|x| {
            entries
                .iter()
                .filter(|y| y.event.date == x.event.date)
                .count()
                > 1
        })
        .count();
    Ok(Around {
        centre: centre.id.clone(),
        date,
        dyad: [a.to_owned(), b.to_owned()],
        hours,
        from,
        to,
        entries,
        same_day,
        negated,
    })
}

/// The dyad an event stands for by default: its first actor code and its first recipient code
/// (or its second actor code, when the two act together); `None` when it names fewer than two.
pub fn default_dyad(e: &StoredEvent) -> Option<[String; 2]> {
    let a = e.actor_codes.first()?;
    let b = e
        .recipient_codes
        .iter()
        .chain(e.actor_codes.iter().skip(1))
        .find(|c| *c != a)?;
    Some([a.clone(), b.clone()])
}

/// How `e` stands between `a` and `b`, if it does.
fn direction(e: &StoredEvent, a: &str, b: &str) -> Option<String> {
    let actor = |c: &str| e.actor_codes.iter().any(|x| x == c);
    let recipient = |c: &str| e.recipient_codes.iter().any(|x| x == c);
    if actor(a) && actor(b) {
        Some(format!("{a}+{b}"))
    } else if actor(a) && recipient(b) {
        Some(format!("{a}→{b}"))
    } else if actor(b) && recipient(a) {
        Some(format!("{b}→{a}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::ev;

    fn corpus() -> Vec<StoredEvent> {
        vec![
            ev("c", "2026-02-06", "CONSULT", "IRN GOV", "USA GOV"),
            ev("b3", "2026-02-03", "ASSAULT", "USA MIL", "IRN"),
            ev("b4", "2026-02-02", "ASSAULT", "USA MIL", "IRN"),
            ev("s1", "2026-02-06", "SANCTION", "USA GOV", "IRN"),
            ev("j1", "2026-02-07", "AGREE", "IRN+USA", ""),
            ev("o1", "2026-02-07", "CONSULT", "OMN GOV", "IRN"),
            ev("a9", "2026-02-09", "THREATEN", "IRN GOV", "USA"),
            ev("a10", "2026-02-10", "THREATEN", "IRN GOV", "USA"),
            ev("n1", "2026-02-08", "ASSAULT", "USA MIL", "IRN").negated_for_test(),
        ]
    }

    trait Negated {
        fn negated_for_test(self) -> Self;
    }
    impl Negated for StoredEvent {
        fn negated_for_test(mut self) -> Self {
            self.negated = true;
            self
        }
    }

    /// Checks the timeline around `c` as `offset direction id` lines.
    fn check(hours: u32, expected: &[&str]) -> Around {
        let events = corpus();
        let got = around(&events[0], ["IRN", "USA"], hours, &events).unwrap();
        let lines: Vec<String> = got
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{:+} {} {}{}",
                    e.offset_days,
                    e.direction,
                    e.event.id,
                    if e.centre { " *" } else { "" }
                )
            })
            .collect();
        assert_eq!(lines, expected);
        got
    }

    #[test]
    fn seventy_two_hours_reach_three_days_each_way_in_both_directions() {
        let a = check(
            72,
            &[
                "-3 USA→IRN b3",
                "+0 IRN→USA c *",
                "+0 USA→IRN s1",
                "+1 IRN+USA j1",
                "+3 IRN→USA a9",
            ],
        );
        assert_eq!(
            (a.from.to_string(), a.to.to_string()),
            ("2026-02-03".into(), "2026-02-09".into())
        );
        // The sanctions of the same day: not ordered against the meeting.
        assert_eq!(a.same_day, 2);
        assert_eq!(a.negated, 1, "the negated attack is counted, not listed");
    }

    #[test]
    fn a_day_reaches_the_next_and_previous_day() {
        check(24, &["+0 IRN→USA c *", "+0 USA→IRN s1", "+1 IRN+USA j1"]);
        // 25 hours need a second day on each side.
        let a = check(25, &["+0 IRN→USA c *", "+0 USA→IRN s1", "+1 IRN+USA j1"]);
        assert_eq!(a.from.to_string(), "2026-02-04");
    }

    #[test]
    fn an_undated_centre_or_a_bad_reach_is_an_error() {
        let mut e = corpus().remove(0);
        assert!(around(&e, ["IRN", "USA"], 0, &[]).is_err());
        assert!(around(&e, ["IRN", "USA"], MAX_HOURS + 1, &[]).is_err());
        e.date = None;
        let err = around(&e, ["IRN", "USA"], 72, &[]).unwrap_err();
        assert!(err.to_string().contains("has no date"), "{err}");
    }

    #[test]
    fn the_default_dyad_is_the_first_actor_and_recipient() {
        let events = corpus();
        assert_eq!(default_dyad(&events[0]), Some(["IRN".into(), "USA".into()]));
        assert_eq!(default_dyad(&events[4]), Some(["IRN".into(), "USA".into()]));
        let mut lone = events[0].clone();
        lone.recipient_codes.clear();
        assert_eq!(default_dyad(&lone), None);
    }
}
