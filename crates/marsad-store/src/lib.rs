//! The embedded event database (work in progress: the model types come first).
pub mod model;
