//! `patuh test`: not built yet.

use super::Exit;

/// Arguments of `patuh test`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `patuh test`.
pub fn run(_args: Args) -> Exit {
    eprintln!("patuh test is not available yet");
    Exit::BadInput
}
