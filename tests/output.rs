//! Writing reports: a failed write is exit 2 with a message, a closed pipe
//! ends quietly, and `--output` writes through FIFOs, devices and symbolic
//! links instead of replacing them (Linux).

mod common;
use common::{FUND_RULE, SULTENG, patuh, repo, scratch};
use std::io::Read;
use std::process::{Command, Stdio};

/// Runs `patuh ARGS` in `dir` with standard output sent to `/dev/full`.
fn to_dev_full(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(args)
        .current_dir(dir)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("patuh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_report_written_to_a_full_disk_is_exit_2_in_every_command() {
    for args in [
        &["check", "rules", "data"][..],
        &["check", "rules", "data", "--format", "json"],
        &["check", "rules", "data", "--format", "sarif"],
        &["test", "rules"],
        &["explain", "fund_bpu", "rules", "data"],
        &["fmt", "--check", "rules"],
    ] {
        let (code, stderr) = to_dev_full(repo(), args);
        assert_eq!(code, 2, "{args:?}\n{stderr}");
        assert!(
            stderr.contains("patuh::output::stream")
                && stderr.contains("cannot write to standard output"),
            "{args:?}\n{stderr}"
        );
    }
}

#[test]
fn the_stream_error_is_documented() {
    let (_, stderr) = to_dev_full(repo(), &["check", "rules", "data", "--color", "never"]);
    insta::assert_snapshot!("output_stream", stderr);
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_runs_own_exit_code() {
    // Enough findings to overflow a pipe's buffer: the write fails when the
    // reader has gone.
    let mut data = String::from(
        "province: Big\nsources:\n  gen: { title: Generated, publisher: this test, date: 2025-01-01 }\nsource: gen\nregencies:\n",
    );
    for i in 0..3000 {
        data.push_str(&format!("  - name: R{i}\n    funds_bpu: false\n"));
    }
    let dir = scratch(
        "closed-pipe",
        &[("rules/fund.rules", FUND_RULE), ("data/big.yaml", &data)],
    );
    for format in ["human", "json", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_patuh"))
            .args([
                "check", "rules", "data", "--color", "never", "--format", format,
            ])
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("patuh runs");
        // `| head -c 10`: read a little, then close the pipe.
        let mut stdout = child.stdout.take().expect("stdout");
        let mut head = [0u8; 10];
        stdout.read_exact(&mut head).expect("some output");
        drop(stdout);
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            e.read_to_string(&mut stderr).expect("stderr");
        }
        let status = child.wait().expect("exits");
        assert_eq!(status.code(), Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

#[test]
fn dash_is_standard_output_and_two_reports_there_are_an_error() {
    let dir = scratch(
        "dash",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--output", "json=-"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    common::json(&run);
    assert!(!dir.join("-").exists(), "no file named `-`");
    for args in [
        &[
            "check", "rules", "data", "--output", "json=-", "--format", "sarif",
        ][..],
        &[
            "check", "rules", "data", "--output", "json=-", "--output", "sarif=-",
        ],
        &[
            "check",
            "rules",
            "data",
            "--output",
            "json=/dev/stdout",
            "--format",
            "json",
        ],
    ] {
        let run = patuh(&dir, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("patuh::output::duplicate"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    // `/dev/stdout` is patuh's own standard output, not a file to replace
    let run = patuh(
        &dir,
        &["check", "rules", "data", "--output", "sarif=/dev/stdout"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(common::json(&run)["runs"].is_array());
}

#[test]
fn a_symbolic_link_is_followed_and_its_target_replaced() {
    let dir = scratch(
        "symlink",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    std::fs::create_dir_all(dir.join("reports")).expect("mkdir");
    std::fs::write(dir.join("reports/real.json"), "old").expect("write");
    std::os::unix::fs::symlink("reports/real.json", dir.join("latest.json")).expect("symlink");
    // a dangling link: its target is created
    std::os::unix::fs::symlink("reports/new.sarif", dir.join("latest.sarif")).expect("symlink");
    let run = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--output",
            "json=latest.json",
            "--output",
            "sarif=latest.sarif",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (link, target) in [
        ("latest.json", "reports/real.json"),
        ("latest.sarif", "reports/new.sarif"),
    ] {
        let meta = std::fs::symlink_metadata(dir.join(link)).expect("link");
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
        let text = std::fs::read_to_string(dir.join(target)).expect("target");
        assert!(text.starts_with('{'), "{target}: {text}");
    }
}

#[test]
fn a_fifo_is_written_into_not_replaced() {
    let dir = scratch(
        "fifo-out",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let fifo = dir.join("report.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let run = patuh(
        &dir,
        &["check", "rules", "data", "--output", "json=report.fifo"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = reader.join().expect("reader");
    let report: serde_json::Value = serde_json::from_str(&text).expect("JSON through the FIFO");
    assert_eq!(report["version"], 2);
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(meta.file_type().is_fifo(), "still a FIFO");
}

#[test]
fn a_device_is_written_directly() {
    let dir = scratch(
        "device-out",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let run = patuh(
        &dir,
        &["check", "rules", "data", "--output", "json=/dev/null"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device());
    let run = patuh(
        &dir,
        &["check", "rules", "data", "--output", "json=/dev/full"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("patuh::output::write"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_names_of_one_file_are_one_output() {
    // `out/../out/a.json` and a link to `out/a.json` are the file
    // `out/a.json`: one report would silently replace the other.
    let dir = scratch(
        "outputs-one-file",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            ("out/a.json", "{}"),
        ],
    );
    std::os::unix::fs::symlink("a.json", dir.join("out/l.json")).expect("symlink");
    for other in ["sarif=out/../out/a.json", "sarif=out/l.json"] {
        let run = patuh(
            &dir,
            &[
                "check",
                "rules",
                "data",
                "--output",
                "json=out/a.json",
                "--output",
                other,
            ],
        );
        assert_eq!(run.code, 2, "{other}: {}", run.stderr);
        assert!(
            run.stderr.contains("patuh::output::duplicate"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("out/a.json")).expect("kept"),
        "{}"
    );
}
