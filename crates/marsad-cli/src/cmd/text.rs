//! `marsad text …`: print what the text layer does with a document, as JSON.
use clap::Subcommand;

#[derive(Subcommand)]
pub enum TextCommand {
    /// Identify the language of a document
    Lang,
}

pub fn run(_cmd: TextCommand) -> anyhow::Result<()> {
    anyhow::bail!("not yet built")
}
