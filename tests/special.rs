//! Special files among the inputs (Linux): FIFOs, sockets and devices met
//! while walking a folder are skipped with a warning, symbolic links that
//! lead nowhere are input errors, and a pipe or a device named on the
//! command line is read with the size limit, never waited on for ever.

mod common;
use common::{FUND_RULE, SULTENG, scratch};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `patuh ARGS` in `dir`, killing it if it has not ended after a
/// minute: a hang is a failure here, not a stuck test run.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("patuh runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("patuh {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out: Output = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(ok.success());
}

fn folder(name: &str) -> std::path::PathBuf {
    scratch(
        name,
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    )
}

#[test]
fn a_fifo_socket_or_device_in_a_data_folder_is_skipped_with_a_warning() {
    let dir = folder("walk-special");
    mkfifo(&dir.join("data/pipe.yaml"));
    let _socket =
        std::os::unix::net::UnixListener::bind(dir.join("data/socket.yaml")).expect("socket");
    std::os::unix::fs::symlink("/dev/zero", dir.join("data/zero.yaml")).expect("symlink");
    let (code, stdout, stderr) = run(&dir, &["check", "rules", "data", "--color", "never"]);
    assert_eq!(code, 1, "the real data still fails\n{stderr}");
    for (file, what) in [
        ("data/pipe.yaml", "a named pipe (FIFO)"),
        ("data/socket.yaml", "a socket"),
        ("data/zero.yaml", "a device"),
    ] {
        assert!(
            stderr.contains(&format!("skipped `{file}`: {what}, not a regular file")),
            "{stderr}"
        );
    }
    assert!(
        stdout.contains("checked 1 rule against 1 data file"),
        "{stdout}"
    );
    insta::assert_snapshot!("special_skipped", stderr);

    // in the machine formats too
    let (_, stdout, _) = run(&dir, &["check", "rules", "data", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let codes: Vec<&str> = report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["code"].as_str())
        .filter(|c| c.starts_with("patuh::input::"))
        .collect();
    assert_eq!(codes, ["patuh::input::skipped"; 3]);
}

#[test]
fn a_folder_of_only_special_files_says_what_was_skipped_beside_the_error() {
    // The skipped FIFO is why there is no data file: the warning must not
    // be lost behind the error, in any command or format.
    let dir = scratch("only-special", &[("rules/fund.rules", FUND_RULE)]);
    std::fs::create_dir_all(dir.join("data")).expect("mkdir");
    mkfifo(&dir.join("data/pipe.yaml"));
    std::fs::create_dir_all(dir.join("more")).expect("mkdir");
    mkfifo(&dir.join("more/pipe.rules"));
    let skipped = |file: &str| format!("skipped `{file}`: a named pipe (FIFO)");
    for (args, file, error) in [
        (
            &["check", "rules", "data"][..],
            "data/pipe.yaml",
            "no data files",
        ),
        (
            &["explain", "fund_bpu", "rules", "data"][..],
            "data/pipe.yaml",
            "no data files",
        ),
        (&["lint", "more"][..], "more/pipe.rules", "no rule files"),
        (&["fmt", "more"][..], "more/pipe.rules", "no rule files"),
        (&["test", "more"][..], "more/pipe.rules", "no rule files"),
    ] {
        let mut args = args.to_vec();
        args.extend(["--color", "never"]);
        let (code, _, stderr) = run(&dir, &args);
        assert_eq!(code, 2, "{args:?}\n{stderr}");
        assert!(stderr.contains(error), "{args:?}\n{stderr}");
        assert!(stderr.contains(&skipped(file)), "{args:?}\n{stderr}");
    }
    let (code, stdout, _) = run(&dir, &["check", "rules", "data", "--format", "json"]);
    assert_eq!(code, 2);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["errors"][0]["code"], "patuh::input::no_data");
    assert_eq!(report["warnings"][0]["code"], "patuh::input::skipped");
}

#[test]
fn symbolic_links_that_lead_nowhere_are_input_errors() {
    let dir = folder("walk-links");
    std::os::unix::fs::symlink("loop.yaml", dir.join("data/loop.yaml")).expect("loop");
    std::os::unix::fs::symlink("gone.yaml", dir.join("data/dangling.yaml")).expect("dangling");
    std::os::unix::fs::symlink("sulteng.yaml", dir.join("data/alias.yaml")).expect("link");
    let (code, _, stderr) = run(&dir, &["check", "rules", "data", "--color", "never"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot read `data/loop.yaml`"), "{stderr}");
    assert!(
        stderr.contains("cannot read `data/dangling.yaml`"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("alias.yaml"),
        "a link to a file is read: {stderr}"
    );
}

#[test]
fn a_fifo_named_without_a_writer_does_not_hang() {
    let dir = folder("fifo-no-writer");
    mkfifo(&dir.join("data/pipe.yaml"));
    let (code, _, stderr) = run(
        &dir,
        &["check", "rules", "data/pipe.yaml", "--color", "never"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`data/pipe.yaml` holds no data document"),
        "{stderr}"
    );
}

#[test]
fn a_fifo_named_with_a_writer_is_read() {
    let dir = folder("fifo-writer");
    let fifo = dir.join("data/pipe.yaml");
    mkfifo(&fifo);
    // The writer blocks until patuh opens the FIFO, then writes and closes.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, SULTENG).expect("write"))
    };
    let (code, stdout, stderr) = run(
        &dir,
        &["check", "rules", "data/pipe.yaml", "--color", "never"],
    );
    // Had patuh come and gone before the writer opened the FIFO, the
    // writer would wait for a reader: be one.
    use std::os::unix::fs::OpenOptionsExt;
    let _reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(&fifo)
        .expect("open the FIFO");
    writer.join().expect("writer");
    // patuh may open the FIFO before the writer does, and then reads the
    // end at once: an input error, never a hang and never a pass.
    assert!(code == 1 || code == 2, "{code}: {stderr}");
    if code == 1 {
        assert!(stdout.contains("Donggala does not fund"), "{stdout}");
    }
}

#[test]
fn process_substitution_is_read_as_data() {
    let dir = folder("process-substitution");
    let patuh = env!("CARGO_BIN_EXE_patuh");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{patuh}' check rules <(cat data/sulteng.yaml) --color never --format json"
        ))
        .current_dir(&dir)
        .output()
        .expect("bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["summary"]["fail"], 2);
}

#[test]
fn a_device_named_on_the_command_line_hits_the_size_limit() {
    let dir = folder("dev-zero");
    let (code, _, stderr) = run(&dir, &["check", "rules", "/dev/zero", "--color", "never"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("patuh::input::too_large"), "{stderr}");
    insta::assert_snapshot!("special_too_large", stderr);
}
