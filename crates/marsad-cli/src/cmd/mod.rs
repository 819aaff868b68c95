//! One module per `marsad` subcommand.
pub mod code;
pub mod lexicon;
pub mod text;
