//! `patuh lint`: not built yet.

use super::Exit;

/// Arguments of `patuh lint`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `patuh lint`.
pub fn run(_args: Args) -> Exit {
    eprintln!("patuh lint is not available yet");
    Exit::BadInput
}
