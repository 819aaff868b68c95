//! Converters from PETRARCH/TABARI dictionaries (`.actors`, agents, `CAMEO.*` verb files) to
//! our TSV formats, for users migrating from PETRARCH.
//!
//! Each converter returns the TSV text and every input line it could not convert, with the
//! reason. What converts:
//! - **actors**: a name line with its `+ALIAS` lines and `[CODE]` / `[CODE FROM-TO]` roles
//!   (on the name line or indented below) becomes one row. `CCCSSS…` codes become `CCC SSS`:
//!   the sector is the first code after the country that `sectors.tsv` knows, CAMEO `MED` →
//!   `JRN` and `HLH` → `MED`; a country code missing from `countries.tsv` (regions such as
//!   `AFR`) is reported.
//!   Dates are `YYYYMMDD` or `YYMMDD` (`>D` from, `<D` until); an end before the start (the
//!   Arabic dictionaries' `18000101`) is read as an open end. Roles with no country (`[ELI]`)
//!   go to the note.
//! - **agents**: `TERM [~SSS]` lines, with `!MACRO! = A, B` macros expanded; in the Arabic
//!   files the Arabic term after the bracket is used.
//! - **verbs**: in the `VERB PATTERNS` section, every verb of a block with a CAMEO code, and
//!   every plain pattern `- * WORDS [CODE]` or `- * (PREP) [CODE]`; the PLOVER event and mode
//!   come from `cameo.tsv`. Arabic lemmas get a guessed verb form (marked `form guessed` in
//!   the note: check it). Patterns with synonym sets (`&X`), alternatives (`{…}`), nested
//!   phrases or words before the verb are reported as not converted.
//!
//! Many PETRARCH Arabic entries are machine-translated: review before merging into `lexicon/`.

use std::collections::HashMap;

use crate::model::Lang;
use crate::Lexicon;

/// Which PETRARCH dictionary a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Actors,
    Agents,
    Verbs,
}

/// The converted TSV and the lines that were left out.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    pub tsv: String,
    pub rows: usize,
    pub skipped: Vec<Skipped>,
}

/// An input line that was not converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
    pub text: String,
}

/// Converts a PETRARCH dictionary. `lexicon` supplies the CAMEO → PLOVER table for verbs.
pub fn import_petrarch(kind: ImportKind, text: &str, lang: Lang, lexicon: &Lexicon) -> Imported {
    match kind {
        ImportKind::Actors => actors(text, lang, lexicon),
        ImportKind::Agents => agents(text, lang),
        ImportKind::Verbs => verbs(text, lang, lexicon),
    }
}

#[derive(Default)]
struct ActorBlock {
    line: usize,
    head: String,
    names: Vec<String>,
    roles: Vec<String>,
    notes: Vec<String>,
}

fn actors(text: &str, lang: Lang, lx: &Lexicon) -> Imported {
    let mut out = Imported {
        tsv: "id\tnames_en\tnames_ar\tnames_fa\troles\twikidata\tnote\n".into(),
        ..Imported::default()
    };
    let mut block: Option<ActorBlock> = None;
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(|c: char| c.is_whitespace());
        let t = line.trim();
        if let Some(alias) = t.strip_prefix('+') {
            match block.as_mut() {
                Some(b) => {
                    let (name, codes) = split_codes(alias);
                    b.names.push(phrase(name));
                    add_codes(lx, b, codes, line_no, raw, &mut out.skipped);
                }
                None => skip(&mut out, line_no, "alias before any name", raw),
            }
            continue;
        }
        if t.starts_with('[') && indented || t.starts_with('[') && block.is_some() {
            match block.as_mut() {
                Some(b) => add_codes(lx, b, t, line_no, raw, &mut out.skipped),
                None => skip(&mut out, line_no, "codes before any name", raw),
            }
            continue;
        }
        if t.starts_with('&') || t.starts_with('<') || t.starts_with('!') {
            skip(&mut out, line_no, "not an actor entry", raw);
            continue;
        }
        if let Some(b) = block.take() {
            finish_actor(b, lang, &mut ids, &mut out);
        }
        let (name, codes) = split_codes(t);
        let mut b = ActorBlock {
            line: line_no,
            head: name.to_owned(),
            ..ActorBlock::default()
        };
        b.names.push(phrase(name));
        add_codes(lx, &mut b, codes, line_no, raw, &mut out.skipped);
        block = Some(b);
    }
    if let Some(b) = block.take() {
        finish_actor(b, lang, &mut ids, &mut out);
    }
    out
}

