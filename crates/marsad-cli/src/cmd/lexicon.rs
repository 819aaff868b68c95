//! `marsad lexicon …`: check, look up, count and import lexicon entries.
use clap::Subcommand;

#[derive(Subcommand)]
pub enum LexiconCommand {
    /// Check every lexicon file
    Check,
}

pub fn run(_cmd: LexiconCommand) -> anyhow::Result<()> {
    anyhow::bail!("not yet built")
}
