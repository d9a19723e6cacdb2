//! What the tests share: running the `patuh` binary in scratch folders,
//! the files of a test case under `tests/cases/`, and diagnostics rendered
//! as the plain report shows them.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `patuh ARGS` in `dir`.
pub fn patuh(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("patuh runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository, where the bundled pack and data are.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh scratch folder named after the test, holding `files`: under the
/// target folder, so runs reuse it instead of filling the system temp folder.
pub fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{}-{name}", env!("CARGO_CRATE_NAME")));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        write(&dir, path, text);
    }
    dir
}

/// Writes `text` to `dir/path`, making folders as needed.
pub fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// The JSON report of a run.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// A rule that every regency funds BPU premiums, as in the bundled pack.
pub const FUND_RULE: &str = r#"rule fund_bpu "Every regency must fund BPU coverage" {
  basis "Inpres 2/2021"
  for each regency in regencies
  require funds_bpu
  message "{regency.name} does not fund BPU premiums"
}
"#;

/// Donggala and Poso do not fund BPU premiums, Sigi does, Kota Palu has no figure.
pub const SULTENG: &str = "province: Sulawesi Tengah
regencies:
  - name: Donggala
    funds_bpu: false
  - name: Poso
    funds_bpu: false
  - name: Sigi
    funds_bpu: true
  - name: Kota Palu
";

/// The files of the test case at `path`, named relative to `base`: the
/// case file split at lines `# === NAME` into several files (the first part
/// keeps the case's own name), then, for a rule file, the data file beside
/// it with the same stem and `.yaml`, when there is one.
pub fn case_files(path: &Path, base: &Path) -> Vec<patuh::source::SourceFile> {
    let name = |p: &Path| {
        p.strip_prefix(base)
            .expect("the case is under its base")
            .to_string_lossy()
            .replace('\\', "/")
    };
    let text = std::fs::read_to_string(path).expect("the case is text");
    let mut files = Vec::new();
    let (mut current, mut body) = (name(path), String::new());
    for line in text.split_inclusive('\n') {
        match line.trim_end().strip_prefix("# === ") {
            Some(next) => {
                files.push(patuh::source::SourceFile::new(
                    current,
                    std::mem::take(&mut body),
                ));
                current = next.trim().to_owned();
            }
            None => body.push_str(line),
        }
    }
    files.push(patuh::source::SourceFile::new(current, body));
    let data = path.with_extension("yaml");
    if path.extension().is_some_and(|e| e == "rules") && data.exists() {
        let text = std::fs::read_to_string(&data).expect("the data is text");
        files.push(patuh::source::SourceFile::new(name(&data), text));
    }
    files
}

/// A diagnostic as the plain report shows it: no colour, 100 columns.
pub fn plain(d: &dyn miette::Diagnostic) -> String {
    patuh::report::render_diagnostic(d, patuh::report::DiagnosticStyle::PLAIN)
}

/// xorshift64*: a small seeded generator, the same on every machine, for
/// the generated tests (a failure reproduces from its seed).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