fn finish_actor(b: ActorBlock, lang: Lang, ids: &mut HashMap<String, usize>, out: &mut Imported) {
    if b.roles.is_empty() {
        out.skipped.push(Skipped {
            line: b.line,
            reason: "no country code for this name".into(),
            text: b.head.clone(),
        });
        return;
    }
    let base: String = b
        .head
        .trim_matches('_')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = if base.chars().any(|c| c.is_ascii_alphanumeric()) {
        base
    } else {
        format!("PETRARCH_{}", lang.code().to_uppercase())
    };
    let n = ids.entry(base.clone()).or_insert(0);
    *n += 1;
    let id = if *n == 1 && !base.starts_with("PETRARCH_") {
        base
    } else {
        format!("{base}_{}", b.line)
    };
    let mut names: Vec<String> = Vec::new();
    for n in b.names {
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    }
    let names = names.join(" | ");
    let (en, ar, fa) = match lang {
        Lang::En => (names.as_str(), "-", "-"),
        Lang::Ar => ("-", names.as_str(), "-"),
        Lang::Fa => ("-", "-", names.as_str()),
    };
    let note = if b.notes.is_empty() {
        "-".to_owned()
    } else {
        b.notes.join("; ")
    };
    out.tsv.push_str(&format!(
        "{id}\t{en}\t{ar}\t{fa}\t{}\t-\t{note}\n",
        b.roles.join(" | ")
    ));
    out.rows += 1;
}

/// Parses `[CODE …] [CODE …]` into roles of `b`.
fn add_codes(
    lx: &Lexicon,
    b: &mut ActorBlock,
    codes: &str,
    line: usize,
    raw: &str,
    skipped: &mut Vec<Skipped>,
) {
    let mut rest = codes.trim();
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            skipped.push(Skipped {
                line,
                reason: "unclosed [".into(),
                text: raw.trim().into(),
            });
            return;
        };
        let inner = rest[open + 1..open + close].trim();
        rest = &rest[open + close + 1..];
        match parse_code(lx, inner) {
            Ok(Some(role)) => b.roles.push(role),
            Ok(None) => b.notes.push(format!("petrarch [{inner}]")),
            Err(reason) => skipped.push(Skipped {
                line,
                reason,
                text: format!("[{inner}]"),
            }),
        }
    }
}

/// `IRNGOV 20130803-20210803` → `IRN GOV 2013-08-03..2021-08-03`; `None` for a code without a
/// country (`ELI`, `---`).
fn parse_code(lx: &Lexicon, inner: &str) -> Result<Option<String>, String> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().unwrap_or("");
    let code = code.trim_start_matches('~');
    if code.is_empty() || code.starts_with('-') {
        return Ok(None);
    }
    if code.len() / 3 * 3 != code.len() || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(format!("code is not a sequence of 3-letter codes ({code})"));
    }
    let chunks: Vec<&str> = (0..code.len())
        .step_by(3)
        .map(|i| &code[i..i + 3])
        .collect();
    if code.len() == 3 && is_sector_only(code) {
        return Ok(None);
    }
    // With a lexicon at hand, the country must be known and the sector is the first known
    // sector code after it (`NGOUSAHRI` → `NGO HRI`); without one, the second code is taken.
    if !lx.countries.is_empty() && !lx.is_known_code(chunks[0]) {
        return Err(format!("unknown country code {}", chunks[0]));
    }
    let mut role = chunks[0].to_owned();
    let sector = chunks[1..]
        .iter()
        .map(|s| map_sector(s))
        .find(|s| lx.sectors.is_empty() || lx.sectors.iter().any(|x| x.code == *s));
    if let Some(s) = sector {
        role = format!("{role} {s}");
    }
    let dates: Vec<&str> = parts.collect();
    if let Some(d) = dates.first() {
        let (from, to) = if let Some(x) = d.strip_prefix('>') {
            (Some(x), None)
        } else if let Some(x) = d.strip_prefix('<') {
            (None, Some(x))
        } else if let Some((a, b)) = d.split_once('-') {
            (Some(a), Some(b))
        } else {
            return Err(format!("date range not understood ({d})"));
        };
        let from = from.map(parse_petrarch_date).transpose()?;
        let mut to = to.map(parse_petrarch_date).transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                to = None;
            }
        }
        let f = from.map(|d| d.to_string()).unwrap_or_default();
        let t = to.map(|d| d.to_string()).unwrap_or_default();
        role = format!("{role} {f}..{t}");
    }
    Ok(Some(role))
}

