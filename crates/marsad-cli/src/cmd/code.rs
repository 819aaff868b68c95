//! `marsad code`: read documents, code them into events, write JSONL.
use clap::Args;

#[derive(Args)]
pub struct CodeArgs {}

pub fn run(_args: CodeArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet built")
}
