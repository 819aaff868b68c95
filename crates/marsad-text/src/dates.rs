//! Date expressions in Arabic and English news, with their span and precision, resolved against
//! an optional publication date.
//!
//! [`find_dates`] scans the text once, left to right, and returns non-overlapping [`DateExpr`]s.
//! It reads:
//! - absolute dates: `6 February 2026`, `February 6, 2026`, `Feb. 6`, `6 شباط/فبراير 2026`,
//!   `٦ فبراير`, `حزيران/يونيو 2025`, `June 2025`, `2026-02-06`, `06/02/2026`, `6-8 February`,
//!   a month after a cue word (`in June`, `في حزيران`, `شهر أيار`) and a year after one
//!   (`in 2025`, `عام 2025`);
//! - relative and weekday expressions: `yesterday`, `today`, `tomorrow`, `Sunday`, `last Sunday`,
//!   `last week`, `next month`, `last year`, `two days ago`, `أمس`, `اليوم`, `غدا`, `يوم الأحد`,
//!   `الأحد المقبل`, `قبل أيام`, `قبل يومين`, `قبل ثلاثة أيام`, `بعد ساعات`, `الأسبوع الماضي`,
//!   `الشهر الماضي`, `العام الماضي`, `السنة المقبلة`, `الأسابيع المقبلة`, `خلال أيام`,
//!   `within days`, `in recent days`.
//!
//! A weekday followed by a date (`الجمعة 6 شباط`, `Friday, 6 February`) is one expression, resolved
//! by the date.
//!
//! Both Levantine (`شباط`, `تشرين الأول`) and Egyptian/Gulf (`فبراير`, `أكتوبر`) month names are
//! known, with hamza, alef maqsura and taa marbuta variants, Maghrebi forms (`غشت`, `دجنبر`), the
//! paired styles `شباط/فبراير` and `فبراير (شباط)`, Arabic-Indic and Persian digits, and the
//! Arabic proclitics و ف ب ل ك and the article (`وأمس`, `بالأمس`).
//!
//! Decisions, with their reasons:
//! - Spans leave out prepositions (`in`, `on`, `في`) but keep the nouns that are part of the
//!   expression (`يوم الأحد`, `عام 2025`, `شهر أيار`), so the surface reads as a date.
//! - `06/02/2026` is read day first, as in Arabic and British usage; when the first number cannot be
//!   a month but the second cannot be a day (`02/26/2026`), it is read month first.
//! - A date without a year takes the publication year, or the year before when that would put it
//!   more than 60 days after publication (a January article speaking of `28 December`).
//!   Without a publication date such a date is returned with `start`/`end` set to `None`.
//! - A bare weekday (`Sunday`, `يوم الأحد`, `الأحد`) is the most recent such day on or before the
//!   publication date, because news mostly reports the past; `next`/`المقبل`/`القادم` pick the
//!   first one after it and `last`/`الماضي` the most recent one strictly before it.
//!   Future readings of bare weekdays (`will meet on Tuesday`) are left to the coder, which knows
//!   the tense: `bare_weekday` marks them.
//! - Weeks run Monday to Sunday (ISO): `last week` is the whole previous ISO week, a `Range`.
//!   `last month` and `last year` are calendar units with `Month` and `Year` precision.
//! - Vague spans get fixed widths: `قبل أيام` / `a few days ago` is pub−7 ..= pub−1 and
//!   `خلال أيام` / `within days` pub+1 ..= pub+7; `بعد ساعات` is pub ..= pub+1 and `قبل ساعات`
//!   pub−1 ..= pub; `الأسابيع المقبلة` is four weeks, `الأشهر الأخيرة` ninety days.
//! - `relative` is true when the expression means something only relative to the publication date
//!   (weekdays included). A month and day without a year are not `relative`, although they too
//!   need the publication date to be resolved.
//! - Invalid dates (`31 February`, `2026-13-01`) are skipped, never an error; nothing panics.
//! - Spelled-out Arabic ordinals are read before `من` and a month (`السادس من شباط`).
//! - Hijri dates (Saudi and Gulf press) are read in the Umm al-Qura calendar through ICU4X's
//!   `icu_calendar` and resolved to Gregorian days: `15 رمضان 1436`, `رمضان 1436هـ`, `1436 هـ`,
//!   `عام 1436هـ`, `1436/9/15هـ`, `15 رمضان`, `شهر رمضان`. A Hijri month or year is a `Range`
//!   of Gregorian days (it is no Gregorian calendar unit). The year is Hijri when a marker follows
//!   it (`هـ`, `هجري`, `للهجرة`); a numeric date whose year is 1300–1600 is Hijri even without
//!   one (no Gregorian date of those years is written `1436/9/15` in the news); `عام 1436`
//!   without a marker is Hijri only within 50 years of the publication's Hijri year, and is left
//!   alone without a publication date. The month names are the table [`hijri_month_name`] reads.
//! - A bare number is not a year unless the calendar says so: a cued year (`في 2050`) more than
//!   50 years after or 150 years before the publication year is left alone, and numeric dates
//!   need a year of 1800–2200 or a Hijri one.
//! - A year that opens a line or a sentence and is followed by a dash or a colon is the date of
//!   an item of a history list (`1954 - اتفاق …`, `2003: invasion`), read without a cue.
//! - Not read (yet): times of day, English spelled-out ordinals (`the sixth of May`),
//!   ranges across months (`30 January – 2 February`).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use crate::Span;

/// How much of the calendar a date expression pins down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    /// A span of days that is not one calendar month or year (`last week`, `قبل أيام`, `6-8 May`).
    Range,
}

/// One date expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateExpr {
    /// Code points into the text the expression was found in.
    pub span: Span,
    /// The surface, `text[span]`.
    pub text: String,
    pub precision: Precision,
    /// First day meant, inclusive; `None` when it cannot be resolved (a relative expression or a
    /// date without a year, and no publication date).
    pub start: Option<NaiveDate>,
    /// Last day meant, inclusive; `None` exactly when `start` is.
    pub end: Option<NaiveDate>,
    /// True when the expression is relative to the publication date (`yesterday`, `يوم الأحد`).
    pub relative: bool,
    /// True for a bare weekday (`Tuesday`, `يوم الثلاثاء`), read as the most recent such day; a
    /// reader who knows the event is future takes the next one, seven days later.
    pub bare_weekday: bool,
}

/// Finds the date expressions of `text`, resolving them against `publication` when given.
///
/// ```
/// use chrono::NaiveDate;
/// use marsad_text::dates::{find_dates, Precision};
/// let pub_date = NaiveDate::from_ymd_opt(2026, 2, 8);
/// let found = find_dates("التقى الوفدان يوم 6 شباط/فبراير في مسقط", pub_date);
/// assert_eq!(found[0].text, "يوم 6 شباط/فبراير");
/// assert_eq!(found[0].precision, Precision::Day);
/// assert_eq!(found[0].start, NaiveDate::from_ymd_opt(2026, 2, 6));
/// ```
pub fn find_dates(text: &str, publication: Option<NaiveDate>) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    // No expression spans a line break, so the text is read a line at a time: the token buffer
    // stays the size of one paragraph however large the document.
    let (mut byte0, mut cp0) = (0usize, 0usize);
    for line in text.split_inclusive('\n') {
        lex_into(line, cp0, byte0, &mut toks);
        find_in_line(text, &toks, publication, &mut out);
        byte0 += line.len();
        cp0 += line.chars().count();
    }
    out
}

/// Matches the tokens of one line, appending what it finds to `out`.
fn find_in_line(text: &str, toks: &[Tok], publication: Option<NaiveDate>, out: &mut Vec<DateExpr>) {
    let mut i = 0;
    while i < toks.len() {
        let Some((next, when)) = match_at(toks, i) else {
            i += 1;
            continue;
        };
        let bare_weekday = matches!(when, When::Weekday(_, Dir::OnOrBefore));
        if let Some((precision, range, relative)) = resolve(when, publication) {
            let (first, last) = (&toks[i], &toks[next - 1]);
            out.push(DateExpr {
                span: Span::new(first.start, last.end),
                text: text[first.b0..last.b1].to_string(),
                precision,
                start: range.map(|r| r.0),
                end: range.map(|r| r.1),
                relative,
                bare_weekday,
            });
        }
        // An invalid date (`31 February`) is skipped whole, so that no part of it
        // (`February`) is read on its own.
        i = next;
    }
}

// ---------------------------------------------------------------------------------------------
// What an expression means before resolution.

