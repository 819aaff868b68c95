//! Reading documents for `marsad code`: plain text files, folders of them, stdin, and JSONL.
//!
//! [`Inputs`] is a streaming iterator over the paths given on the command line.
//! It yields one [`InputDoc`] per document, or an [`InputError`] that names the file and line.
//! JSONL is read one line at a time through a `BufReader` with one reused buffer,
//! so memory stays flat however large the input is (issue 2 asks for a 1 GB file).
//!
//! A text file is one document whose id is the file stem; stdin read as text is the document `stdin`.
//! A JSONL line is one object `{"id", "text", "date"?, "lang"?, "title"?, "url"?, "source"?}`;
//! unknown fields are ignored, `null` means absent, and a line without an id gets `file:line`.
//! Blank lines are skipped silently.
//!
//! Errors come in two weights.
//! A bad line or an unreadable document is *recoverable*: the caller reports it, counts it and goes on
//! (or stops, under `--strict`).
//! A path that does not exist or cannot be opened is *fatal* ([`InputError::is_fatal`]),
//! because it is a mistake on the command line rather than messy data.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use marsad_text::lang::Lang;
use serde_json::{Map, Value};

/// One document as read, before any text processing.
#[derive(Clone, Debug, PartialEq)]
pub struct InputDoc {
    /// The document id: the JSONL `id`, the file stem, `stdin`, or `file:line` when a JSONL line has none.
    pub id: String,
    /// The document text, exactly as read (a leading byte-order mark is dropped).
    pub text: String,
    /// Publication date: the JSONL `date`, else the `--date` default.
    pub date: Option<NaiveDate>,
    /// Language: the JSONL `lang`, else the `--lang` default; `None` means "detect it".
    pub lang: Option<Lang>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// Where the document came from: `path` for a text file, `path:line` for a JSONL line.
    pub origin: String,
}

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// What applies to every document that does not say otherwise.
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// Forces the format of every input; `None` picks JSONL for `*.jsonl` paths and text otherwise.
    pub format: Option<InputFormat>,
    /// Publication date for documents without one.
    pub date: Option<NaiveDate>,
    /// Language for documents without one.
    pub lang: Option<Lang>,
}

/// Why an input could not be read.
#[derive(Debug)]
pub struct InputError {
    /// `path` or `path:line`.
    pub origin: String,
    pub kind: InputErrorKind,
}

