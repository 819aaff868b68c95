//! Issue 13, items 4 and 15, through the command line a user types.
//!
//! Item 4: untrusted article text reaches other programs escaped for each sink: the Markdown
//! brief (no raw HTML, no Markdown markup), the terminal (`events` table and `report` text: no
//! escape sequences, C1 controls or bidi overrides) and CSV (no cell a spreadsheet runs as a
//! formula).
//! Item 15: a closed pipe is a quiet exit 0, each cause of an error is printed once, bad filters
//! and Parquet to stdout are usage errors (exit 2), help texts point only to files the repository
//! has, and the README says how to put `marsad` on PATH.

mod support;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

use support::{command, examples_db, marsad, ok, repo_root, s, scratch};

/// An article written to attack each sink: a formula first, HTML and Markdown markup, terminal
/// escape sequences (OSC title, clear screen, a C1 CSI, a bidi override) in a sentence the coder
/// codes as an Israel–Hezbollah assault, so that the events list and the second watch show it.
const EVIL: &str = "=HYPERLINK(\"http://evil.example\",\"click\") Iran rejected the American \
demands on Friday. Israel attacked Hezbollah on Thursday <script>alert(1)</script> <img src=x \
onerror=alert(2)> **bold** [link](http://x) \u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m \u{202e}evil.";

/// The characters that must never reach a terminal from article text.
fn terminal_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}' | '\u{2067}')
}

/// A database holding [`EVIL`] alone, built once per test binary.
fn evil_db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = scratch("evil");
        let input = dir.join("evil.jsonl");
        let line =
            serde_json::json!({"id": "evil-1", "date": "2026-02-06", "lang": "en", "text": EVIL});
        fs::write(&input, format!("{line}\n")).expect("write the article");
        let db = dir.join("evil.db");
        ok(&["ingest", "--db", s(&db), s(&input)]);
        db
    })
}

#[test]
fn issue_13_the_markdown_brief_escapes_html_and_markdown_in_evidence() {
    let out = scratch("evil-md").join("brief.md");
    ok(&[
        "report",
        "--db",
        s(evil_db()),
        "--watch",
        "watches/israel-hezbollah.toml",
        "--format",
        "markdown",
        "-o",
        s(&out),
    ]);
    let md = fs::read_to_string(&out).expect("the brief");
    let line = md
        .lines()
        .find(|l| l.contains("Israel attacked Hezbollah"))
        .unwrap_or_else(|| panic!("the evidence is in the brief:\n{md}"));
    for raw in ["<script>", "<img", "**bold**", "[link]("] {
        assert!(!line.contains(raw), "{raw} is raw in {line}");
    }
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(2)&gt;",
        "\\*\\*bold\\*\\*",
        "\\[link\\](http://x)",
    ] {
        assert!(line.contains(escaped), "{escaped} missing from {line}");
    }
    assert!(
        !md.chars().any(terminal_unsafe),
        "control characters in\n{md}"
    );
}

#[test]
fn issue_13_no_escape_sequence_reaches_the_terminal_from_events_or_report() {
    let db = s(evil_db());
    let table = ok(&["events", "--db", db]).stdout;
    let report = ok(&[
        "report",
        "--db",
        db,
        "--watch",
        "watches/israel-hezbollah.toml",
    ])
    .stdout;
    for (name, out) in [("events", &table), ("report", &report)] {
        assert!(
            out.contains("Israel attacked Hezbollah"),
            "{name} shows the evidence:\n{out}"
        );
        let bad: Vec<char> = out.chars().filter(|c| terminal_unsafe(*c)).collect();
        assert!(bad.is_empty(), "{name} writes {bad:?} to the terminal");
        // What was there is still visible as a replacement character, not silently dropped.
        assert!(out.contains("\u{fffd}]0;owned"), "{name}:\n{out}");
    }
    // JSONL is data, not a terminal format: it keeps the text exactly (JSON-escaped).
    let jsonl = ok(&["events", "--db", db, "--format", "jsonl"]).stdout;
    assert!(jsonl.contains("\\u001b]0;owned"), "{jsonl}");
}

#[test]
fn issue_13_csv_cells_never_start_a_formula() {
    let db = s(evil_db());
    let events = ok(&["events", "--db", db, "--format", "csv"]).stdout;
    let export = ok(&["export", "--db", db, "--format", "csv"]).stdout;
    for (name, csv) in [("events", &events), ("export", &export)] {
        assert!(
            csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\""),
            "{name}:\n{csv}"
        );
        assert!(!csv.contains(",\"=HYPERLINK"), "{name}:\n{csv}");
        // Negative scores stay numbers.
        assert!(csv.contains(",-10,"), "{name}:\n{csv}");
    }
    let tsv = ok(&["export", "--db", db, "--format", "tsv"]).stdout;
    assert!(tsv.contains("\t'=HYPERLINK("), "{tsv}");
}