#[derive(Clone, Copy, Debug)]
enum When {
    Day(i32, u32, u32),
    DayRange(i32, u32, u32, u32),
    Month(i32, u32),
    Year(i32),
    /// Month and day without a year.
    MonthDay(u32, u32),
    /// Month, first day, last day, without a year.
    MonthDayRange(u32, u32, u32),
    /// A month without a year.
    MonthOnly(u32),
    /// Publication date plus this many days.
    Days(i64),
    /// Publication date plus the first ..= the second number of days.
    DayOffsets(i64, i64),
    Weekday(Weekday, Dir),
    /// The ISO week this many weeks from the publication week.
    Week(i64),
    /// The calendar month this many months from the publication month.
    MonthRel(i32),
    /// The calendar year this many years from the publication year.
    YearRel(i32),
    /// A year read after a cue word only (`in 2025`): not a year when far from publication.
    CuedYear(i32),
    /// Hijri year, month, day (Umm al-Qura).
    HijriDay(i32, u32, u32),
    /// Hijri year, month, first day, last day.
    HijriDayRange(i32, u32, u32, u32),
    HijriMonth(i32, u32),
    HijriYear(i32),
    /// A Hijri year without a marker (`عام 1436`): Hijri only near the publication's Hijri year.
    HijriYearNear(i32),
    /// Hijri month and day without a year.
    HijriMonthDay(u32, u32),
    /// A Hijri month without a year.
    HijriMonthOnly(u32),
}

#[derive(Clone, Copy, Debug)]
enum Dir {
    OnOrBefore,
    Before,
    After,
}

type Resolved = (Precision, Option<(NaiveDate, NaiveDate)>, bool);