/// The kinds of [`InputError`]; `label` gives each a short name for summaries.
#[derive(Debug)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// A path given on the command line does not exist or cannot be opened or listed.
    Open(io::Error),
    /// Reading failed part-way through a file or stdin.
    Read(io::Error),
    /// The bytes are not UTF-8.
    NotUtf8 { byte: usize },
    /// A JSONL line is not valid JSON.
    BadJson(serde_json::Error),
    /// A JSONL line is valid JSON but not an object.
    NotAnObject { found: &'static str },
    /// The `text` field is absent or `null`.
    MissingText,
    /// A field has the wrong JSON type.
    BadField {
        field: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    /// The `date` field is not `YYYY-MM-DD`.
    BadDate { value: String },
    /// The `lang` field is not a language Marsad knows.
    BadLang { value: String },
}

/// A streaming iterator over the documents in a list of paths (`-` is stdin).
pub struct Inputs {
    options: InputOptions,
    /// Paths still to open, in reverse order so that `pop` takes the next one.
    pending: Vec<PathBuf>,
    current: Option<Source>,
}

impl InputError {
    /// True when the error is about the command line rather than one document.
    pub fn is_fatal(&self) -> bool {
        matches!(self.kind, InputErrorKind::Open(_))
    }
}

impl InputErrorKind {
    /// A short stable name for the summary line (`bad json`, `missing text`, …).
    pub fn label(&self) -> &'static str {
        match self {
            InputErrorKind::Open(_) => "cannot open",
            InputErrorKind::Read(_) => "read error",
            InputErrorKind::NotUtf8 { .. } => "not utf-8",
            InputErrorKind::BadJson(_) => "bad json",
            InputErrorKind::NotAnObject { .. } => "not an object",
            InputErrorKind::MissingText => "missing text",
            InputErrorKind::BadField { .. } => "bad field",
            InputErrorKind::BadDate { .. } => "bad date",
            InputErrorKind::BadLang { .. } => "bad lang",
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        match &self.kind {
            InputErrorKind::Open(e) => write!(f, "cannot open: {e}"),
            InputErrorKind::Read(e) => write!(f, "read error: {e}"),
            InputErrorKind::NotUtf8 { byte } => write!(f, "not utf-8 at byte {byte} of the line"),
            InputErrorKind::BadJson(e) => {
                // serde_json ends its message with "at line 1 column N", where the line is always 1
                // because a JSONL record is one line; give the column only, next to the file line.
                let msg = e.to_string();
                let suffix = format!(" at line {} column {}", e.line(), e.column());
                let msg = msg.strip_suffix(&suffix).unwrap_or(&msg);
                write!(f, "bad json at column {}: {msg}", e.column())
            }
            InputErrorKind::NotAnObject { found } => {
                write!(f, "expected a json object, found {found}")
            }
            InputErrorKind::MissingText => write!(f, "missing field `text`"),
            InputErrorKind::BadField {
                field,
                expected,
                found,
            } => write!(f, "field `{field}` must be {expected}, found {found}"),
            InputErrorKind::BadDate { value } => {
                write!(f, "field `date` is not a YYYY-MM-DD date ({value})")
            }
            InputErrorKind::BadLang { value } => {
                write!(f, "field `lang` is not ar, en, fa or other ({value})")
            }
        }
    }
}

/// No `source`: the message already includes the underlying error, and the binary prints the
/// cause chain, which would then repeat it.
impl std::error::Error for InputError {}

impl Inputs {
    /// Reads `paths` in order; no paths means stdin.
    /// Folders are walked recursively in sorted order and give their `*.txt` and `*.jsonl` files.
    pub fn new(paths: Vec<PathBuf>, options: InputOptions) -> Self {
        let mut pending = if paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            paths
        };
        pending.reverse();
        Inputs {
            options,
            pending,
            current: None,
        }
    }

    /// Opens the next path: a JSONL stream, a whole text document, or a folder's files.
    fn open(&mut self, path: PathBuf) -> Option<Result<InputDoc, InputError>> {
        let is_stdin = path.as_os_str() == "-";
        let name = if is_stdin {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        if !is_stdin && path.is_dir() {
            return match list_folder(&path) {
                Ok(files) => {
                    self.pending.extend(files.into_iter().rev());
                    None
                }
                Err(e) => Some(Err(InputError {
                    origin: name,
                    kind: InputErrorKind::Open(e),
                })),
            };
        }
        let reader: Box<dyn Read> = if is_stdin {
            Box::new(io::stdin().lock())
        } else {
            match File::open(&path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    return Some(Err(InputError {
                        origin: name,
                        kind: InputErrorKind::Open(e),
                    }))
                }
            }
        };
        let format = self.options.format.unwrap_or_else(|| {
            if path.extension().is_some_and(|e| e == "jsonl") {
                InputFormat::Jsonl
            } else {
                InputFormat::Text
            }
        });
        match format {
            InputFormat::Jsonl => {
                self.current = Some(Source {
                    name,
                    reader: BufReader::with_capacity(1 << 16, reader),
                    line: 0,
                    buf: Vec::new(),
                });
                None
            }
            InputFormat::Text => {
                let id = if is_stdin {
                    "stdin".to_string()
                } else {
                    path.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| name.clone())
                };
                Some(read_text_document(reader, id, name, &self.options))
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<InputDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(source) = &mut self.current {
                match source.next_line(&self.options) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.pending.pop()?;
            if let Some(item) = self.open(path) {
                return Some(item);
            }
        }
    }
}

/// An open JSONL stream.
struct Source {
    name: String,
    reader: BufReader<Box<dyn Read>>,
    /// 1-based number of the line in `buf`.
    line: usize,
    buf: Vec<u8>,
}

impl Source {
    /// The next non-blank line's document or error; `None` at the end of the stream.
    fn next_line(&mut self, options: &InputOptions) -> Option<Result<InputDoc, InputError>> {
        loop {
            self.buf.clear();
            self.line += 1;
            let origin = || format!("{}:{}", self.name, self.line);
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    // A read error usually repeats forever; report it once and end this stream.
                    self.buf.clear();
                    let err = InputError {
                        origin: origin(),
                        kind: InputErrorKind::Read(e),
                    };
                    self.reader = BufReader::new(Box::new(io::empty()));
                    return Some(Err(err));
                }
            }
            let line = match std::str::from_utf8(&self.buf) {
                Ok(s) => s,
                Err(e) => {
                    return Some(Err(InputError {
                        origin: origin(),
                        kind: InputErrorKind::NotUtf8 {
                            byte: e.valid_up_to(),
                        },
                    }))
                }
            };
            let line = line.strip_prefix('\u{feff}').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            let line = line.trim_end_matches(['\n', '\r']);
            return Some(
                parse_json_line(line, &origin(), options).map_err(|kind| InputError {
                    origin: origin(),
                    kind,
                }),
            );
        }
    }
}

