//! Running the `patuh` binary in scratch folders, for the report, waiver and
//! baseline tests.
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

/// A fresh scratch folder named after the test, holding `files`.
pub fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("patuh-{}-{name}", std::process::id()));
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
