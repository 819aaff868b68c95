//! End-to-end tests of the `marsad` binary: the `text` subcommands on Arabic and English input,
//! and the input handling of `code` (JSONL with bad lines, `--strict`, a missing `text`, stdin,
//! folders, the README's main command).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const ARABIC: &str = "وأصرت إيران على أن تركز المحادثات على الملف النووي. \
واتفق الجانبان يوم 6 شباط/فبراير على اللقاء مرة أخرى في مسقط.";
const ENGLISH: &str = "U.S. forces shot down an Iranian drone near the carrier. \
Iran rejected zero enrichment on Friday.";

/// What one run of the binary gave back.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `marsad args…` with `stdin`, from the repository root.
fn marsad(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the marsad binary runs");
    // A run that fails on its arguments exits before reading stdin; the write then meets a closed
    // pipe, which is not the test's concern (its exit code and stderr are).
    let _ = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("marsad finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `marsad text <sub>` on `input` and returns its JSON output.
fn text_json(sub: &str, extra: &[&str], input: &str) -> Value {
    let mut args = vec!["text", sub];
    args.extend_from_slice(extra);
    let run = marsad(&args, input);
    assert_eq!(run.code, 0, "marsad text {sub} failed: {}", run.stderr);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("marsad text {sub} printed bad JSON ({e}): {}", run.stdout))
}

/// Runs `marsad code args…` and checks the exit code and that stderr holds each expected part.
fn check_code(args: &[&str], stdin: &str, code: i32, stderr_has: &[&str]) -> Run {
    let mut all = vec!["code"];
    all.extend_from_slice(args);
    let run = marsad(&all, stdin);
    assert_eq!(run.code, code, "marsad {all:?}: stderr was\n{}", run.stderr);
    for part in stderr_has {
        assert!(
            run.stderr.contains(part),
            "marsad {all:?}: stderr lacks {part:?}; it was\n{}",
            run.stderr
        );
    }
    run
}

/// A fresh folder for one test under cargo's scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `text[start..end]` in code points, as the event record promises.
fn slice(text: &str, start: &Value, end: &Value) -> String {
    let (s, e) = (
        start.as_u64().unwrap() as usize,
        end.as_u64().unwrap() as usize,
    );
    text.chars().skip(s).take(e.saturating_sub(s)).collect()
}

#[test]
fn text_lang_names_the_document_and_sentence_languages() {
    for (input, lang) in [(ARABIC, "ar"), (ENGLISH, "en")] {
        let out = text_json("lang", &[], input);
        assert_eq!(out["lang"], lang, "{out}");
        let sentences = out["sentences"].as_array().unwrap();
        assert!(!sentences.is_empty(), "{out}");
        assert!(sentences.iter().all(|s| s["lang"] == lang), "{out}");
    }
}

#[test]
fn text_split_gives_sentences_that_slice_the_input() {
    for input in [ARABIC, ENGLISH] {
        let out = text_json("split", &["-"], input);
        let sentences = out["sentences"].as_array().unwrap();
        assert_eq!(sentences.len(), 2, "{out}");
        for (i, s) in sentences.iter().enumerate() {
            assert_eq!(s["index"], i);
            assert_eq!(
                slice(input, &s["start"], &s["end"]),
                s["text"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn text_split_reads_a_file() {
    let dir = scratch("text_split_reads_a_file");
    let file = dir.join("doc.txt");
    std::fs::write(&file, ENGLISH).unwrap();
    let run = marsad(&["text", "split", file.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Iran rejected zero enrichment"));
}

#[test]
fn text_tokens_slice_the_input() {
    for input in [ARABIC, ENGLISH] {
        let out = text_json("tokens", &[], input);
        let tokens = out["tokens"].as_array().unwrap();
        assert!(tokens.len() > 10, "{out}");
        for t in tokens {
            assert_eq!(
                slice(input, &t["start"], &t["end"]),
                t["text"].as_str().unwrap()
            );
            assert!(t.get("kind").is_some() && t.get("key").is_some(), "{t}");
        }
        assert!(tokens
            .iter()
            .any(|t| t["text"] == "إيران" || t["text"] == "Iran"));
    }
}

#[test]
fn text_dates_resolve_an_arabic_day_against_the_publication_date() {
    // The acceptance case of issue 2: `يوم 6 شباط/فبراير` published 2026-02-08 is 2026-02-06.
    let input = "اجتمع الوفدان يوم 6 شباط/فبراير في مسقط.";
    let out = text_json("dates", &["--date", "2026-02-08"], input);
    let dates = out["dates"].as_array().unwrap();
    assert!(
        dates.iter().any(|d| d["start"] == "2026-02-06"),
        "no expression resolves to 2026-02-06: {out}"
    );
    for d in dates {
        let span = &d["span"];
        assert_eq!(
            slice(input, &span["start"], &span["end"]),
            d["text"].as_str().unwrap()
        );
    }
}

#[test]
fn text_dates_resolve_a_vague_past_to_a_range_before_publication() {
    // The other acceptance case of issue 2: `قبل أيام` is a range that ends before 2026-02-08.
    let out = text_json(
        "dates",
        &["--date", "2026-02-08"],
        "وقبل أيام أسقطت القوات الأمريكية طائرة مسيرة.",
    );
    let dates = out["dates"].as_array().unwrap();
    assert!(
        dates
            .iter()
            .any(|d| d["end"].as_str().is_some_and(|e| e < "2026-02-08")),
        "no range ending before 2026-02-08: {out}"
    );
}

#[test]
fn text_rejects_a_bad_date_argument() {
    let run = marsad(&["text", "dates", "--date", "6 Feb"], "x");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
}

#[test]
fn code_skips_and_counts_a_bad_json_line() {
    let dir = scratch("code_skips_and_counts_a_bad_json_line");
    let file = dir.join("in.jsonl");
    std::fs::write(
        &file,
        format!(
            "{}\n{{\"id\": \"b\", \"text\": \n\n{}\n",
            serde_json::json!({"id": "a", "text": ARABIC, "date": "2026-02-06"}),
            serde_json::json!({"id": "c", "text": ENGLISH, "lang": "en"}),
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let line2 = format!("{path}:2");
    check_code(
        &[path],
        "",
        0,
        &[
            &line2,
            "bad json",
            "read 2 documents",
            "skipped 1 (bad json 1)",
            "wrote ",
        ],
    );
    // --strict stops at the same line with exit code 1.
    check_code(&["--strict", path], "", 1, &[&line2, "--strict"]);
}

#[test]
fn code_reports_a_missing_text_field() {
    let input = "{\"id\": \"a\", \"title\": \"no text\"}\n{\"id\": \"b\", \"text\": 7}\n";
    check_code(
        &["--input", "jsonl"],
        input,
        0,
        &[
            "stdin:1: missing field `text`",
            "stdin:2: field `text` must be a string",
            "skipped 2",
        ],
    );
    check_code(
        &["--input", "jsonl", "--strict", "-"],
        input,
        1,
        &["stdin:1"],
    );
}

#[test]
fn code_reports_a_bad_date_or_lang() {
    let input = "{\"text\": \"x\", \"date\": \"Feb 6\"}\n{\"text\": \"x\", \"lang\": \"xx\"}\n";
    check_code(
        &["--input", "jsonl"],
        input,
        0,
        &[
            "stdin:1: field `date`",
            "stdin:2: field `lang`",
            "bad date 1",
            "bad lang 1",
        ],
    );
}

#[test]
fn code_reads_stdin_as_one_text_document() {
    check_code(&[], ARABIC, 0, &["read 1 document (ar 1)", "skipped 0"]);
    check_code(
        &["-", "--lang", "en"],
        ARABIC,
        0,
        &["read 1 document (en 1)"],
    );
}

#[test]
fn code_reads_folders_recursively() {
    let dir = scratch("code_reads_folders_recursively");
    std::fs::create_dir_all(dir.join("ar")).unwrap();
    std::fs::write(dir.join("ar/one.txt"), ARABIC).unwrap();
    std::fs::write(dir.join("two.txt"), ENGLISH).unwrap();
    std::fs::write(dir.join("notes.md"), "not an article").unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"\xff\xfe not utf-8").unwrap();
    check_code(
        &[dir.to_str().unwrap()],
        "",
        0,
        &[
            "read 2 documents (ar 1, en 1)",
            "skipped 1 (not utf-8 1)",
            "bad.txt",
        ],
    );
}

#[test]
fn code_fails_on_a_missing_path() {
    check_code(
        &["no/such/file.txt"],
        "",
        1,
        &["no/such/file.txt", "cannot open"],
    );
}

#[test]
fn code_writes_its_output_file() {
    let dir = scratch("code_writes_its_output_file");
    let out = dir.join("events.jsonl");
    let run = check_code(
        &["-o", out.to_str().unwrap(), "--date", "2026-02-07"],
        ENGLISH,
        0,
        &["wrote "],
    );
    assert_eq!(run.stdout, "", "events go to the file, not stdout");
    let written = std::fs::read_to_string(out).unwrap();
    let events: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON event"))
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "ASSAULT" && e["actor"][0]["code"] == "USA"),
        "{written}"
    );
    assert!(events.iter().any(|e| e["event"] == "REJECT"), "{written}");
}

#[test]
fn code_writes_tsv_and_table() {
    for (format, first) in [("tsv", "id\tdate"), ("table", "id ")] {
        let run = check_code(
            &["--format", format, "--date", "2026-02-07"],
            ENGLISH,
            0,
            &[],
        );
        assert!(run.stdout.starts_with(first), "{format}: {}", run.stdout);
        assert!(run.stdout.contains("ASSAULT"), "{format}: {}", run.stdout);
    }
}

#[test]
fn readme_main_command_reads_every_example() {
    let run = check_code(
        &["--input", "jsonl", "examples/articles.jsonl"],
        "",
        0,
        &["skipped 0"],
    );
    assert!(!run.stderr.contains("read 0 documents"), "{}", run.stderr);
}

/// Issue 13, item 11: `marsad code` reads Hijri dates (Umm al-Qura) as Gregorian days, and dates
/// the items of a history list by the year that opens them, which makes them historical.
#[test]
fn issue_13_code_reads_hijri_dates_and_history_lists() {
    let text = "اتفق الجانبان يوم 15 رمضان 1436 هـ على اللقاء مرة أخرى في مسقط.\n\
                1954 - وقعت مصر وبريطانيا اتفاق الجلاء.\n";
    let run = check_code(&["--lang", "ar", "--date", "2015-07-20"], text, 0, &[]);
    let got: Vec<(String, String, Value, Value)> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSONL"))
        .map(|e| {
            let text: String = e["text"].as_str().unwrap_or("").chars().take(4).collect();
            (
                text,
                e["event"].as_str().unwrap_or("").to_string(),
                e["date"].clone(),
                e["aux"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "اتفق".to_string(),
                "AGREE".to_string(),
                Value::from("2015-07-02"),
                serde_json::json!(["historical"])
            ),
            (
                "1954".to_string(),
                "AGREE".to_string(),
                Value::from("1954-01-01"),
                serde_json::json!(["historical"])
            ),
        ],
        "15 رمضان 1436 is 2 July 2015; 1954 opens a history-list item: {}",
        run.stdout
    );
}
