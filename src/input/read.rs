//! Reading one input: a file, a pipe or a device, as UTF-8 text, never
//! more than [`super::max_input_bytes`] and never waiting for a writer.

use super::{InputError, display};
use crate::source::SourceFile;
use std::io::Read;
use std::path::Path;

/// Opens `path` without waiting (a FIFO without a writer opens at once and
/// reads as empty), then reads at most the limit: a regular file larger
/// than the limit is refused before it is read, a pipe or a device as soon
/// as it gives more (`/dev/zero`).
fn read_bytes(path: &Path) -> std::io::Result<Result<Vec<u8>, usize>> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let limit = super::max_input_bytes();
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::new();
    if meta.is_file() {
        if meta.len() > limit as u64 {
            return Ok(Err(limit));
        }
        bytes.reserve_exact(meta.len() as usize);
    } else {
        // Opened; from here on a pipe's reads wait for its writer, which
        // is what `<(cat data.yaml)` needs (a writer that is gone reads as
        // the end).
        let flags = rustix::fs::fcntl_getfl(&file)?;
        rustix::fs::fcntl_setfl(&file, flags - OFlags::NONBLOCK)?;
    }
    (&mut file).take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Err(limit));
    }
    Ok(Ok(bytes))
}

/// Reads one input as UTF-8 text, named as given; `missing_is_not_found`
/// makes a path that does not exist [`InputError::NotFound`] (else it was
/// seen a moment ago, and is unreadable now).
pub(super) fn read_text(path: &Path, missing_is_not_found: bool) -> Result<SourceFile, InputError> {
    match read_bytes(path) {
        Err(e) if missing_is_not_found && e.kind() == std::io::ErrorKind::NotFound => {
            Err(InputError::NotFound {
                path: display(path),
            })
        }
        Err(e) => Err(InputError::Unreadable {
            path: display(path),
            reason: e.to_string(),
        }),
        Ok(Err(limit)) => Err(InputError::TooLarge {
            path: display(path),
            limit_mib: limit >> 20,
        }),
        Ok(Ok(bytes)) => decode(path, bytes),
    }
}

/// Reads one workbook's bytes, named as given.
pub(super) fn read_workbook(path: &Path) -> Result<crate::data::Workbook, InputError> {
    match read_bytes(path) {
        Err(e) => Err(InputError::Unreadable {
            path: display(path),
            reason: e.to_string(),
        }),
        Ok(Err(limit)) => Err(InputError::TooLarge {
            path: display(path),
            limit_mib: limit >> 20,
        }),
        Ok(Ok(bytes)) => Ok(crate::data::Workbook {
            name: display(path),
            bytes: bytes.into(),
        }),
    }
}

/// Reads one UTF-8 text file (a waiver register, a baseline), named as given.
pub fn read_file(path: &Path) -> Result<SourceFile, InputError> {
    read_text(path, true)
}

fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
    match String::from_utf8(bytes) {
        Err(e) => Err(not_utf8(display(path), e)),
        Ok(text) => Ok(SourceFile::new(display(path), text)),
    }
}

fn not_utf8(path: String, e: std::string::FromUtf8Error) -> InputError {
    let valid = e.utf8_error().valid_up_to();
    let text = SourceFile::new(
        path.clone(),
        String::from_utf8_lossy(e.as_bytes()).into_owned(),
    );
    // Up to the first bad byte the lossy text is the original, byte for byte.
    let (line, column) = text.line_col(valid);
    InputError::NotUtf8 {
        path,
        line,
        column,
        text,
        at: (valid, '\u{FFFD}'.len_utf8()).into(),
    }
}