/// Reads one whole file (or stdin for `-`) as a single text document, for `marsad text`.
pub fn read_one_text(path: PathBuf) -> Result<InputDoc, InputError> {
    if path.is_dir() {
        return Err(InputError {
            origin: path.display().to_string(),
            kind: InputErrorKind::Open(io::Error::other("is a folder; give one file")),
        });
    }
    let options = InputOptions {
        format: Some(InputFormat::Text),
        ..InputOptions::default()
    };
    match Inputs::new(vec![path], options).next() {
        Some(item) => item,
        // A text path always yields exactly one item; this arm is unreachable in practice.
        None => Err(InputError {
            origin: "-".into(),
            kind: InputErrorKind::Read(io::Error::other("no document")),
        }),
    }
}

/// Parses one JSONL line into a document; `origin` is `file:line`.
pub fn parse_json_line(
    line: &str,
    origin: &str,
    options: &InputOptions,
) -> Result<InputDoc, InputErrorKind> {
    let value: Value = serde_json::from_str(line).map_err(InputErrorKind::BadJson)?;
    let Value::Object(mut obj) = value else {
        return Err(InputErrorKind::NotAnObject {
            found: json_type(&value),
        });
    };
    let text = match obj.remove("text") {
        None | Some(Value::Null) => return Err(InputErrorKind::MissingText),
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(InputErrorKind::BadField {
                field: "text",
                expected: "a string",
                found: json_type(&other),
            })
        }
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => origin.to_string(),
        Some(Value::String(s)) => s,
        // Numeric ids are common in exported corpora; keep their JSON spelling.
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(InputErrorKind::BadField {
                field: "id",
                expected: "a string or a number",
                found: json_type(&other),
            })
        }
    };
    let date = match take_string(&mut obj, "date")? {
        None => options.date,
        Some(s) => Some(parse_date(&s).ok_or(InputErrorKind::BadDate { value: s })?),
    };
    let lang = match take_string(&mut obj, "lang")? {
        None => options.lang,
        Some(s) => {
            Some(Lang::from_str(s.trim()).map_err(|_| InputErrorKind::BadLang { value: s })?)
        }
    };
    Ok(InputDoc {
        id,
        text,
        date,
        lang,
        title: take_string(&mut obj, "title")?,
        url: take_string(&mut obj, "url")?,
        source: take_string(&mut obj, "source")?,
        origin: origin.to_string(),
    })
}

