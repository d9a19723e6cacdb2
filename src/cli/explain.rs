//! `patuh explain`: not built yet.

use super::Exit;

/// Arguments of `patuh explain`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `patuh explain`.
pub fn run(_args: Args) -> Exit {
    eprintln!("patuh explain is not available yet");
    Exit::BadInput
}
