//! The crate's one [`Error`] type and the [`Diagnostic`]s that validation returns.

use std::fmt;

/// Where in which lexicon file a problem sits: 1-based line and column (in code points).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// What went wrong; new kinds may be added without a breaking change.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file has no header line")]
    MissingHeader,
    #[error("unknown column")]
    UnknownColumn,
    #[error("column given twice")]
    DuplicateColumn,
    #[error("required column missing")]
    MissingColumn,
    #[error("more fields than the header names")]
    TooManyFields,
    #[error("required field is empty")]
    EmptyField,
    #[error("{0}")]
    Invalid(String),
}

/// A problem in a lexicon file, printed as `file:line:column: message (value)`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}{}", value_suffix(.value))]
pub struct Error {
    pub origin: Origin,
    pub kind: ErrorKind,
    /// The offending value, when there is one.
    pub value: Option<String>,
}

fn value_suffix(value: &Option<String>) -> String {
    match value {
        Some(v) => format!(" ({v})"),
        None => String::new(),
    }
}

impl Error {
    pub fn new(origin: Origin, kind: ErrorKind, value: Option<&str>) -> Self {
        Error {
            origin,
            kind,
            value: value.map(str::to_owned),
        }
    }

    /// Shorthand for an [`ErrorKind::Invalid`] error with a message and the offending value.
    pub fn invalid(origin: Origin, message: impl Into<String>, value: &str) -> Self {
        Error::new(origin, ErrorKind::Invalid(message.into()), Some(value))
    }
}

/// How bad a [`Diagnostic`] is: errors make `marsad lexicon check` fail, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding of loading or validation, printed as `file:line:column: severity: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(origin: &Origin, message: impl Into<String>) -> Self {
        Diagnostic::new(origin, Severity::Error, message)
    }

    pub fn warning(origin: &Origin, message: impl Into<String>) -> Self {
        Diagnostic::new(origin, Severity::Warning, message)
    }

    fn new(origin: &Origin, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            file: origin.file.clone(),
            line: origin.line,
            column: origin.column,
            severity,
            message: message.into(),
        }
    }

    pub fn origin(&self) -> Origin {
        Origin {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
        }
    }
}

impl From<Error> for Diagnostic {
    fn from(e: Error) -> Self {
        let message = match &e.value {
            Some(v) => format!("{} ({v})", e.kind),
            None => e.kind.to_string(),
        };
        Diagnostic::error(&e.origin, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {sev}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}