/// Parses a publication date: `YYYY-MM-DD`, optionally followed by a time (`2026-02-06T09:30:00Z`),
/// because feeds and exports often carry full timestamps.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = match s.char_indices().nth(10) {
        Some((i, 'T' | 't' | ' ')) => &s[..i],
        Some(_) => return None,
        None => s,
    };
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Reads a whole text file (or stdin) as one document.
fn read_text_document(
    mut reader: Box<dyn Read>,
    id: String,
    origin: String,
    options: &InputOptions,
) -> Result<InputDoc, InputError> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Err(InputError {
            origin,
            kind: InputErrorKind::Read(e),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(InputError {
                origin,
                kind: InputErrorKind::NotUtf8 {
                    byte: e.utf8_error().valid_up_to(),
                },
            })
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(InputDoc {
        id,
        text,
        date: options.date,
        lang: options.lang,
        title: None,
        url: None,
        source: None,
        origin,
    })
}

/// The `*.txt` and `*.jsonl` files under `dir`, recursively, sorted by path.
fn list_folder(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "jsonl") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Removes `field` and returns it as a string; `null` or absent is `None`.
fn take_string(
    obj: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, InputErrorKind> {
    match obj.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(InputErrorKind::BadField {
            field,
            expected: "a string",
            found: json_type(&other),
        }),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `line` as line 3 of `in.jsonl` and returns the document or the error's label.
    fn check(line: &str, expected: Result<(&str, &str, Option<&str>), &str>) {
        let got = parse_json_line(line, "in.jsonl:3", &InputOptions::default());
        match (got, expected) {
            (Ok(doc), Ok((id, text, date))) => {
                assert_eq!(doc.id, id, "{line}");
                assert_eq!(doc.text, text, "{line}");
                assert_eq!(doc.date, date.and_then(parse_date), "{line}");
            }
            (Err(kind), Err(label)) => assert_eq!(kind.label(), label, "{line}: {kind:?}"),
            (got, expected) => panic!("{line}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn reads_the_design_shape() {
        check(
            r#"{"id":"a1","text":"رفضت إيران المطالب","date":"2026-02-06","title":"t"}"#,
            Ok(("a1", "رفضت إيران المطالب", Some("2026-02-06"))),
        );
        check(
            r#"{"text":"Talks ended.","date":"2026-02-06T18:00:00Z","extra":1}"#,
            Ok(("in.jsonl:3", "Talks ended.", Some("2026-02-06"))),
        );
        check(r#"{"id":17,"text":"x","date":null}"#, Ok(("17", "x", None)));
    }

    #[test]
    fn names_what_is_wrong() {
        check(r#"{"id":"a1","text":"x""#, Err("bad json"));
        check(r#"["x"]"#, Err("not an object"));
        check(r#"{"id":"a1"}"#, Err("missing text"));
        check(r#"{"id":"a1","text":null}"#, Err("missing text"));
        check(r#"{"id":"a1","text":5}"#, Err("bad field"));
        check(r#"{"id":[1],"text":"x"}"#, Err("bad field"));
        check(r#"{"text":"x","date":"6 Feb 2026"}"#, Err("bad date"));
        check(r#"{"text":"x","date":"2026-02-30"}"#, Err("bad date"));
        check(r#"{"text":"x","title":{}}"#, Err("bad field"));
    }

    #[test]
    fn dates_accept_timestamps_only_after_a_full_day() {
        assert_eq!(
            parse_date("2026-02-06"),
            NaiveDate::from_ymd_opt(2026, 2, 6)
        );
        assert_eq!(
            parse_date("2026-02-06 10:00"),
            NaiveDate::from_ymd_opt(2026, 2, 6)
        );
        assert_eq!(parse_date("2026-02-061"), None);
        assert_eq!(parse_date("٢٠٢٦-٠٢-٠٦"), None);
        assert_eq!(parse_date(""), None);
    }
}