fn parse_petrarch_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let full = match s.len() {
        8 => s.to_owned(),
        6 => {
            let yy: u32 = s[..2].parse().map_err(|_| format!("bad date ({s})"))?;
            format!("{}{s}", if yy > 30 { "19" } else { "20" })
        }
        _ => return Err(format!("bad date ({s})")),
    };
    chrono::NaiveDate::parse_from_str(&full, "%Y%m%d").map_err(|_| format!("bad date ({s})"))
}

/// Codes that name a role, not a country (the CAMEO sector and role codes used alone).
fn is_sector_only(code: &str) -> bool {
    matches!(
        code,
        "GOV"
            | "MIL"
            | "COP"
            | "JUD"
            | "LEG"
            | "PTY"
            | "REB"
            | "OPP"
            | "SPY"
            | "UAF"
            | "CVL"
            | "BUS"
            | "MED"
            | "JRN"
            | "EDU"
            | "REL"
            | "LAB"
            | "ELI"
            | "REF"
            | "HLH"
            | "AGR"
            | "CRM"
            | "DEV"
            | "ENV"
            | "HRI"
            | "MOD"
            | "RAD"
            | "SET"
            | "INS"
            | "IRC"
            | "AMN"
            | "GRN"
            | "MNC"
            | "NGM"
    )
}

/// CAMEO sector codes whose meaning differs in our `sectors.tsv`.
fn map_sector(s: &str) -> &str {
    match s {
        "MED" => "JRN",
        "HLH" => "MED",
        _ => s,
    }
}

fn agents(text: &str, lang: Lang) -> Imported {
    let mut out = Imported {
        tsv: "lang\tterms\tsector\tnote\n".into(),
        ..Imported::default()
    };
    let mut macros: HashMap<String, Vec<String>> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some((name, values)) = t.split_once('=') {
            if name.trim().starts_with('!') && !t.contains('[') {
                let vals = values
                    .split(',')
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
                    .collect();
                macros.insert(name.trim().to_owned(), vals);
                continue;
            }
        }
        let Some(open) = t.find('[') else {
            skip(&mut out, line_no, "no [sector] code", raw);
            continue;
        };
        let Some(close) = t[open..].find(']').map(|c| open + c) else {
            skip(&mut out, line_no, "unclosed [", raw);
            continue;
        };
        let code = t[open + 1..close].trim().trim_start_matches('~');
        if code.len() < 3
            || !code.is_char_boundary(3)
            || !code[..3].chars().all(|c| c.is_ascii_uppercase())
        {
            skip(&mut out, line_no, "sector code not understood", raw);
            continue;
        }
        let sector = map_sector(&code[..3]);
        let note = if code.len() > 3 {
            format!("petrarch {code}")
        } else {
            "-".into()
        };
        let terms: Vec<String> = if lang == Lang::En {
            expand_macros(&t[..open], &macros)
        } else {
            let after = strip_comment(&t[close + 1..]).trim().to_owned();
            if after.is_empty()
                || !after
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c))
            {
                skip(&mut out, line_no, "no Arabic term after the code", raw);
                continue;
            }
            vec![after.replace('_', " ").trim().to_owned()]
        };
        let terms: Vec<String> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        if terms.is_empty() {
            skip(&mut out, line_no, "empty term", raw);
            continue;
        }
        out.tsv.push_str(&format!(
            "{}\t{}\t{sector}\t{note}\n",
            lang.code(),
            terms.join(" | ")
        ));
        out.rows += 1;
    }
    out
}

fn expand_macros(term: &str, macros: &HashMap<String, Vec<String>>) -> Vec<String> {
    let term = term.trim();
    for (name, values) in macros {
        if term.contains(name.as_str()) {
            return values
                .iter()
                .flat_map(|v| {
                    expand_macros(&term.replacen(name.as_str(), &format!("{v}_"), 1), macros)
                })
                .collect();
        }
    }
    vec![phrase(term).to_lowercase()]
}

