//! `patuh fmt`: not built yet.

use super::Exit;

/// Arguments of `patuh fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `patuh fmt`.
pub fn run(_args: Args) -> Exit {
    eprintln!("patuh fmt is not available yet");
    Exit::BadInput
}
