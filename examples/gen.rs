//! Seeded generator of a synthetic national coverage dataset for benchmarks.
//!
//! A port of `shared/bench/gen.py` to Rust with only the standard library, so
//! a fresh clone can make its own benchmark data:
//!
//! ```text
//! cargo run --release --example gen -- --scale s|m|l [--out DIR] [--seed N] [--verify]
//! ```
//!
//! Writes `<out>/<scale>/yaml/<code>.yaml` (one file per province, in the
//! `DATA-FORMAT.md` convention; default out `$CARGO_TARGET_DIR/bench-data` (else `target/bench-data`), default seed
//! 20240508) and `<out>/expected-<scale>.json` with the number of violations
//! of each benchmark rule R1..R7 (`shared/bench/README.md`) that were planted.
//! Same seed, same bytes. How the data is made and the violations planted:
//! `benches/support/gen.rs`, shared with the tests and benchmarks.
//!
//! `--verify` evaluates R1..R7 on every generated province (in memory, by the
//! README's semantics, without looking at the plants) and stops unless the
//! counts found equal the counts planted.

#[expect(
    dead_code,
    reason = "each includer uses a part of the shared generator"
)]
#[path = "../benches/support/gen.rs"]
mod generator;

use generator::{Counts, DEFAULT_SEED, add_counts, provinces};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::exit;
use std::time::Instant;

struct Args {
    scale: String,
    out: PathBuf,
    seed: u64,
    verify: bool,
}

const USAGE: &str =
    "usage: cargo run --release --example gen -- --scale s|m|l [--out DIR] [--seed N] [--verify]";

fn usage(msg: &str) -> ! {
    eprintln!("error: {msg}\n{USAGE}");
    exit(2)
}

fn parse_args() -> Args {
    let mut a = Args {
        scale: String::new(),
        out: std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| PathBuf::from("target"), PathBuf::from)
            .join("bench-data"),
        seed: DEFAULT_SEED,
        verify: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("`{flag}` needs a value")))
        };
        match flag.as_str() {
            "--scale" => a.scale = value(),
            "--out" => a.out = PathBuf::from(value()),
            "--seed" => {
                a.seed = value()
                    .parse()
                    .unwrap_or_else(|_| usage("`--seed` takes a non-negative integer"))
            }
            "--verify" => a.verify = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                exit(0)
            }
            _ => usage(&format!("unknown argument `{flag}`")),
        }
    }
    if a.scale.is_empty() {
        usage("`--scale` is required");
    }
    a
}

/// Creates the YAML folder and empties it of earlier `.yaml` files, so a
/// rerun with another seed leaves no stale province behind.
fn prepare_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            fs::remove_file(path)?;
        }
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let a = parse_args();
    let start = Instant::now();
    let provinces = provinces(&a.scale, a.seed).unwrap_or_else(|e| usage(&e));
    let ydir = a.out.join(&a.scale).join("yaml");
    prepare_dir(&ydir)?;

    let mut planted: Counts = [0; 7];
    let (mut n_prov, mut regions) = (0, [0usize; 3]);
    let (mut region_years, mut bytes) = (0usize, 0u64);
    for p in provinces {
        if a.verify
            && let Err(e) = p.verify()
        {
            eprintln!("verify failed in {e}");
            exit(1);
        }
        let path = ydir.join(format!("{}.yaml", p.code));
        let mut w = BufWriter::with_capacity(1 << 20, fs::File::create(&path)?);
        p.write_yaml(&mut w)?;
        w.flush()?;
        drop(w);
        bytes += fs::metadata(&path)?.len();
        n_prov += 1;
        for (t, n) in regions.iter_mut().zip(p.regions) {
            *t += n;
        }
        region_years += p.region_years;
        add_counts(&mut planted, &p.planted);
    }

    let rules: Vec<String> = planted
        .iter()
        .enumerate()
        .map(|(i, n)| format!("\"R{}\": {n}", i + 1))
        .collect();
    let json = format!(
        "{{\n  \"scale\": \"{}\",\n  \"seed\": {},\n  \"violations\": {{ {} }},\n  \"region_years\": {region_years},\n  \"bytes\": {bytes}\n}}\n",
        a.scale,
        a.seed,
        rules.join(", ")
    );
    let expected = a.out.join(format!("expected-{}.json", a.scale));
    fs::write(&expected, &json)?;

    let [regencies, districts, villages] = regions;
    println!(
        "scale {}: {n_prov} provinces, {regencies} regencies, {districts} districts, {villages} villages",
        a.scale,
    );
    println!(
        "{region_years} region-years, {bytes} bytes of YAML in {}",
        ydir.display()
    );
    println!("planted: {}", rules.join(", ").replace('"', ""));
    if a.verify {
        println!(
            "verify: R1..R7 evaluated on every province; the counts found equal the counts planted"
        );
    }
    println!(
        "wrote {} in {:.2} s",
        expected.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