fn verbs(text: &str, lang: Lang, lx: &Lexicon) -> Imported {
    let mut out = Imported {
        tsv: if lang == Lang::En {
            "lemma\tpast\tparticiple\tnouns\tevent\tmode\tcameo\tpreps\tnote\n".into()
        } else {
            "lemma\tform\tpresent\tpassive\tnouns\tevent\tmode\tcameo\tpreps\tnote\n".into()
        },
        ..Imported::default()
    };
    let mut in_patterns = false;
    let mut block_code: Option<String> = None;
    // (lemma, past forms) of the current block.
    let mut block_verbs: Vec<(String, Vec<String>)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let t = raw.trim();
        if t.contains("VERB PATTERNS") {
            in_patterns = true;
            continue;
        }
        if !in_patterns || t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with("---") {
            let inner = t.trim_matches('-').trim();
            let code = inner.find('[').and_then(|o| {
                inner[o + 1..]
                    .find(']')
                    .map(|c| inner[o + 1..o + 1 + c].trim())
            });
            block_code = code
                .filter(|c| c.chars().all(|x| x.is_ascii_digit()))
                .map(str::to_owned);
            block_verbs.clear();
            continue;
        }
        if let Some(pat) = t.strip_prefix('-') {
            let (body, comment) = match pat.split_once('#') {
                Some((b, c)) => (b.trim(), c.trim()),
                None => (pat.trim(), ""),
            };
            let Some((phrase_part, code)) = body
                .rsplit_once('[')
                .and_then(|(p, c)| c.split_once(']').map(|(c, _)| (p.trim(), c.trim())))
            else {
                skip(&mut out, line_no, "pattern without [code]", raw);
                continue;
            };
            let code = code.split(':').next().unwrap_or("");
            let Some(rest) = phrase_part.strip_prefix('*') else {
                skip(&mut out, line_no, "words before the verb", raw);
                continue;
            };
            let rest = rest.trim();
            let (words, preps) =
                if let Some(p) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                    ("", p.trim())
                } else {
                    (rest, "")
                };
            let plain = |s: &str| {
                s.split_whitespace()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '_' || c == '-'))
            };
            if !plain(words) || !plain(preps) || preps.contains(' ') {
                skip(
                    &mut out,
                    line_no,
                    "pattern uses synonym sets, alternatives or nested phrases",
                    raw,
                );
                continue;
            }
            let named: Vec<String> = comment
                .split([',', ' '])
                .map(|w| w.trim().to_lowercase().replace('_', " "))
                .collect();
            let mut targets: Vec<&(String, Vec<String>)> = block_verbs
                .iter()
                .filter(|(l, _)| named.contains(l))
                .collect();
            if targets.is_empty() {
                targets = block_verbs.iter().collect();
            }
            if targets.is_empty() {
                skip(
                    &mut out,
                    line_no,
                    "pattern before any verb of its block",
                    raw,
                );
                continue;
            }
            let rows: Vec<(String, Vec<String>)> = targets
                .iter()
                .map(|(l, past)| {
                    let lemma = if words.is_empty() {
                        l.clone()
                    } else {
                        format!("{l} {}", phrase(words).to_lowercase())
                    };
                    (lemma, past.clone())
                })
                .collect();
            for (lemma, past) in rows {
                emit_verb(
                    &mut out,
                    lx,
                    lang,
                    &lemma,
                    &past,
                    code,
                    &phrase(preps).to_lowercase(),
                    line_no,
                    raw,
                );
            }
            continue;
        }
        // A verb line: `WORD {FORMS}` or `WORD`.
        let body = strip_comment(t).trim();
        let (word, forms) = match body.split_once('{') {
            Some((w, f)) => (
                w.trim(),
                f.trim_end_matches('}')
                    .split_whitespace()
                    .map(|s| s.to_lowercase())
                    .collect::<Vec<_>>(),
            ),
            None => (body, Vec::new()),
        };
        if word.is_empty() || word.contains(' ') && !word.contains('_') {
            skip(&mut out, line_no, "verb line not understood", raw);
            continue;
        }
        let lemma = phrase(word).to_lowercase();
        let past: Vec<String> = forms
            .into_iter()
            .filter(|f| !f.ends_with("ing") && !f.ends_with('s'))
            .collect();
        if let Some(code) = block_code.clone() {
            emit_verb(&mut out, lx, lang, &lemma, &past, &code, "", line_no, raw);
        }
        block_verbs.push((lemma, past));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn emit_verb(
    out: &mut Imported,
    lx: &Lexicon,
    lang: Lang,
    lemma: &str,
    past: &[String],
    code: &str,
    preps: &str,
    line: usize,
    raw: &str,
) {
    let Some(row) = lx.cameo(code) else {
        skip(
            out,
            line,
            &format!("CAMEO code {code} is not in cameo.tsv"),
            raw,
        );
        return;
    };
    let Some(event) = row.event.as_deref() else {
        skip(
            out,
            line,
            &format!("CAMEO code {code} has no PLOVER event in cameo.tsv"),
            raw,
        );
        return;
    };
    let mode = row.mode.as_deref().unwrap_or("-");
    let preps = if preps.is_empty() { "-" } else { preps };
    if lang == Lang::En {
        let p = if past.is_empty() {
            "-".to_owned()
        } else {
            past.join(" | ")
        };
        out.tsv.push_str(&format!(
            "{lemma}\t{p}\t{p}\t-\t{event}\t{mode}\t{code}\t{preps}\tpetrarch line {line}\n"
        ));
    } else {
        let form = guess_form(lemma);
        out.tsv.push_str(&format!("{lemma}\t{form}\t-\t-\t-\t{event}\t{mode}\t{code}\t{preps}\tpetrarch line {line}; form guessed\n"));
    }
    out.rows += 1;
}

