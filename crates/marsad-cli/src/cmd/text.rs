//! `marsad text …`: print what the text layer does with a document, as pretty JSON.
//!
//! Each subcommand reads one document (a file, or stdin for `-` or no path), calls one function of
//! `marsad-text` and prints the result with the surface text of every span next to its offsets.
//! Offsets are Unicode code points into the document, as everywhere in Marsad.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use marsad_text::dates::DateExpr;
use marsad_text::lang::Lang;
use marsad_text::token::TokenKind;
use marsad_text::{dates, lang, sentence, token, Document, Span};
use serde::Serialize;

use super::parse_date_arg;
use marsad_ingest::input;

#[derive(Subcommand, Debug)]
pub enum TextCommand {
    /// Identify the language of a document and of each of its sentences
    #[command(long_about = "\
Identify the language (ar, en, fa or other) of a document and of each of its sentences.

Prints {\"lang\": .., \"sentences\": [{\"index\", \"start\", \"end\", \"lang\"}, ..]}.

Examples:
  marsad text lang article.txt
  echo 'رفضت إيران المطالب الأمريكية.' | marsad text lang")]
    Lang(TextArgs),
    /// Split a document into sentences
    #[command(long_about = "\
Split a document into sentences, with Arabic punctuation (، ؛ ؟), English abbreviations \
(U.S., Dr., Jan.), quotation marks and paragraphs handled.

Prints {\"lang\": .., \"sentences\": [{\"index\", \"start\", \"end\", \"text\", \"lang\"}, ..]}; \
start and end are code-point offsets into the document.

Examples:
  marsad text split article.txt
  printf 'Talks ended in Muscat. Both sides will meet again.' | marsad text split -")]
    Split(TextArgs),
    /// Cut a document into tokens with their offsets, kinds and matching keys
    #[command(long_about = "\
Cut a document into tokens.

Prints {\"tokens\": [{\"text\", \"start\", \"end\", \"kind\", \"key\"}, ..]}; start and end are \
code-point offsets into the document, key is the normalised matching key (the text is never \
changed).

Examples:
  marsad text tokens article.txt
  echo 'وأصرت إيران على المحادثات النووية' | marsad text tokens")]
    Tokens(TextArgs),
    /// Find date expressions and resolve them against a publication date
    #[command(long_about = "\
Find date expressions (absolute, weekday, relative) and resolve them against the publication \
date given with --date.

Prints {\"date\": .., \"dates\": [{\"text\", \"span\", \"precision\", \"start\", \"end\", ..}, ..]}, \
where start and end are the resolved calendar dates.

Examples:
  echo 'التقى الوفدان في مسقط يوم 6 شباط/فبراير' | marsad text dates --date 2026-02-08
  echo 'قبل أيام أسقطت القوات الأمريكية طائرة مسيرة' | marsad text dates --date 2026-02-08
  marsad text dates article.txt --date 2026-02-07")]
    Dates(DatesArgs),
}

/// The document to read.
#[derive(Args, Debug)]
pub struct TextArgs {
    /// A UTF-8 text file; `-` or nothing reads stdin
    pub file: Option<PathBuf>,
}

/// The document to read and its publication date.
#[derive(Args, Debug)]
pub struct DatesArgs {
    #[command(flatten)]
    pub doc: TextArgs,
    /// Publication date (YYYY-MM-DD) that relative expressions resolve against
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

pub fn run(cmd: TextCommand) -> anyhow::Result<()> {
    let pretty = match cmd {
        TextCommand::Lang(a) => serde_json::to_string_pretty(&langs(&read(&a)?)),
        TextCommand::Split(a) => serde_json::to_string_pretty(&sentences(&read(&a)?)),
        TextCommand::Tokens(a) => serde_json::to_string_pretty(&tokens(&read(&a)?)),
        TextCommand::Dates(a) => serde_json::to_string_pretty(&date_exprs(&read(&a.doc)?, a.date)),
    }
    .context("cannot serialise the output")?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{pretty}").context("cannot write to stdout")?;
    Ok(())
}

/// The document language plus the language of every sentence.
fn langs(doc: &Document) -> SentencesOut<'_> {
    let sentences: Vec<SentenceOut> = sentence::split(doc.text())
        .into_iter()
        .enumerate()
        .map(|(index, span)| SentenceOut::new(doc, index, span, false))
        .collect();
    SentencesOut {
        lang: lang::detect(doc.text()),
        sentences,
    }
}

/// The sentences with their text and language.
fn sentences(doc: &Document) -> SentencesOut<'_> {
    let sentences: Vec<SentenceOut> = sentence::split(doc.text())
        .into_iter()
        .enumerate()
        .map(|(index, span)| SentenceOut::new(doc, index, span, true))
        .collect();
    SentencesOut {
        lang: lang::detect(doc.text()),
        sentences,
    }
}

/// Every token with its surface, offsets, kind and key.
fn tokens(doc: &Document) -> TokensOut<'_> {
    let tokens: Vec<TokenOut> = token::tokenize(doc.text())
        .into_iter()
        .map(|t| TokenOut {
            text: doc.slice(t.span),
            start: t.span.start,
            end: t.span.end,
            kind: t.kind,
            key: t.key,
        })
        .collect();
    TokensOut { tokens }
}

/// What `text lang` and `text split` print. Structs rather than `json!` throughout, so that the
/// fields keep this order (`serde_json` maps sort their keys).
#[derive(Serialize)]
struct SentencesOut<'a> {
    lang: Lang,
    sentences: Vec<SentenceOut<'a>>,
}

/// What `text tokens` prints.
#[derive(Serialize)]
struct TokensOut<'a> {
    tokens: Vec<TokenOut<'a>>,
}

/// One sentence as printed.
#[derive(Serialize)]
struct SentenceOut<'a> {
    index: usize,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    lang: Lang,
}

impl<'a> SentenceOut<'a> {
    fn new(doc: &'a Document, index: usize, span: Span, with_text: bool) -> Self {
        let text = doc.slice(span);
        SentenceOut {
            index,
            start: span.start,
            end: span.end,
            text: with_text.then_some(text),
            lang: lang::detect(text),
        }
    }
}

/// One token as printed.
#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    kind: TokenKind,
    key: String,
}

/// Every date expression with its span, surface, precision and resolved first and last day.
fn date_exprs(doc: &Document, date: Option<NaiveDate>) -> DatesOut {
    DatesOut {
        date,
        dates: dates::find_dates(doc.text(), date),
    }
}

/// What `text dates` prints.
#[derive(Serialize)]
struct DatesOut {
    /// The publication date relative expressions were resolved against.
    date: Option<NaiveDate>,
    dates: Vec<DateExpr>,
}

/// Reads the document named on the command line (stdin for `-` or none).
fn read(args: &TextArgs) -> anyhow::Result<Document> {
    let path = args.file.clone().unwrap_or_else(|| PathBuf::from("-"));
    let doc = input::read_one_text(path)?;
    Ok(Document::new(doc.text))
}