#[test]
fn issue_13_a_closed_pipe_is_a_quiet_success() {
    let db = s(examples_db());
    for format in ["jsonl", "csv", "table"] {
        // The examples' events are several times a pipe's buffer in JSONL, so `marsad` is still
        // writing when the reader goes, as with `| head -1`.
        let mut child = command(&["events", "--db", db, "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("marsad starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("one line");
        assert!(!first.is_empty());
        // The reader is dropped here: the pipe closes.
        let out = child.wait_with_output().expect("marsad ends");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn issue_13_each_cause_of_an_error_is_printed_once() {
    let run = marsad(&["events", "--db", "README.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("file is not a database").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with("marsad: README.md: "),
        "{}",
        run.stderr
    );
    let run = marsad(&[
        "report",
        "--db",
        "README.md",
        "--watch",
        "watches/iran-us-talks.toml",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("file is not a database").count(),
        1,
        "{}",
        run.stderr
    );
    let db = scratch("no-folder").join("missing/x.db");
    let run = marsad(&["ingest", "--db", s(&db), "examples/articles.jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("unable to open database file").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn issue_13_bad_filters_are_usage_errors_like_the_api_s_400() {
    let db = s(examples_db());
    // Each case: the filter arguments and a fragment of the message.
    let cases: &[(&[&str], &str)] = &[
        (
            &["--event", "ASSAUL"],
            "\"ASSAUL\" is not a PLOVER event type",
        ),
        (
            &["--event", "ASSAULT,nonsense"],
            "\"NONSENSE\" is not a PLOVER event type",
        ),
        (
            &["--actor", "XXX"],
            "\"XXX\" is not a country or organisation code",
        ),
        (&["--actor", "I R N"], "--actor: expected a code like IRN"),
        (&["--dyad", "IRN-ZZZ"], "--dyad: \"ZZZ\" is not a country"),
        (
            &["--from", "2026-03-01", "--to", "2026-02-01"],
            "--from 2026-03-01 is after --to 2026-02-01",
        ),
        (&["--limit", "0"], "--limit: expected at least 1"),
    ];
    for (filter, message) in cases {
        for command in ["events", "export"] {
            let mut args = vec![command, "--db", db];
            if command == "export" {
                args.extend(["--format", "csv"]);
            }
            args.extend_from_slice(filter);
            let run = marsad(&args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        }
    }
    // Known values in any case still work, and a missing database is still a failure (1).
    ok(&[
        "events",
        "--db",
        db,
        "--event",
        "assault,Consult",
        "--actor",
        "irn",
    ]);
    let run = marsad(&["events", "--db", "no-such.db", "--actor", "IRN"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn issue_13_parquet_to_stdout_is_a_usage_error() {
    let run = marsad(&["export", "--db", s(examples_db()), "--format", "parquet"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("give it with -o FILE"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn issue_13_help_texts_point_to_files_the_repository_has() {
    let root = repo_root();
    let help = |args: &[&str]| ok(args).stdout;
    let mut texts = vec![help(&["--help"])];
    for sub in [
        "text", "code", "lexicon", "eval", "train", "run", "ingest", "events", "export", "serve",
        "report",
    ] {
        texts.push(help(&[sub, "--help"]));
    }
    for text in &texts {
        // The design notes and annotation guidelines live outside the repository.
        for missing in ["DESIGN.md", "ANNOTATION.md"] {
            assert!(!text.contains(missing), "{text}");
        }
        // Every repository path a help text names exists.
        for word in text.split(|c: char| c.is_whitespace() || "()[]{}\"',;".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            let is_path = [
                "crates/",
                "watches/",
                "lexicon/",
                "examples/",
                "eval/",
                "gold/",
            ]
            .iter()
            .any(|p| word.starts_with(p))
                || word.ends_with(".md");
            if is_path && !word.contains(['*', '<', '>']) {
                assert!(
                    root.join(word).exists(),
                    "help names {word}, which is not in the repository"
                );
            }
        }
    }
    assert!(
        texts[2].contains("crates/marsad-coder/src/record.rs"),
        "{}",
        texts[2]
    );
}

#[test]
fn issue_13_the_readme_says_how_to_put_marsad_on_path() {
    let readme = fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    assert!(
        readme.contains("cargo install --path crates/marsad-cli"),
        "install line"
    );
    assert!(
        readme.contains("target/release/marsad"),
        "the binary as the build leaves it"
    );
    assert!(repo_root().join("crates/marsad-cli/Cargo.toml").exists());
}