/// A guess of the verb form from the shape of an unvocalised Arabic past 3ms.
pub fn guess_form(lemma: &str) -> &'static str {
    let head = lemma.split(' ').next().unwrap_or("");
    let cs: Vec<char> = head.chars().collect();
    let n = cs.len();
    if head.starts_with("است") && n >= 6 {
        "X"
    } else if (head.starts_with("ان") || head.starts_with("إن")) && n == 5 {
        "VII"
    } else if matches!(cs.first(), Some('ا' | 'إ'))
        && n == 5
        && matches!(cs.get(2), Some('ت' | 'ط' | 'د'))
    {
        "VIII"
    } else if matches!(cs.first(), Some('أ' | 'ا' | 'آ')) && n == 4 {
        "IV"
    } else if cs.first() == Some(&'ت') && n == 5 && cs.get(2) == Some(&'ا') {
        "VI"
    } else if cs.first() == Some(&'ت') && n == 4 {
        "V"
    } else if n == 4 && cs.get(1) == Some(&'ا') {
        "III"
    } else {
        "I"
    }
}

/// `SECRETARY_GENERAL_` → `Secretary General` (Latin) or `أمين_عام_` → `أمين عام`.
fn phrase(s: &str) -> String {
    s.replace('_', " ")
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if w.chars().all(|x| !x.is_lowercase()) && f.is_ascii_alphabetic() => {
                    f.to_string() + &c.as_str().to_lowercase()
                }
                Some(_) => w.to_owned(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits `NAME_ [CODES]` into the name and the codes part.
fn split_codes(s: &str) -> (&str, &str) {
    match s.find('[') {
        Some(i) => (s[..i].trim(), &s[i..]),
        None => (s.trim(), ""),
    }
}

fn strip_comment(s: &str) -> &str {
    match s.find('#') {
        Some(i) => &s[..i],
        None => s,
    }
}

fn skip(out: &mut Imported, line: usize, reason: &str, raw: &str) {
    out.skipped.push(Skipped {
        line,
        reason: reason.into(),
        text: raw.trim().into(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cameo_lexicon() -> Lexicon {
        Lexicon::from_sources(&[
            ("cameo.tsv", Some("cameo\tevent\tmode\tquad\tgoldstein\n120\tREJECT\t-\t3\t-4\n042\tCONSULT\tvisit\t1\t1.9\n163\tSANCTION\t-\t4\t-8\n")),
            ("plover.tsv", Some("event\tquad\tscore\nREJECT\t3\t-3\nCONSULT\t1\t2.5\nSANCTION\t4\t-6\n")),
        ])
    }

    /// Converts `input` and compares the TSV (without header) and the skipped line numbers.
    fn check(kind: ImportKind, lang: Lang, input: &str, rows: &[&str], skipped: &[usize]) {
        let got = import_petrarch(kind, input, lang, &cameo_lexicon());
        let body: Vec<&str> = got.tsv.lines().skip(1).collect();
        assert_eq!(body, rows, "rows");
        let lines: Vec<usize> = got.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, skipped, "skipped: {:?}", got.skipped);
    }

    #[test]
    fn actors_keep_dated_codes() {
        check(
            ImportKind::Actors,
            Lang::En,
            "# comment\nKOFI_ANNAN_\n+K._ANNAN_\n\t[IGOUNO 970101-061231]\n\t[ELI]# rulers\nJOHN_DOE_ [USAGOV >20170120] [USAMIL 19900101-19991231]\nNOBODY_\nBAD_ [IRNGOV 2004017-20061201]\n",
            &[
                "KOFI_ANNAN\tKofi Annan | K. Annan\t-\t-\tIGO UNO 1997-01-01..2006-12-31\t-\tpetrarch [ELI]",
                "JOHN_DOE\tJohn Doe\t-\t-\tUSA GOV 2017-01-20.. | USA MIL 1990-01-01..1999-12-31\t-\t-",
            ],
            &[7, 8, 8],
        );
    }

    #[test]
    fn arabic_actors_with_open_ends() {
        check(
            ImportKind::Actors,
            Lang::Ar,
            "نوري_المالكي_\n\t[IRQGOV 20101221-20140908]\nحماس\n\t[PSEREB 20140908-18000101]\n",
            &[
                "PETRARCH_AR_1\t-\tنوري المالكي\t-\tIRQ GOV 2010-12-21..2014-09-08\t-\t-",
                "PETRARCH_AR_3\t-\tحماس\t-\tPSE REB 2014-09-08..\t-\t-",
            ],
            &[],
        );
    }

    #[test]
    fn agents_expand_macros_and_map_sectors() {
        check(
            ImportKind::Agents,
            Lang::En,
            "!PERSON! = MAN, WOMAN\nFARMER [~AGR]\nDAIRY!PERSON! [~AGR]\nREPORTER [~MED]\nNOTHING\n",
            &["en\tfarmer\tAGR\t-", "en\tdairyman | dairywoman\tAGR\t-", "en\treporter\tJRN\t-"],
            &[5],
        );
        check(
            ImportKind::Agents,
            Lang::Ar,
            "SEPARATIST [~REB]انفصالي\nETHNIC_SEPARATISTS [~REB] # ?انفصاليين\n",
            &["ar\tانفصالي\tREB\t-"],
            &[2],
        );
    }

    #[test]
    fn verbs_from_blocks_and_plain_patterns() {
        check(
            ImportKind::Verbs,
            Lang::En,
            "&SYN\n+X\n####### VERB PATTERNS #######\n---  REJECT   [120]  ---\nREJECT\nSPURN {SPURNS SPURNED SPURNING}\n---  ADD   [---]  ---\nADD\n- * SANCTIONS [163]\n- * (TO LIST) (OF {BANNED}) [1722]\n- &MILITARY * [154]\n---  VISIT   [042]  ---\nVISIT\n- * (WITH) [042] # VISIT\n",
            &[
                "reject\t-\t-\t-\tREJECT\t-\t120\t-\tpetrarch line 5",
                "spurn\tspurned\tspurned\t-\tREJECT\t-\t120\t-\tpetrarch line 6",
                "add sanctions\t-\t-\t-\tSANCTION\t-\t163\t-\tpetrarch line 9",
                "visit\t-\t-\t-\tCONSULT\tvisit\t042\t-\tpetrarch line 13",
                "visit\t-\t-\t-\tCONSULT\tvisit\t042\twith\tpetrarch line 14",
            ],
            &[10, 11],
        );
    }

    #[test]
    fn arabic_verbs_get_a_guessed_form() {
        assert_eq!(guess_form("استخدم"), "X");
        assert_eq!(guess_form("انسحب"), "VII");
        assert_eq!(guess_form("اجتمع"), "VIII");
        assert_eq!(guess_form("أعلن"), "IV");
        assert_eq!(guess_form("تبادل"), "VI");
        assert_eq!(guess_form("رفض"), "I");
        check(
            ImportKind::Verbs,
            Lang::Ar,
            "####### VERB PATTERNS #######\n--- رفض [120] ---\nرفض # reject\n",
            &["رفض\tI\t-\t-\t-\tREJECT\t-\t120\t-\tpetrarch line 3; form guessed"],
            &[],
        );
    }
}
