//! The progress bar of loading: files and bytes parsed, drawn on stderr when
//! it is a terminal and loading has taken more than a second. Never in a CI
//! log, a pipe or a dumb terminal, so reports and logs stay byte-identical.

use crate::source::SourceFile;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Loading faster than this shows nothing.
const DELAY: Duration = Duration::from_secs(1);

/// Progress of parsing the data files; a no-op where no bar may be drawn.
pub struct LoadProgress {
    bar: Option<ProgressBar>,
    start: Instant,
    files: usize,
    done: AtomicUsize,
}

impl LoadProgress {
    /// A progress bar for loading `data`, if stderr can show one.
    pub fn new(data: &[SourceFile]) -> Self {
        let allowed = may_draw(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI"),
            std::env::var_os("TERM"),
        );
        let bar = allowed.then(|| {
            let bytes = data.iter().map(|f| f.text().len() as u64).sum();
            // Hidden until loading has taken long enough to be worth a bar.
            let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "loading {msg} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        LoadProgress {
            bar,
            start: Instant::now(),
            files: data.len(),
            done: AtomicUsize::new(0),
        }
    }

    /// One more file of `bytes` has been parsed (called from any thread).
    pub fn parsed(&self, bytes: usize) {
        let Some(bar) = &self.bar else { return };
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        bar.set_message(format!("{done}/{} files", self.files));
        bar.inc(bytes as u64);
        if bar.is_hidden() && show_after(self.start.elapsed(), done, self.files) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Loading is over: the bar, if drawn, is erased.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Whether a bar may ever be drawn: stderr is a terminal that is not dumb
/// and no `CI` variable says this is a build log.
fn may_draw(stderr_is_terminal: bool, ci: Option<OsString>, term: Option<OsString>) -> bool {
    stderr_is_terminal && ci.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// Whether to start drawing: loading has run past the delay and files remain.
fn show_after(elapsed: Duration, done: usize, files: usize) -> bool {
    elapsed >= DELAY && done < files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_terminal_outside_ci() {
        assert!(may_draw(true, None, Some("xterm-256color".into())));
        assert!(may_draw(true, Some("".into()), None));
        assert!(!may_draw(false, None, Some("xterm".into())));
        assert!(!may_draw(true, Some("true".into()), Some("xterm".into())));
        assert!(!may_draw(true, None, Some("dumb".into())));
    }

    #[test]
    fn a_bar_only_once_loading_has_taken_a_second() {
        assert!(!show_after(Duration::from_millis(400), 3, 38));
        assert!(show_after(Duration::from_millis(1200), 3, 38));
        // Nothing left to load: no bar to flash and erase.
        assert!(!show_after(Duration::from_millis(1200), 38, 38));
    }

    #[test]
    fn off_a_terminal_progress_is_a_no_op() {
        // The test harness's stderr is captured, not a terminal.
        let files = [SourceFile::new("a.yaml", "a: 1\n")];
        let p = LoadProgress::new(&files);
        assert!(p.bar.is_none() || !std::io::stderr().is_terminal());
        p.parsed(5);
        p.finish();
    }
}
