//! The one write endpoint, `POST /api/ingest`: files on the server into the database, through the
//! same pipeline as `marsad ingest`.
//!
//! It exists only when the server has a token, so the read-only default stays read-only. It takes
//! local paths only (no URLs: a server that fetches what a request names is a proxy into the
//! network it stands in), runs one ingest at a time (a second request gets 409 rather than queuing
//! behind a long one), and opens its own writable connection for the duration. Readers keep
//! reading meanwhile: SQLite's WAL mode lets them see the last committed batch.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use marsad_coder::Coder;
use marsad_ingest::input::{InputOptions, Inputs};
use marsad_ingest::pipeline::{self, IngestSummary, PipelineOptions, Progress};
use marsad_lexicon::Lexicon;
use marsad_store::Store;
use serde::Serialize;

use crate::api::ApiError;

/// Most paths one request may name.
pub const MAX_PATHS: usize = 100;
/// Most skipped-input messages returned (all are counted).
pub const MAX_SKIPPED_LISTED: usize = 100;

/// What `POST /api/ingest` answers.
#[derive(Debug, Serialize)]
pub struct IngestReport {
    pub read: usize,
    pub stored: usize,
    pub already_present: usize,
    pub near_duplicates: usize,
    pub skipped: usize,
    pub mentions: usize,
    pub new_events: usize,
    pub merged: usize,
    /// The first [`MAX_SKIPPED_LISTED`] skipped inputs, each with its `file:line` and reason.
    pub skipped_inputs: Vec<String>,
}

/// Checks the requested paths: at most [`MAX_PATHS`], each an existing local file or folder.
pub fn check_paths(paths: &[String]) -> Result<Vec<PathBuf>, ApiError> {
    if paths.is_empty() {
        return Err(ApiError::bad_request("paths: give at least one path"));
    }
    if paths.len() > MAX_PATHS {
        return Err(ApiError::bad_request(format!(
            "paths: at most {MAX_PATHS}, got {}",
            paths.len()
        )));
    }
    paths
        .iter()
        .map(|p| {
            if p.contains("://") || p == "-" {
                return Err(ApiError::bad_request(format!(
                    "{p}: only files and folders on the server can be ingested"
                )));
            }
            let path = Path::new(p);
            if !path.exists() {
                return Err(ApiError::bad_request(format!(
                    "{p}: no such file or folder"
                )));
            }
            Ok(path.to_path_buf())
        })
        .collect()
}

/// Ingests `paths` into the database at `db` (blocking: run it on the blocking pool).
pub fn run(db: &Path, paths: Vec<PathBuf>) -> Result<IngestReport, ApiError> {
    let internal = |m: String| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: m,
    };
    let lexicon = Lexicon::embedded().map_err(|e| internal(format!("lexicon: {e}")))?;
    let coder = Coder::new(&lexicon);
    let mut store = Store::open(db).map_err(|e| internal(e.to_string()))?;
    let inputs = Inputs::new(paths, InputOptions::default());
    let mut skipped_inputs = Vec::new();
    let summary: IngestSummary = pipeline::ingest(
        &mut store,
        &coder,
        inputs,
        &PipelineOptions::default(),
        |p| {
            if let Progress::Skipped(err) = p {
                if skipped_inputs.len() < MAX_SKIPPED_LISTED {
                    skipped_inputs.push(err.to_string());
                }
            }
        },
    )
    .map_err(|e| match e {
        pipeline::PipelineError::Input(err) => ApiError::bad_request(err.to_string()),
        other => internal(other.to_string()),
    })?;
    Ok(IngestReport {
        read: summary.read,
        stored: summary.stored,
        already_present: summary.already_present,
        near_duplicates: summary.near_duplicates,
        skipped: summary.skipped,
        mentions: summary.mentions,
        new_events: summary.new_events,
        merged: summary.merged,
        skipped_inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_existing_local_paths() {
        let here = env!("CARGO_MANIFEST_DIR").to_string();
        assert!(check_paths(std::slice::from_ref(&here)).is_ok());
        for bad in [
            "https://example.org/feed.xml",
            "-",
            "/no/such/marsad/file.jsonl",
        ] {
            let err = check_paths(&[bad.to_string()]).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(err.message.contains(bad), "{}", err.message);
        }
        assert!(check_paths(&[]).is_err());
        assert!(check_paths(&vec![here; MAX_PATHS + 1]).is_err());
    }
}
