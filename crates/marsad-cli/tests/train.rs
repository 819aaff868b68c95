//! Issue 11: the event scorer is data that the repository rebuilds. `marsad train` on `gold/`
//! with the repository's lexicon must give `lexicon/scorer.tsv` byte for byte, and `marsad eval`
//! must read the annotated format with its three levels per language.

mod support;

use std::fs;

use support::{marsad, ok, scratch};

#[test]
fn training_reproduces_the_shipped_weights() {
    let run = ok(&["train", "--check"]);
    assert!(
        run.stdout.contains("reproduced byte for byte"),
        "{}",
        run.stdout
    );
    // The honest figures come with it, for the model and for the rules alone.
    assert!(
        run.stdout.contains("5-fold cross-validated"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ar model") && run.stdout.contains("en rules"));
}

#[test]
fn a_weights_file_that_differs_is_refused() {
    let dir = scratch("train-check");
    let other = dir.join("scorer.tsv");
    fs::write(&other, "@version\t2\nevent/bias\t0.5\n").unwrap();
    let run = marsad(&[
        "train",
        "--check",
        "-o",
        other.to_str().unwrap(),
        "gold/written",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("retrain"), "{}", run.stderr);
}

#[test]
fn eval_scores_annotated_sentences_at_three_levels() {
    let dir = scratch("eval-gold");
    let gold = dir.join("g.jsonl");
    let lines = [
        serde_json::json!({"id": "a", "lang": "en", "date": "2026-02-07",
            "text": "Iran rejected the American proposal on Friday.",
            "events": [{"event": "REJECT", "actor": [{"code": "IRN", "sector": "GOV"}],
                        "recipient": [{"code": "USA", "sector": "GOV"}], "negated": false,
                        "aux": [], "trigger": "rejected"}]}),
        serde_json::json!({"id": "b", "lang": "en", "text": "The weather was fine.", "events": []}),
    ];
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    fs::write(&gold, text.join("\n")).unwrap();
    let run = ok(&["eval", "--json", gold.to_str().unwrap()]);
    let metrics: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for key in [
        "en.type.f1",
        "en.actor.f1",
        "en.recipient.f1",
        "en.candidate_recall",
    ] {
        assert!(metrics.get(key).is_some(), "{key} missing: {metrics}");
    }
    assert_eq!(metrics["en.candidate_recall"], 1.0, "{metrics}");
    let run = ok(&["eval", gold.to_str().unwrap()]);
    assert!(
        run.stdout
            .contains("== en: annotated gold (2 sentences, 1 events)"),
        "{}",
        run.stdout
    );
}