/// Turns a meaning into dates; `None` when the date does not exist (31 February).
fn resolve(when: When, publication: Option<NaiveDate>) -> Option<Resolved> {
    use Precision::*;
    let pub_ = publication;
    let day = |d: NaiveDate| Some((d, d));
    Some(match when {
        When::Day(y, m, d) => (Day, day(ymd(y, m, d)?), false),
        When::DayRange(y, m, d1, d2) => (Range, Some((ymd(y, m, d1)?, ymd(y, m, d2)?)), false),
        When::Month(y, m) => (Month, Some(month_bounds(y, m)?), false),
        When::Year(y) => (Year, Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)), false),
        When::MonthDay(m, d) => {
            ymd(2000, m, d)?; // a leap year: only days that never exist are rejected
            let range = pub_.and_then(|p| {
                let y = year_for(p, m, d);
                ymd(y, m, d).map(|x| (x, x))
            });
            (Day, range, false)
        }
        When::MonthDayRange(m, d1, d2) => {
            ymd(2000, m, d2)?;
            let range = pub_.and_then(|p| {
                let y = year_for(p, m, d1);
                Some((ymd(y, m, d1)?, ymd(y, m, d2)?))
            });
            (Range, range, false)
        }
        When::MonthOnly(m) => {
            let range = pub_.and_then(|p| month_bounds(year_for(p, m, 1), m));
            (Month, range, false)
        }
        When::Days(n) => (Day, pub_.and_then(|p| shift(p, n)).map(|d| (d, d)), true),
        When::DayOffsets(a, b) => (
            Range,
            pub_.and_then(|p| Some((shift(p, a)?, shift(p, b)?))),
            true,
        ),
        When::Weekday(w, dir) => {
            let range = pub_.and_then(|p| {
                let today = i64::from(p.weekday().num_days_from_monday());
                let target = i64::from(w.num_days_from_monday());
                let back = (today - target).rem_euclid(7);
                let n = match dir {
                    Dir::OnOrBefore => -back,
                    Dir::Before if back == 0 => -7,
                    Dir::Before => -back,
                    Dir::After => match (target - today).rem_euclid(7) {
                        0 => 7,
                        k => k,
                    },
                };
                shift(p, n).map(|d| (d, d))
            });
            (Day, range, true)
        }
        When::Week(k) => {
            let range = pub_.and_then(|p| {
                let monday = shift(p, -i64::from(p.weekday().num_days_from_monday()))?;
                let first = shift(monday, 7 * k)?;
                Some((first, shift(first, 6)?))
            });
            (Range, range, true)
        }
        When::MonthRel(k) => {
            let range = pub_.and_then(|p| {
                let index = p.year() * 12 + p.month0() as i32 + k;
                month_bounds(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
            });
            (Month, range, true)
        }
        When::YearRel(k) => {
            let range = pub_.and_then(|p| {
                let y = p.year().checked_add(k)?;
                Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?))
            });
            (Year, range, true)
        }
        When::CuedYear(y) => {
            if let Some(p) = pub_ {
                if y > p.year().saturating_add(50) || y < p.year().saturating_sub(150) {
                    return None;
                }
            }
            (Year, Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)), false)
        }
        When::HijriDay(y, m, d) => (Day, day(hijri_date(y, m, d)?), false),
        When::HijriDayRange(y, m, d1, d2) => (
            Range,
            Some((hijri_date(y, m, d1)?, hijri_date(y, m, d2)?)),
            false,
        ),
        When::HijriMonth(y, m) => (Range, Some(hijri_month_bounds(y, m)?), false),
        When::HijriYear(y) => (Range, Some(hijri_year_bounds(y)?), false),
        When::HijriYearNear(y) => {
            let near = hijri_year_of(pub_?)?;
            if y.abs_diff(near) > 50 {
                return None;
            }
            (Range, Some(hijri_year_bounds(y)?), false)
        }
        When::HijriMonthDay(m, d) => {
            hijri_date(1436, m, 1)?;
            if !(1..=30).contains(&d) {
                return None;
            }
            let range = pub_.and_then(|p| {
                let x = hijri_recent(p, |y| hijri_date(y, m, d))?;
                Some((x, x))
            });
            (Day, range, false)
        }
        When::HijriMonthOnly(m) => {
            hijri_date(1436, m, 1)?;
            let range = pub_.and_then(|p| {
                let first = hijri_recent(p, |y| hijri_date(y, m, 1))?;
                hijri_month_bounds(hijri_year_of(first)?, m)
            });
            (Range, range, false)
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The Hijri calendar (Umm al-Qura), through ICU4X.

/// Hijri years read as such: 1300–1600 AH (1882–2174 CE), around the years the Umm al-Qura
/// tables cover; a number outside them is never read as a Hijri year.
const HIJRI_YEARS: std::ops::RangeInclusive<u32> = 1300..=1600;

/// A Hijri date in the Umm al-Qura calendar; `None` when it does not exist (30 of a 29-day
/// month) or its year is far outside the calendar's tables.
fn umm_al_qura(
    y: i32,
    m: u32,
    d: u32,
) -> Option<icu_calendar::Date<icu_calendar::cal::Hijri<icu_calendar::cal::hijri::UmmAlQura>>> {
    if !(1..=3000).contains(&y) {
        return None;
    }
    let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
    let calendar = icu_calendar::cal::Hijri::new_umm_al_qura();
    icu_calendar::Date::try_new_hijri_with_calendar(y, m, d, calendar).ok()
}

/// The Gregorian day of a Hijri (Umm al-Qura) date.
fn hijri_date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    let iso = umm_al_qura(y, m, d)?.to_calendar(icu_calendar::Iso);
    ymd(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

fn hijri_month_bounds(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let days = umm_al_qura(y, m, 1)?.days_in_month();
    Some((hijri_date(y, m, 1)?, hijri_date(y, m, u32::from(days))?))
}

fn hijri_year_bounds(y: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((hijri_date(y, 1, 1)?, hijri_month_bounds(y, 12)?.1))
}

/// The Hijri year a Gregorian day falls in.
fn hijri_year_of(date: NaiveDate) -> Option<i32> {
    if !(1..=4000).contains(&date.year()) {
        return None;
    }
    let (m, d) = (
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    );
    let iso = icu_calendar::Date::try_new_iso(date.year(), m, d).ok()?;
    Some(
        iso.to_calendar(icu_calendar::cal::Hijri::new_umm_al_qura())
            .year()
            .extended_year(),
    )
}

/// A Hijri date written without its year, like [`year_for`]: in the publication's Hijri year,
/// or the one before when that would put it more than 60 days after publication.
fn hijri_recent(
    publication: NaiveDate,
    date_in: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    let y = hijri_year_of(publication)?;
    let this = date_in(y)?;
    if this > shift(publication, 60)? {
        date_in(y - 1)
    } else {
        Some(this)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn shift(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn month_bounds(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = ymd(y, m, 1)?;
    let next = if m == 12 {
        ymd(y.checked_add(1)?, 1, 1)
    } else {
        ymd(y, m + 1, 1)
    };
    let last = match next {
        Some(n) => n.pred_opt()?,
        None => ymd(y, 12, 31)?,
    };
    Some((first, last))
}

/// The year of a month and day written without one: the publication year, or the year before
/// when that would put the date more than 60 days after publication.
fn year_for(publication: NaiveDate, m: u32, d: u32) -> i32 {
    let y = publication.year();
    match (ymd(y, m, d), shift(publication, 60)) {
        (Some(date), Some(limit)) if date > limit => y - 1,
        _ => y,
    }
}

// ---------------------------------------------------------------------------------------------
// Matching, at one token.

/// Tries every pattern at token `i`; returns the index after the match and its meaning.
fn match_at(t: &[Tok], i: usize) -> Option<(usize, When)> {
    // Nouns that belong to the expression they introduce: `يوم الأحد`, `عام 2025`, `شهر أيار`.
    if let Some(kind) = prefix_noun(&t[i]) {
        if let Some((next, when)) = core_at(t, i + 1, true).filter(|(_, w)| kind.fits(w)) {
            return Some((next, when));
        }
    }
    core_at(t, i, false)
}

fn core_at(t: &[Tok], i: usize, after_noun: bool) -> Option<(usize, When)> {
    if i >= t.len() || (after_noun && t[i].nl_before) {
        return None;
    }
    numeric(t, i)
        .or_else(|| day_first(t, i))
        .or_else(|| month_first(t, i, after_noun))
        .or_else(|| relative(t, i))
        .or_else(|| weekday(t, i))
        .or_else(|| hijri_year(t, i, after_noun))
        .or_else(|| list_year(t, i))
        .or_else(|| cued_year(t, i, after_noun))
}

/// `1436 هـ`, `1436هـ`, `عام 1436 هـ` (any Hijri year with its marker), and `عام 1436` (after the
/// noun, without a marker: Hijri only near the publication's Hijri year).
fn hijri_year(t: &[Tok], i: usize, after_noun: bool) -> Option<(usize, When)> {
    let n = t[i]
        .num()
        .filter(|n| n.digits == 4 && HIJRI_YEARS.contains(&n.value))?;
    let y = n.value as i32;
    match hijri_marker(t, i + 1) {
        Some(next) => Some((next, When::HijriYear(y))),
        None if after_noun => Some((i + 1, When::HijriYearNear(y))),
        None => None,
    }
}

/// The year of an item of a history list: a year that opens the line (after bullets at most)
/// and is followed by a dash or a colon (`1954 - اتفاق`, `2003: invasion`).
fn list_year(t: &[Tok], i: usize) -> Option<(usize, When)> {
    let (y, j) = year(t, i)?;
    let opens = t[..i]
        .iter()
        .all(|x| x.kind != Kind::Word && x.kind != Kind::Num);
    let dash = t
        .get(j)
        .and_then(Tok::punct)
        .is_some_and(|c| matches!(c, '-' | '–' | '—' | ':'));
    (opens && dash).then_some((j, When::Year(y)))
}

/// The index after a Hijri marker at `k` (`هـ`, `ه`, `هجري`, `هجرية`, `للهجرة`), if there is one.
fn hijri_marker(t: &[Tok], k: usize) -> Option<usize> {
    let x = t.get(k).filter(|x| !x.nl_before && x.kind == Kind::Word)?;
    matches!(
        x.key.as_str(),
        "ه" | "هـ" | "هجري" | "هجريه" | "للهجره" | "الهجري" | "الهجريه"
    )
    .then_some(k + 1)
}

/// A Hijri year (1300–1600) at `k`, with its marker when one follows.
fn hijri_year_after(t: &[Tok], k: usize) -> Option<(i32, usize)> {
    let n = t
        .get(k)
        .filter(|x| !x.nl_before)?
        .num()
        .filter(|n| n.digits == 4 && HIJRI_YEARS.contains(&n.value))?;
    Some((n.value as i32, hijri_marker(t, k + 1).unwrap_or(k + 1)))
}

#[derive(Clone, Copy)]
enum NounKind {
    Day,
    Month,
    Year,
}

impl NounKind {
    fn fits(self, w: &When) -> bool {
        match self {
            NounKind::Day => matches!(
                w,
                When::Day(..)
                    | When::MonthDay(..)
                    | When::Weekday(..)
                    | When::DayRange(..)
                    | When::HijriDay(..)
                    | When::HijriDayRange(..)
                    | When::HijriMonthDay(..)
            ),
            NounKind::Month => matches!(
                w,
                When::Month(..)
                    | When::MonthOnly(_)
                    | When::HijriMonth(..)
                    | When::HijriMonthOnly(_)
            ),
            NounKind::Year => matches!(
                w,
                When::Year(_) | When::CuedYear(_) | When::HijriYear(_) | When::HijriYearNear(_)
            ),
        }
    }
}

fn prefix_noun(tok: &Tok) -> Option<NounKind> {
    if tok.kind != Kind::Word {
        return None;
    }
    arabic_forms(&tok.key).find_map(|k| match k {
        "يوم" => Some(NounKind::Day),
        "شهر" => Some(NounKind::Month),
        "عام" | "العام" | "سنه" | "السنه" => Some(NounKind::Year),
        // `الـ6 من شباط`: the article glued to a number.
        "ال" => Some(NounKind::Day),
        _ => None,
    })
}

/// `2026-02-06`, `2026/2/6`, `06/02/2026`, `6.2.2026`: three numbers glued by one separator.
fn numeric(t: &[Tok], i: usize) -> Option<(usize, When)> {
    let (a, b, c) = (t[i].num()?, t.get(i + 2)?.num()?, t.get(i + 4)?.num()?);
    let sep = t.get(i + 1)?.punct()?;
    if !matches!(sep, '-' | '/' | '.') || t[i + 3].punct() != Some(sep) {
        return None;
    }
    if !(i..i + 4).all(|k| t[k].end == t[k + 1].start) {
        return None;
    }
    // A fourth glued number (`1.2.3.4`, a version or an address) is not a date.
    let glued = |k: usize| t.get(k).filter(|x| x.start == t[k - 1].end);
    if glued(i + 5).is_some_and(|x| x.kind == Kind::Num)
        || (glued(i + 5).is_some_and(|x| x.punct() == Some(sep))
            && glued(i + 6).is_some_and(|x| x.kind == Kind::Num))
    {
        return None;
    }
    let (y, m, d) = if a.digits == 4 && b.digits <= 2 && c.digits <= 2 {
        (a.value, b.value, c.value)
    } else if c.digits == 4 && a.digits <= 2 && b.digits <= 2 {
        if b.value <= 12 {
            (c.value, b.value, a.value)
        } else {
            (c.value, a.value, b.value)
        }
    } else {
        return None;
    };
    // `1436/9/15هـ`, `15/9/1436`: a Hijri year, marked or not; other years far from today are
    // not dates (`1234/5/6`).
    let marker = hijri_marker(t, i + 5);
    Some(
        if marker.is_some() || (HIJRI_YEARS.contains(&y) && y < 1800) {
            if !HIJRI_YEARS.contains(&y) {
                return None;
            }
            (marker.unwrap_or(i + 5), When::HijriDay(y as i32, m, d))
        } else if (1800..=2200).contains(&y) {
            (i + 5, When::Day(y as i32, m, d))
        } else {
            return None;
        },
    )
}

/// `6 February 2026`, `6 شباط/فبراير`, `6th of June`, `6-8 May 2025`, `٦ من فبراير`.
fn day_first(t: &[Tok], i: usize) -> Option<(usize, When)> {
    let (d1, mut j) = match day(t, i) {
        Some(found) => found,
        // `السادس من شباط`, `الحادي والعشرين من يونيو`: an ordinal needs `من` before the month,
        // since `الثاني` alone is as often "the second" of anything.
        None => ordinal_day_ar(t, i).filter(|&(_, k)| t.get(k).is_some_and(|x| x.key == "من"))?,
    };
    let mut d2 = None;
    if let Some('-' | '–' | '—') = t.get(j).and_then(Tok::punct) {
        if let Some((d, k)) = day(t, j + 1).filter(|(d, _)| *d > d1) {
            d2 = Some(d);
            j = k;
        }
    }
    if t.get(j)
        .is_some_and(|x| !x.nl_before && matches!(x.key.as_str(), "من" | "of"))
    {
        j += 1;
    }
    let Some((m, j)) = month(t, j) else {
        // `15 رمضان 1436هـ`, `15 رمضان`, `1-3 شوال 1436`.
        let (m, j) = hijri_month_name(t, j)?;
        return match (hijri_year_after(t, j), d2) {
            (Some((y, k)), None) => Some((k, When::HijriDay(y, m, d1))),
            (Some((y, k)), Some(d2)) => Some((k, When::HijriDayRange(y, m, d1, d2))),
            (None, None) => Some((j, When::HijriMonthDay(m, d1))),
            (None, Some(_)) => None,
        };
    };
    let (year, j) = year_after(t, j);
    Some(match (year, d2) {
        (Some(y), None) => (j, When::Day(y, m, d1)),
        (Some(y), Some(d2)) => (j, When::DayRange(y, m, d1, d2)),
        (None, None) => (j, When::MonthDay(m, d1)),
        (None, Some(d2)) => (j, When::MonthDayRange(m, d1, d2)),
    })
}

/// `February 6, 2026`, `Feb. 6`, `June 2025`, `حزيران/يونيو 2025`, `in June`, `شهر أيار`.
fn month_first(t: &[Tok], i: usize, after_noun: bool) -> Option<(usize, When)> {
    let Some((m, j)) = month(t, i) else {
        return hijri_month_first(t, i, after_noun);
    };
    // Month then day is English order only; Arabic writes the day first.
    if t[i].is_latin() {
        if let Some((d1, k)) = day(t, j) {
            let mut k = k;
            let mut d2 = None;
            if let Some('-' | '–' | '—') = t.get(k).and_then(Tok::punct) {
                if let Some((d, k2)) = day(t, k + 1).filter(|(d, _)| *d > d1) {
                    d2 = Some(d);
                    k = k2;
                }
            }
            let (year, k) = year_after(t, k);
            return Some(match (year, d2) {
                (Some(y), None) => (k, When::Day(y, m, d1)),
                (Some(y), Some(d2)) => (k, When::DayRange(y, m, d1, d2)),
                (None, None) => (k, When::MonthDay(m, d1)),
                (None, Some(d2)) => (k, When::MonthDayRange(m, d1, d2)),
            });
        }
    }
    let mut j2 = j;
    if t.get(j).is_some_and(|x| !x.nl_before && x.key == "of") {
        j2 += 1;
    }
    if let (Some(y), k) = year_after(t, j2) {
        return Some((k, When::Month(y, m)));
    }
    if after_noun || month_cue(t, i) {
        return Some((j, When::MonthOnly(m)));
    }
    None
}

/// `رمضان 1436هـ`, `شهر رمضان`, `في شوال`: a Hijri month with its year, after `شهر` or after a
/// cue. `صفر` (also "zero") and `محرم` (also "forbidden") need a year or `شهر`.
fn hijri_month_first(t: &[Tok], i: usize, after_noun: bool) -> Option<(usize, When)> {
    if i > 0 && t[i].nl_before {
        return None;
    }
    let (m, j) = hijri_month_name(t, i)?;
    if let Some((y, k)) = hijri_year_after(t, j) {
        return Some((k, When::HijriMonth(y, m)));
    }
    if after_noun || (month_cue(t, i) && !matches!(m, 1 | 2)) {
        return Some((j, When::HijriMonthOnly(m)));
    }
    None
}

/// Relative expressions that start at a word: `yesterday`, `أمس`, `قبل أيام`, `last week` ….
fn relative(t: &[Tok], i: usize) -> Option<(usize, When)> {
    let tok = &t[i];
    let next = |k: usize| {
        t.get(i + k)
            .filter(|x| !x.nl_before && x.kind != Kind::Punct(','))
    };
    let next_key = |k: usize| next(k).map_or("", |x| x.key.as_str());
    let next_forms = |k: usize| next(k).map(|x| arabic_forms(&x.key)).into_iter().flatten();
    let prev_key = i
        .checked_sub(1)
        .map(|p| &t[p])
        .filter(|_| !tok.nl_before)
        .map_or("", |x| x.key.as_str());

    if tok.is_latin() || (tok.kind == Kind::Num && next(1).is_some_and(Tok::is_latin)) {
        return relative_en(t, i, &tok.key, &next_key);
    }
    if tok.kind != Kind::Word {
        return None;
    }
    for form in arabic_forms(&tok.key) {
        let found = match form {
            "امس" | "الامس" | "البارحه" => Some((i + 1, When::Days(-1))),
            // `اليوم التالي` (the next day), `نفس اليوم` (the same day) point at another date.
            "اليوم"
                if !matches!(next_key(1), "التالي" | "نفسه" | "ذاته")
                    && !matches!(prev_key, "نفس" | "ذات" | "ذلك" | "تلك") =>
            {
                Some((i + 1, When::Days(0)))
            }
            "الليله" => Some((i + 1, When::Days(0))),
            "غدا" | "الغد" => Some((i + 1, When::Days(1))),
            "اول" => match (next_key(1), next_key(2)) {
                ("امس", _) | ("الامس", _) => Some((i + 2, When::Days(-2))),
                ("من", "امس") | ("من", "الامس") => Some((i + 3, When::Days(-2))),
                _ => None,
            },
            "قبل" | "منذ" => ago_ar(t, i, -1),
            "بعد" => match next_key(1) {
                "غد" => Some((i + 2, When::Days(2))),
                _ => ago_ar(t, i, 1),
            },
            "الاسبوع" | "الشهر" | "العام" | "السنه" => {
                let k = match next_forms(1).find_map(direction_ar) {
                    Some(k) => k,
                    None => continue,
                };
                let when = match form {
                    "الاسبوع" => When::Week(k),
                    "الشهر" => When::MonthRel(k as i32),
                    _ => When::YearRel(k as i32),
                };
                Some((i + 2, when))
            }
            "هذا" | "هذه" => match next_key(1) {
                "الاسبوع" => Some((i + 2, When::Week(0))),
                "الشهر" => Some((i + 2, When::MonthRel(0))),
                "العام" | "السنه" => Some((i + 2, When::YearRel(0))),
                _ => None,
            },
            // `الأيام الماضية`, `الأسابيع القليلة المقبلة`, `الأشهر الأخيرة`: vague ranges of a
            // week, four weeks or three months before or after publication.
            "الايام" | "الاسابيع" | "الاشهر" | "الشهور" => {
                let span = match form {
                    "الايام" => 7,
                    "الاسابيع" => 28,
                    _ => 90,
                };
                let k = usize::from(next_key(1) == "القليله");
                let dir = match next_key(1 + k) {
                    "الماضيه" | "الاخيره" | "الفائته" | "المنصرمه" => {
                        -1
                    }
                    "المقبله" | "القادمه" => 1,
                    _ => continue,
                };
                let when = if dir < 0 {
                    When::DayOffsets(-span, -1)
                } else {
                    When::DayOffsets(1, span)
                };
                Some((i + 2 + k, when))
            }
            // `خلال أيام` (within days), `خلال ساعات`: a near future.
            // Not `خلال ساعات من المحادثات` (over hours of talks).
            "خلال" if next_key(2) == "من" => None,
            "خلال" => match next_key(1) {
                "ايام" => Some((i + 2, When::DayOffsets(1, 7))),
                "ساعات" => Some((i + 2, When::DayOffsets(0, 1))),
                _ => None,
            },
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `قبل أيام`, `منذ يومين`, `قبل ثلاثة أيام`, `بعد ساعات`, `قبل أسبوع` (at `قبل`/`منذ`/`بعد`).
fn ago_ar(t: &[Tok], i: usize, sign: i64) -> Option<(usize, When)> {
    let word = |k: usize| {
        t.get(i + k)
            .filter(|x| !x.nl_before)
            .map_or("", |x| x.key.as_str())
    };
    let count = |k: usize| -> Option<i64> {
        let x = t.get(i + k).filter(|x| !x.nl_before)?;
        match x.num() {
            Some(n) if n.digits <= 3 => Some(i64::from(n.value)),
            Some(_) => None,
            None => number_word_ar(&x.key),
        }
    };
    let days = |n: i64| Some(When::Days(sign * n));
    let (len, when) = match word(1) {
        "ايام" => (2, some_days(sign)),
        "بضعه" | "عده" | "بضع" if word(2) == "ايام" => (3, some_days(sign)),
        "ساعات" | "ساعه" | "بضع" if sign < 0 => (2, Some(When::DayOffsets(-1, 0))),
        "ساعات" | "ساعه" => (2, Some(When::DayOffsets(0, 1))),
        "يوم" => (2, days(1)),
        "يومين" => (2, days(2)),
        "اسبوع" => (2, days(7)),
        "اسبوعين" => (2, days(14)),
        _ => match (count(1), word(2)) {
            (Some(n), "ايام" | "يوما" | "يوم") if (1..=400).contains(&n) => (3, days(n)),
            (Some(n), "اسابيع" | "اسبوعا") if (1..=60).contains(&n) => (3, days(7 * n)),
            _ => return None,
        },
    };
    Some((i + len, when?))
}

fn some_days(sign: i64) -> Option<When> {
    Some(if sign < 0 {
        When::DayOffsets(-7, -1)
    } else {
        When::DayOffsets(1, 7)
    })
}

fn relative_en<'a>(
    t: &[Tok],
    i: usize,
    key: &str,
    next_key: &dyn Fn(usize) -> &'a str,
) -> Option<(usize, When)> {
    let unit = |k: i64, word: &str| match word {
        "week" => Some(When::Week(k)),
        "month" => Some(When::MonthRel(k as i32)),
        "year" => Some(When::YearRel(k as i32)),
        _ => None,
    };
    match key {
        "day" if next_key(1) == "before" && next_key(2) == "yesterday" => {
            Some((i + 3, When::Days(-2)))
        }
        "day" if next_key(1) == "after" && next_key(2) == "tomorrow" => {
            Some((i + 3, When::Days(2)))
        }
        "yesterday" => Some((i + 1, When::Days(-1))),
        "today" | "tonight" => Some((i + 1, When::Days(0))),
        "tomorrow" => Some((i + 1, When::Days(1))),
        "last" | "next" | "this" | "past" => {
            let k = match key {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            if key == "past" {
                return match next_key(1) {
                    "week" => Some((i + 2, When::DayOffsets(-7, -1))),
                    _ => None,
                };
            }
            if let Some(w) = unit(k, next_key(1)) {
                return Some((i + 2, w));
            }
            match (key, next_key(1)) {
                ("last", "night") => return Some((i + 2, When::Days(-1))),
                ("this", "morning" | "afternoon" | "evening") => {
                    return Some((i + 2, When::Days(0)))
                }
                _ => {}
            }
            let dir = match k {
                -1 => Dir::Before,
                1 => Dir::After,
                _ => return None,
            };
            let w = t
                .get(i + 1)
                .filter(|x| x.upper)
                .and_then(|x| weekday_en(&x.key))?;
            Some((i + 2, When::Weekday(w, dir)))
        }
        "within" => match next_key(1) {
            "days" => Some((i + 2, When::DayOffsets(1, 7))),
            "hours" => Some((i + 2, When::DayOffsets(0, 1))),
            _ => None,
        },
        "recent" | "coming" => {
            let span = match next_key(1) {
                "days" => 7,
                "weeks" => 28,
                "months" => 90,
                _ => return None,
            };
            let when = if key == "recent" {
                When::DayOffsets(-span, -1)
            } else {
                When::DayOffsets(1, span)
            };
            Some((i + 2, when))
        }
        "few" | "several" if next_key(1) == "days" && next_key(2) == "ago" => {
            Some((i + 3, When::DayOffsets(-7, -1)))
        }
        "days" if next_key(1) == "ago" => Some((i + 2, When::DayOffsets(-7, -1))),
        _ => {
            let n = number_word_en(key).or_else(|| {
                t[i].num()
                    .filter(|n| n.digits <= 3)
                    .map(|n| i64::from(n.value))
            });
            let n = n?;
            match (next_key(1), next_key(2)) {
                ("day" | "days", "ago") => Some((i + 3, When::Days(-n))),
                ("week" | "weeks", "ago") => Some((i + 3, When::Days(-7 * n))),
                _ => None,
            }
        }
    }
}

/// `Sunday`, `الأحد`, `يوم الأحد المقبل`, `الجمعة الماضية`.
fn weekday(t: &[Tok], i: usize) -> Option<(usize, When)> {
    let tok = &t[i];
    if tok.kind != Kind::Word {
        return None;
    }
    let (j, when) = if tok.is_latin() {
        let w = tok.upper.then(|| weekday_en(&tok.key)).flatten()?;
        (i + 1, When::Weekday(w, Dir::OnOrBefore))
    } else {
        let w = arabic_forms(&tok.key).find_map(weekday_ar)?;
        let after = t.get(i + 1).filter(|x| !x.nl_before);
        match after.and_then(|x| direction_ar(&x.key)) {
            Some(k) if k < 0 => (i + 2, When::Weekday(w, Dir::Before)),
            Some(k) if k > 0 => (i + 2, When::Weekday(w, Dir::After)),
            _ => (i + 1, When::Weekday(w, Dir::OnOrBefore)),
        }
    };
    // `الجمعة 6 شباط`, `Friday, 6 February`, `Friday, February 6`: the date says more than the
    // weekday, and the two are one expression.
    if matches!(when, When::Weekday(_, Dir::OnOrBefore)) {
        let k = j + usize::from(t.get(j).is_some_and(|x| x.kind == Kind::Punct(',')));
        if t.get(k).is_some_and(|x| !x.nl_before) {
            let date = day_first(t, k).or_else(|| month_first(t, k, false));
            if let Some((end, w @ (When::Day(..) | When::MonthDay(..)))) = date {
                return Some((end, w));
            }
        }
    }
    Some((j, when))
}

/// A year after a cue: `عام 2025` (after the noun), `in 2025`, `في 2025`, `منذ 2019`.
fn cued_year(t: &[Tok], i: usize, after_noun: bool) -> Option<(usize, When)> {
    let (y, j) = year(t, i)?;
    if !after_noun {
        let prev = i
            .checked_sub(1)
            .map(|p| &t[p])
            .filter(|_| !t[i].nl_before)?;
        let cue = arabic_forms(&prev.key).any(|k| {
            matches!(
                k,
                "in" | "since"
                    | "during"
                    | "until"
                    | "by"
                    | "early"
                    | "late"
                    | "mid"
                    | "في"
                    | "منذ"
                    | "حتى"
                    | "خلال"
                    | "مطلع"
                    | "منتصف"
                    | "نهايه"
                    | "بدايه"
                    | "اواخر"
                    | "اوائل"
            )
        });
        if !cue {
            return None;
        }
        return Some((j, When::CuedYear(y)));
    }
    Some((j, When::Year(y)))
}

/// A word before a bare month name that makes it a date (`in June`, `في حزيران`).
fn month_cue(t: &[Tok], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &t[p]) else {
        return false;
    };
    if t[i].nl_before {
        return false;
    }
    arabic_forms(&prev.key).any(|k| {
        matches!(
            k,
            "in" | "since"
                | "during"
                | "until"
                | "by"
                | "early"
                | "late"
                | "mid"
                | "of"
                | "في"
                | "منذ"
                | "حتى"
                | "خلال"
                | "مطلع"
                | "منتصف"
                | "نهايه"
                | "بدايه"
                | "اواخر"
                | "اوائل"
        )
    })
}

/// A day of the month (1–31), with an English ordinal suffix glued on (`6th`).
fn day(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let tok = t.get(i)?;
    let n = tok
        .num()
        .filter(|n| n.digits <= 2 && (1..=31).contains(&n.value))?;
    let mut j = i + 1;
    if let Some(x) = t.get(j) {
        if x.start == tok.end && matches!(x.key.as_str(), "st" | "nd" | "rd" | "th") {
            j += 1;
        }
    }
    Some((n.value, j))
}

/// An Arabic ordinal day of the month, `الأول` to `الحادي والثلاثين`.
fn ordinal_day_ar(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let tok = t.get(i).filter(|x| x.kind == Kind::Word)?;
    let (key, unit) = arabic_forms(&tok.key).find_map(|k| ordinal_ar(k).map(|u| (k, u)))?;
    let next = t
        .get(i + 1)
        .filter(|x| !x.nl_before)
        .map_or("", |x| x.key.as_str());
    let (day, len) = match (unit, next) {
        (1..=9, "عشر") => (unit + 10, 2),
        (1..=9, "والعشرين") => (unit + 20, 2),
        (1, "والثلاثين") => (31, 2),
        _ if key == "الحادي" => return None,
        _ => (unit, 1),
    };
    Some((day, i + len))
}

fn ordinal_ar(key: &str) -> Option<u32> {
    Some(match key {
        "الاول" => 1,
        "الحادي" => 1,
        "الثاني" => 2,
        "الثالث" => 3,
        "الرابع" => 4,
        "الخامس" => 5,
        "السادس" => 6,
        "السابع" => 7,
        "الثامن" => 8,
        "التاسع" => 9,
        "العاشر" => 10,
        "العشرين" => 20,
        "الثلاثين" => 30,
        _ => return None,
    })
}

/// A four-digit year between 1800 and 2200.
fn year(t: &[Tok], i: usize) -> Option<(i32, usize)> {
    let n = t
        .get(i)?
        .num()
        .filter(|n| n.digits == 4 && (1800..=2200).contains(&n.value))?;
    Some((n.value as i32, i + 1))
}

/// An optional year after a month, possibly after a comma: returns it and the index after it.
fn year_after(t: &[Tok], j: usize) -> (Option<i32>, usize) {
    let mut k = j;
    if t.get(k)
        .is_some_and(|x| !x.nl_before && matches!(x.kind, Kind::Punct(',' | '،')))
    {
        k += 1;
    }
    match t.get(k).filter(|x| !x.nl_before).and_then(|_| year(t, k)) {
        Some((y, next)) => (Some(y), next),
        None => (None, j),
    }
}

/// A month name, with its paired name (`شباط/فبراير`, `فبراير (شباط)`) when present.
fn month(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let tok = t.get(i)?;
    if i > 0 && tok.nl_before {
        return None;
    }
    let (m, j) = month_name(t, i)?;
    if tok.is_latin() {
        return Some((m, j));
    }
    let p = |k: usize| t.get(k).filter(|x| !x.nl_before).and_then(Tok::punct);
    if p(j) == Some('/') {
        if let Some((_, k)) = month_name(t, j + 1).filter(|_| !t[j + 1].nl_before) {
            return Some((m, k));
        }
    }
    if p(j) == Some('(') {
        if let Some((_, k)) = month_name(t, j + 1) {
            if p(k) == Some(')') {
                return Some((m, k + 1));
            }
        }
    }
    Some((m, j))
}

fn month_name(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let tok = t.get(i)?;
    if tok.kind != Kind::Word {
        return None;
    }
    if tok.is_latin() {
        if !tok.upper {
            return None;
        }
        let (m, abbreviated) = month_en(&tok.key)?;
        let dot = abbreviated
            && t.get(i + 1)
                .is_some_and(|x| x.start == tok.end && x.kind == Kind::Punct('.'));
        return Some((m, i + 1 + usize::from(dot)));
    }
    for form in arabic_forms(&tok.key) {
        if let Some(m) = month_ar(form) {
            return Some((m, i + 1));
        }
        if matches!(form, "كانون" | "تشرين") {
            let second = t.get(i + 1).filter(|x| !x.nl_before)?;
            let m = match (form, second.key.as_str()) {
                ("كانون", "الثاني" | "ثاني") => 1,
                ("كانون", "الاول" | "اول") => 12,
                ("تشرين", "الاول" | "اول") => 10,
                ("تشرين", "الثاني" | "ثاني") => 11,
                _ => return None,
            };
            return Some((m, i + 2));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Word lists (keys are folded: no diacritics, ا for أ إ آ ٱ, ي for ى, ه for ة, lower case).

/// A Hijri month name, one or two words: the month (1–12) and the index after it.
///
/// The table, in the folded spelling the lexer gives (the Gregorian month names above are Rust
/// tables too, so the calendar's words stay together here):
/// 1 محرم/المحرم, 2 صفر, 3 ربيع الأول, 4 ربيع الآخر/الثاني, 5 جمادى الأولى, 6 جمادى الآخرة/الثانية,
/// 7 رجب, 8 شعبان, 9 رمضان, 10 شوال, 11 ذو/ذي القعدة, 12 ذو/ذي الحجة.
fn hijri_month_name(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let tok = t.get(i).filter(|x| x.kind == Kind::Word && !x.is_latin())?;
    let second = t
        .get(i + 1)
        .filter(|x| !x.nl_before)
        .map_or("", |x| x.key.as_str());
    for form in arabic_forms(&tok.key) {
        let one = match form {
            "محرم" | "المحرم" => Some(1),
            "صفر" => Some(2),
            "رجب" => Some(7),
            "شعبان" => Some(8),
            "رمضان" => Some(9),
            "شوال" => Some(10),
            _ => None,
        };
        if let Some(m) = one {
            return Some((m, i + 1));
        }
        let two = match (form, second) {
            ("ربيع", "الاول" | "اول") => Some(3),
            ("ربيع", "الاخر" | "اخر" | "الثاني" | "ثاني") => Some(4),
            ("جمادي", "الاولي" | "الاول" | "اولي") => Some(5),
            ("جمادي", "الاخره" | "الاخر" | "الثانيه" | "ثانيه") => {
                Some(6)
            }
            ("ذو" | "ذي", "القعده") => Some(11),
            ("ذو" | "ذي", "الحجه") => Some(12),
            _ => None,
        };
        if let Some(m) = two {
            return Some((m, i + 2));
        }
    }
    None
}

fn month_ar(key: &str) -> Option<u32> {
    Some(match key {
        "يناير" => 1,
        "شباط" | "فبراير" => 2,
        "اذار" | "مارس" => 3,
        "نيسان" | "ابريل" | "افريل" => 4,
        "ايار" | "مايو" => 5,
        "حزيران" | "يونيو" | "يونيه" => 6,
        "تموز" | "يوليو" | "يوليه" | "يوليوز" => 7,
        "اب" | "اغسطس" | "غشت" => 8,
        "ايلول" | "سبتمبر" | "شتنبر" => 9,
        "اكتوبر" => 10,
        "نوفمبر" | "نونبر" => 11,
        "ديسمبر" | "دجنبر" => 12,
        _ => return None,
    })
}

/// An English month and whether the word is an abbreviation (which may take a dot).
fn month_en(key: &str) -> Option<(u32, bool)> {
    Some(match key {
        "january" => (1, false),
        "february" => (2, false),
        "march" => (3, false),
        "april" => (4, false),
        "may" => (5, false),
        "june" => (6, false),
        "july" => (7, false),
        "august" => (8, false),
        "september" => (9, false),
        "october" => (10, false),
        "november" => (11, false),
        "december" => (12, false),
        "jan" => (1, true),
        "feb" => (2, true),
        "mar" => (3, true),
        "apr" => (4, true),
        "jun" => (6, true),
        "jul" => (7, true),
        "aug" => (8, true),
        "sep" | "sept" => (9, true),
        "oct" => (10, true),
        "nov" => (11, true),
        "dec" => (12, true),
        _ => return None,
    })
}

fn weekday_ar(key: &str) -> Option<Weekday> {
    Some(match key {
        "الاحد" => Weekday::Sun,
        "الاثنين" => Weekday::Mon,
        "الثلاثاء" => Weekday::Tue,
        "الاربعاء" => Weekday::Wed,
        "الخميس" => Weekday::Thu,
        "الجمعه" => Weekday::Fri,
        "السبت" => Weekday::Sat,
        _ => return None,
    })
}

fn weekday_en(key: &str) -> Option<Weekday> {
    Some(match key {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// `الماضي` → −1, `المقبل` → +1, `الجاري` → 0 (in either gender).
fn direction_ar(key: &str) -> Option<i64> {
    Some(match key {
        "الماضي" | "الماضيه" | "المنصرم" | "المنصرمه" | "الفائت" | "الفائته" | "السابق"
        | "السابقه" => -1,
        "المقبل" | "المقبله" | "القادم" | "القادمه" => 1,
        "الجاري" | "الجاريه" | "الحالي" | "الحاليه" => 0,
        _ => return None,
    })
}

fn number_word_ar(key: &str) -> Option<i64> {
    Some(match key {
        "ثلاثه" | "ثلاث" => 3,
        "اربعه" | "اربع" => 4,
        "خمسه" | "خمس" => 5,
        "سته" | "ست" => 6,
        "سبعه" | "سبع" => 7,
        "ثمانيه" | "ثماني" => 8,
        "تسعه" | "تسع" => 9,
        "عشره" | "عشر" => 10,
        _ => return None,
    })
}

fn number_word_en(key: &str) -> Option<i64> {
    Some(match key {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return None,
    })
}

/// The key itself, then the key without the proclitics و/ف, ب/ل/ك, in that order
/// (`وبالأمس` → `بالامس`, `الامس`), keeping at least two letters.
fn arabic_forms(key: &str) -> impl Iterator<Item = &str> {
    let strip = |s: &'static [char], k: &str| -> Option<usize> {
        let mut chars = k.chars();
        let first = chars.next()?;
        (s.contains(&first) && chars.count() >= 2).then_some(first.len_utf8())
    };
    let conj = strip(&['و', 'ف'], key).unwrap_or(0);
    let after_conj = &key[conj..];
    let prep = strip(&['ب', 'ل', 'ك'], after_conj).map(|n| conj + n);
    let mut forms: [Option<&str>; 3] = [Some(key), None, None];
    if conj > 0 {
        forms[1] = Some(after_conj);
    }
    if let Some(p) = prep {
        forms[2] = Some(&key[p..]);
    }
    forms.into_iter().flatten()
}

// ---------------------------------------------------------------------------------------------
// A small lexer of its own, so that dates do not depend on the tokenizer's choices.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Number {
    value: u32,
    digits: u32,
}

#[derive(Debug)]
struct Tok {
    /// Code points.
    start: usize,
    end: usize,
    /// Bytes.
    b0: usize,
    b1: usize,
    kind: Kind,
    /// Folded key of a word; empty for numbers and punctuation.
    key: String,
    number: Option<Number>,
    /// The surface starts with an upper-case letter.
    upper: bool,
    /// A line break lies between this token and the one before.
    nl_before: bool,
}

impl Tok {
    fn num(&self) -> Option<Number> {
        self.number
    }

    fn punct(&self) -> Option<char> {
        match self.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn is_latin(&self) -> bool {
        self.key
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
    }
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Characters skipped inside words: Arabic diacritics, dagger alef, tatweel, joiners.
fn is_word_mark(c: char) -> bool {
    matches!(
        c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}'
    ) || matches!(c, '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

/// A character of a word: a letter or a mark inside one; Arabic letters and ASCII first, as
/// they are most of the text and need no Unicode table.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        matches!(c, '\u{0621}'..='\u{064A}') || is_word_mark(c) || c.is_alphabetic()
    }
}

/// Bidi and format marks, ignored like spaces.
fn is_format_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

fn fold_into(key: &mut String, c: char) {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => key.push('ا'),
        'ى' | 'ی' => key.push('ي'),
        'ة' => key.push('ه'),
        'ک' => key.push('ك'),
        c if c.is_ascii() => key.push(c.to_ascii_lowercase()),
        c if is_word_mark(c) => {}
        // Arabic letters have no case: skip the Unicode case tables.
        '\u{0621}'..='\u{064A}' => key.push(c),
        c => key.extend(c.to_lowercase()),
    }
}

/// Cuts `text` (which starts at code point `cp0`, byte `byte0` of the document) into tokens,
/// replacing the contents of `toks`.
fn lex_into(text: &str, cp0: usize, byte0: usize, toks: &mut Vec<Tok>) {
    toks.clear();
    let mut nl = false;
    let mut chars = text
        .char_indices()
        .enumerate()
        .map(|(cp, (b, c))| (cp + cp0, (b + byte0, c)))
        .peekable();
    while let Some((cp, (b, c))) = chars.next() {
        if c.is_whitespace() || is_format_mark(c) {
            nl |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
            continue;
        }
        let mut tok = Tok {
            start: cp,
            end: cp + 1,
            b0: b,
            b1: b + c.len_utf8(),
            kind: Kind::Punct(c),
            key: String::new(),
            number: None,
            upper: c.is_uppercase(),
            nl_before: std::mem::take(&mut nl),
        };
        if let Some(d) = digit_value(c) {
            let (mut value, mut digits) = (d, 1u32);
            while let Some(&(cp2, (b2, c2))) = chars.peek() {
                let Some(d2) = digit_value(c2) else { break };
                value = value.saturating_mul(10).saturating_add(d2);
                digits = digits.saturating_add(1);
                tok.end = cp2 + 1;
                tok.b1 = b2 + c2.len_utf8();
                chars.next();
            }
            tok.kind = Kind::Num;
            tok.number = Some(Number { value, digits });
        } else if is_word_char(c) {
            fold_into(&mut tok.key, c);
            while let Some(&(cp2, (b2, c2))) = chars.peek() {
                if !is_word_char(c2) || digit_value(c2).is_some() {
                    break;
                }
                fold_into(&mut tok.key, c2);
                tok.end = cp2 + 1;
                tok.b1 = b2 + c2.len_utf8();
                chars.next();
            }
            tok.kind = Kind::Word;
        }
        toks.push(tok);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// Finds the dates of `input` (published on `pub_date`, `YYYY-MM-DD` or empty) and compares
    /// them with `expected`: one `(surface, precision, "start..end" or "start" or "?")` each.
    #[track_caller]
    fn check(input: &str, pub_date: &str, expected: &[(&str, Precision, &str)]) {
        let publication = (!pub_date.is_empty()).then(|| date(pub_date));
        let found = find_dates(input, publication);
        let doc = crate::Document::new(input);
        let got: Vec<(String, Precision, String)> = found
            .iter()
            .map(|d| {
                assert_eq!(doc.slice(d.span), d.text, "span of {d:?}");
                let when = match (d.start, d.end) {
                    (Some(s), Some(e)) if s == e => s.to_string(),
                    (Some(s), Some(e)) => format!("{s}..{e}"),
                    _ => "?".to_string(),
                };
                (d.text.clone(), d.precision, when)
            })
            .collect();
        let want: Vec<(String, Precision, String)> = expected
            .iter()
            .map(|(t, p, w)| (t.to_string(), *p, w.to_string()))
            .collect();
        assert_eq!(
            got, want,
            "dates::find_dates on {input:?} published {pub_date:?}"
        );
    }

    use Precision::{Day, Month, Range, Year};

    /// Issue 2 ("Foundation"), its "done when": `يوم 6 شباط/فبراير` and `قبل أيام` published on
    /// 2026-02-08.
    #[test]
    fn issue_2_done_when() {
        check(
            "التقى الوفدان يوم 6 شباط/فبراير في مسقط",
            "2026-02-08",
            &[("يوم 6 شباط/فبراير", Day, "2026-02-06")],
        );
        check(
            "وصل الوفد قبل أيام إلى مسقط",
            "2026-02-08",
            &[("قبل أيام", Range, "2026-02-01..2026-02-07")],
        );
    }

    #[test]
    fn absolute_english() {
        check(
            "Talks were held on 6 February 2026 in Muscat.",
            "",
            &[("6 February 2026", Day, "2026-02-06")],
        );
        check(
            "On February 6, 2026, the envoys met.",
            "",
            &[("February 6, 2026", Day, "2026-02-06")],
        );
        check(
            "They met on Feb. 6 and again on Feb 20th.",
            "2026-02-22",
            &[
                ("Feb. 6", Day, "2026-02-06"),
                ("Feb 20th", Day, "2026-02-20"),
            ],
        );
        check(
            "The deal was signed in June 2025.",
            "",
            &[("June 2025", Month, "2025-06-01..2025-06-30")],
        );
        check(
            "Sanctions began in 2018 and expired in June.",
            "2025-09-01",
            &[
                ("2018", Year, "2018-01-01..2018-12-31"),
                ("June", Month, "2025-06-01..2025-06-30"),
            ],
        );
        check(
            "Rounds ran 6-8 May 2025.",
            "",
            &[("6-8 May 2025", Range, "2025-05-06..2025-05-08")],
        );
        check(
            "You may go. We march on. 2000 people came.",
            "2026-02-08",
            &[],
        );
        check(
            "Iran reported 2026-02-06 and 06/02/2026 and 02/26/2026.",
            "",
            &[
                ("2026-02-06", Day, "2026-02-06"),
                ("06/02/2026", Day, "2026-02-06"),
                ("02/26/2026", Day, "2026-02-26"),
            ],
        );
        check(
            "Version 1.2.3 and 31 February 2026 and 2026-13-01 are not dates.",
            "",
            &[],
        );
        check("Address 10.1.2026.4 is not a date.", "", &[]);
        check(
            "He spoke on December 28.",
            "2026-01-10",
            &[("December 28", Day, "2025-12-28")],
        );
        check("He will speak on Feb. 6.", "", &[("Feb. 6", Day, "?")]);
    }

    #[test]
    fn absolute_arabic() {
        check(
            "وقعت الحادثة في 6 شباط/فبراير 2026.",
            "",
            &[("6 شباط/فبراير 2026", Day, "2026-02-06")],
        );
        check(
            "اجتمعا في ٦ فبراير",
            "2026-02-08",
            &[("٦ فبراير", Day, "2026-02-06")],
        );
        check(
            "منذ حزيران/يونيو 2025 لم تعقد أي جولة",
            "",
            &[("حزيران/يونيو 2025", Month, "2025-06-01..2025-06-30")],
        );
        check(
            "في يونيو 2025 وفي 12 يونيه",
            "2025-07-01",
            &[
                ("يونيو 2025", Month, "2025-06-01..2025-06-30"),
                ("12 يونيه", Day, "2025-06-12"),
            ],
        );
        check(
            "في 3 تشرين الأول/أكتوبر 2025 و1 كانون الثاني 2026",
            "",
            &[
                ("3 تشرين الأول/أكتوبر 2025", Day, "2025-10-03"),
                ("1 كانون الثاني 2026", Day, "2026-01-01"),
            ],
        );
        check(
            "جرى ذلك في 15 إبريل (نيسان) ۲۰۲۵",
            "",
            &[("15 إبريل (نيسان) ۲۰۲۵", Day, "2025-04-15")],
        );
        check(
            "انتهت المهلة عام 2025 وبدأت في شهر أيار",
            "2026-02-08",
            &[
                ("عام 2025", Year, "2025-01-01..2025-12-31"),
                ("شهر أيار", Month, "2025-05-01..2025-05-31"),
            ],
        );
        check("مارس الضغط على طهران وأب الشهيد تحدث", "2026-02-08", &[]);
        check(
            "في السادس من شباط، والحادي والعشرين من يونيو 2025، والثاني عشر من آذار",
            "2026-02-08",
            &[
                ("السادس من شباط", Day, "2026-02-06"),
                ("والحادي والعشرين من يونيو 2025", Day, "2025-06-21"),
                ("والثاني عشر من آذار", Day, "2026-03-12"),
            ],
        );
        check("الجولة الثانية والثاني من المفاوضين", "2026-02-08", &[]);
        check("في 30 شباط 2026 لم يحدث شيء", "", &[]);
    }

    #[test]
    fn relative_arabic() {
        let p = "2026-02-08"; // a Sunday
        check(
            "وقال الوزير أمس إن المحادثات بناءة",
            p,
            &[("أمس", Day, "2026-02-07")],
        );
        check("وأمس أعلنت طهران", p, &[("وأمس", Day, "2026-02-07")]);
        check(
            "وصل بالأمس وسيغادر غداً",
            p,
            &[("بالأمس", Day, "2026-02-07"), ("غداً", Day, "2026-02-09")],
        );
        check(
            "أول من أمس واليوم",
            p,
            &[
                ("أول من أمس", Day, "2026-02-06"),
                ("واليوم", Day, "2026-02-08"),
            ],
        );
        check(
            "عقدت الجولة يوم الأحد",
            p,
            &[("يوم الأحد", Day, "2026-02-08")],
        );
        check(
            "وقال الخميس إن الوفد جاهز",
            p,
            &[("الخميس", Day, "2026-02-05")],
        );
        check(
            "يوم الأحد الماضي والجمعة المقبلة",
            p,
            &[
                ("يوم الأحد الماضي", Day, "2026-02-01"),
                ("والجمعة المقبلة", Day, "2026-02-13"),
            ],
        );
        check(
            "قبل يومين وقبل ثلاثة أيام ومنذ 10 أيام",
            p,
            &[
                ("قبل يومين", Day, "2026-02-06"),
                ("وقبل ثلاثة أيام", Day, "2026-02-05"),
                ("ومنذ 10 أيام", Day, "2026-01-29"),
            ],
        );
        check(
            "بعد ساعات من اللقاء",
            p,
            &[("بعد ساعات", Range, "2026-02-08..2026-02-09")],
        );
        check(
            "الأسبوع الماضي والأسبوع المقبل",
            p,
            &[
                ("الأسبوع الماضي", Range, "2026-01-26..2026-02-01"),
                ("والأسبوع المقبل", Range, "2026-02-09..2026-02-15"),
            ],
        );
        check(
            "الشهر الماضي والعام الماضي والسنة المقبلة",
            p,
            &[
                ("الشهر الماضي", Month, "2026-01-01..2026-01-31"),
                ("والعام الماضي", Year, "2025-01-01..2025-12-31"),
                ("والسنة المقبلة", Year, "2027-01-01..2027-12-31"),
            ],
        );
        check("قبل أيام", "", &[("قبل أيام", Range, "?")]);
        check("بعد المحادثات وقبل الاتفاق", p, &[]);
        check("في نفس اليوم وفي اليوم التالي", p, &[]);
        check(
            "في مسقط يوم الجمعة 6 شباط/فبراير 2026 خلال ساعات من المحادثات",
            p,
            &[("يوم الجمعة 6 شباط/فبراير 2026", Day, "2026-02-06")],
        );
        check(
            "وستحسم الأسابيع القليلة المقبلة الأمر خلال أيام",
            p,
            &[
                ("الأسابيع القليلة المقبلة", Range, "2026-02-09..2026-03-08"),
                ("خلال أيام", Range, "2026-02-09..2026-02-15"),
            ],
        );
        check(
            "في الأيام الماضية",
            p,
            &[("الأيام الماضية", Range, "2026-02-01..2026-02-07")],
        );
    }

    #[test]
    fn relative_english() {
        let p = "2026-02-08"; // a Sunday
        check(
            "Iran said yesterday that talks would resume tomorrow.",
            p,
            &[
                ("yesterday", Day, "2026-02-07"),
                ("tomorrow", Day, "2026-02-09"),
            ],
        );
        check(
            "The envoys met on Friday and will meet next Sunday.",
            p,
            &[
                ("Friday", Day, "2026-02-06"),
                ("next Sunday", Day, "2026-02-15"),
            ],
        );
        check(
            "Talks held last week failed; next month may differ.",
            p,
            &[
                ("last week", Range, "2026-01-26..2026-02-01"),
                ("next month", Month, "2026-03-01..2026-03-31"),
            ],
        );
        check(
            "Two days ago, and 3 days ago, and a week ago, and last year.",
            p,
            &[
                ("Two days ago", Day, "2026-02-06"),
                ("3 days ago", Day, "2026-02-05"),
                ("a week ago", Day, "2026-02-01"),
                ("last year", Year, "2025-01-01..2025-12-31"),
            ],
        );
        check(
            "A few days ago talks stalled. Today they resumed.",
            p,
            &[
                ("few days ago", Range, "2026-02-01..2026-02-07"),
                ("Today", Day, "2026-02-08"),
            ],
        );
        check("yesterday", "", &[("yesterday", Day, "?")]);
        check(
            "Last night, this morning, the day before yesterday.",
            p,
            &[
                ("Last night", Day, "2026-02-07"),
                ("this morning", Day, "2026-02-08"),
                ("day before yesterday", Day, "2026-02-06"),
            ],
        );
        check(
            "Talks on Friday, 6 February, and on Friday, February 13.",
            p,
            &[
                ("Friday, 6 February", Day, "2026-02-06"),
                ("Friday, February 13", Day, "2026-02-13"),
            ],
        );
        check(
            "A second round within days, a reply within hours.",
            p,
            &[
                ("within days", Range, "2026-02-09..2026-02-15"),
                ("within hours", Range, "2026-02-08..2026-02-09"),
            ],
        );
        check(
            "In recent days, and in the coming weeks.",
            p,
            &[
                ("recent days", Range, "2026-02-01..2026-02-07"),
                ("coming weeks", Range, "2026-02-09..2026-03-08"),
            ],
        );
    }

    /// Issue 13, item 11: Hijri dates of the Saudi and Gulf press are Umm al-Qura dates, resolved
    /// to Gregorian days (1 Ramadan 1436 is 18 June 2015, 1 Muharram 1437 is 14 October 2015).
    #[test]
    fn issue_13_hijri_dates() {
        let p = "2015-07-20";
        check(
            "وصل الوفد في 15 رمضان 1436 هـ إلى جدة",
            p,
            &[("15 رمضان 1436 هـ", Day, "2015-07-02")],
        );
        check(
            "صدر القرار بتاريخ 1436/9/15هـ وعُمّم في 15/9/1436",
            p,
            &[
                ("1436/9/15هـ", Day, "2015-07-02"),
                ("15/9/1436", Day, "2015-07-02"),
            ],
        );
        check(
            "خلال شهر رمضان 1436هـ وفي ذي الحجة 1436",
            p,
            &[
                ("شهر رمضان 1436هـ", Range, "2015-06-18..2015-07-16"),
                ("ذي الحجة 1436", Range, "2015-09-14..2015-10-13"),
            ],
        );
        check(
            "ميزانية عام 1436هـ وميزانية العام 1436",
            p,
            &[
                ("عام 1436هـ", Range, "2014-10-25..2015-10-13"),
                ("العام 1436", Range, "2014-10-25..2015-10-13"),
            ],
        );
        check(
            "منذ 1380 هـ و1 ربيع الأول 1437",
            p,
            &[
                ("1380 هـ", Range, "1960-06-26..1961-06-14"),
                ("1 ربيع الأول 1437", Day, "2015-12-12"),
            ],
        );
        // Without a year: the publication's Hijri year, or the one before when that is more
        // than 60 days ahead; `في رمضان` after a cue, and `شهر رمضان`.
        check(
            "التقيا في 27 رمضان وفي شوال",
            p,
            &[
                ("27 رمضان", Day, "2015-07-14"),
                ("شوال", Range, "2015-07-17..2015-08-15"),
            ],
        );
        check(
            "في 10 ذي الحجة",
            "2015-08-01",
            &[("10 ذي الحجة", Day, "2015-09-23")],
        );
        check(
            "في 10 ذي الحجة",
            p, // 65 days before 10 Dhu al-Hijjah 1436: the year before
            &[("10 ذي الحجة", Day, "2014-10-04")],
        );
        check("في 10 محرم", p, &[("10 محرم", Day, "2014-11-03")]);
        // Ambiguous bare numbers are left alone: a marker-less `عام 1436` without a publication
        // date, a Hijri-looking year far from the publication's, `صفر` (zero) and names.
        check("عام 1436", "", &[]);
        check("عام 1300", p, &[]);
        check(
            "سجل صفر نقاط في رمضان",
            p,
            &[("رمضان", Range, "2015-06-18..2015-07-16")],
        );
        check(
            "قال طارق رمضان 1436 شخص",
            p,
            &[("رمضان 1436", Range, "2015-06-18..2015-07-16")],
        );
        check("الرقم 1234/5/6 ليس تاريخا", p, &[]);
        check("في 30 رمضان 1436", p, &[]); // Ramadan 1436 had 29 days
    }

    /// Issue 13, item 11: the items of a history list are dated by the year that opens them, and
    /// a bare number far from the publication year is no year.
    #[test]
    fn issue_13_history_lists_and_bare_numbers() {
        let p = "2015-07-20";
        check(
            "1954 - اتفاق الجلاء بين مصر وبريطانيا",
            p,
            &[("1954", Year, "1954-01-01..1954-12-31")],
        );
        check(
            "- 2003: invasion of Iraq",
            p,
            &[("2003", Year, "2003-01-01..2003-12-31")],
        );
        check("2000 شخص - في الساحة", p, &[]);
        check("وقال إن 1954 - عاما", p, &[]);
        check(
            "in 2023 and in 2090 and since 1990",
            p,
            &[
                ("2023", Year, "2023-01-01..2023-12-31"),
                ("1990", Year, "1990-01-01..1990-12-31"),
            ],
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "",
            "99999999999999999999/99/9999",
            "قبل 99999999 أيام",
            "\u{200F}٦\u{200F} فبراير",
            "ـــ ً ٌ ٍ",
            "Feb.",
            "29 February",
            "30 رمضان 99999 هـ",
            "1600/12/30هـ عام 1600 هـ",
            "رمضان",
        ] {
            let _ = find_dates(input, Some(NaiveDate::MAX));
            let _ = find_dates(input, Some(NaiveDate::MIN));
            let _ = find_dates(input, None);
        }
    }
}
