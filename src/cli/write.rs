//! Writing what a command produced: standard output, standard error and
//! report files. A report that was not written is never a success: a
//! failed write is exit code 2 with a message ([`finish`]); only a closed
//! pipe (`patuh check rules data | head`) ends quietly, as the reader
//! wanted no more, and the exit code stays what the run decided.

use crate::report::{DiagnosticStyle, render_diagnostic};
use miette::Diagnostic;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use thiserror::Error;

/// A write to standard output or standard error failed (not a closed pipe).
static FAILED: AtomicBool = AtomicBool::new(false);
/// Standard output was closed by its reader: nothing more is written to it.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Standard output or error could not be written.
#[derive(Debug, Error, Diagnostic)]
pub enum StreamError {
    /// `patuh check rules data > /dev/full`
    #[error("cannot write to {stream}: {reason}")]
    #[diagnostic(
        code(patuh::output::stream),
        help("the report is lost; check the disk, file or device that {stream} goes to")
    )]
    Write {
        /// `standard output` or `standard error`.
        stream: &'static str,
        /// What the system said.
        reason: String,
    },
}

/// Writes `text` to standard output. A closed pipe stops further output
/// quietly; any other failure is reported on standard error and makes the
/// run end with exit code 2 (see [`finish`]).
pub fn print(text: &str) {
    write_stdout_with(|out| out.write_all(text.as_bytes()));
}

/// Writes to standard output through `write` (a streamed report), with the
/// failures handled as [`print`] does.
pub fn write_stdout_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    let result = write(&mut out).and_then(|()| out.flush());
    drop(out);
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => STDOUT_CLOSED.store(true, Ordering::Relaxed),
        Err(e) => {
            FAILED.store(true, Ordering::Relaxed);
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            let e = StreamError::Write {
                stream: "standard output",
                reason: e.to_string(),
            };
            let style = DiagnosticStyle {
                color: false,
                width: 100,
            };
            eprint(&render_diagnostic(&e, style));
        }
    }
}

/// Writes `text` to standard error; a failure (but a closed pipe) makes
/// the run end with exit code 2, since a diagnostic was lost.
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    match err.write_all(text.as_bytes()).and_then(|()| err.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {}
        Err(_) => FAILED.store(true, Ordering::Relaxed),
    }
}

/// The exit code of a command that decided `exit`: exit code 2 when
/// something it printed could not be written.
pub fn finish(exit: super::Exit) -> super::Exit {
    if FAILED.load(Ordering::Relaxed) {
        super::Exit::BadInput
    } else {
        exit
    }
}

/// Standard output and error by the names a shell gives them: a report
/// sent there goes to patuh's own stream, never to a file replaced under it.
fn std_stream(path: &Path) -> Option<u8> {
    match path.to_str()? {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(1),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(2),
        _ => None,
    }
}

/// Whether an `--output` path is standard output: `-`, `/dev/stdout` and
/// its other names.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-" || std_stream(path) == Some(1)
}

/// Writes a report to `path` (`--output FORMAT=PATH`). A regular file, or
/// a path that does not exist yet, is replaced atomically (see
/// [`write_atomically`]); a symbolic link is followed and its target
/// replaced; a FIFO, a device or `/dev/stdout` is written directly, never
/// replaced by a regular file.
///
/// # Errors
/// What the system said; a closed pipe is not an error.
pub fn write_report(path: &Path, text: &str) -> std::io::Result<()> {
    let result = match std_stream(path) {
        Some(1) => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .and_then(|()| std::io::stdout().flush()),
        Some(_) => std::io::stderr().lock().write_all(text.as_bytes()),
        None => match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() || path.starts_with("/dev/") => {
                write_directly(path, text)
            }
            _ => write_atomically(path, text),
        },
    };
    match result {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes into an existing FIFO, device or other special file as it is.
fn write_directly(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(text.as_bytes())?;
    f.flush()
}

/// Where `path` leads through symbolic links (the target may not exist
/// yet); a loop is an error.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes `text` to `path` so that readers see the old file or the whole
/// new one, never a part: the text goes to a new temporary file in the
/// same folder (so the rename stays on one file system), is flushed to
/// disk, and is renamed over `path`. A symbolic link is followed: its
/// target is replaced, the link stays. An existing file keeps its
/// permissions.
///
/// # Errors
/// What the system said; the temporary file is removed.
pub fn write_atomically(path: &Path, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let path = resolve(path)?;
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(ErrorKind::InvalidInput, "not a file name"))?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let permissions = std::fs::metadata(&path).ok().map(|m| m.permissions());
    // `create_new`: never write through something already at the temporary name.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_ref())?;
            if let Some(p) = permissions {
                f.set_permissions(p)?;
            }
            f.sync_all()
        });
    let result = written.and_then(|()| std::fs::rename(&tmp, &path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
