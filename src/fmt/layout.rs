//! Breaking a long clause onto continuation lines.
//!
//! A clause is first laid out on one line. While a line is wider than the
//! limit, it is broken at the loosest kind of break it holds: before
//! `where`, then `or`, then `and` (every operand of the chain on its own
//! line), then `+ -`, then `* /` (as few lines as fit, operands spread
//! evenly). A continuation line starts with its operator, and the operand
//! after it lines up with the chain's first operand:
//!
//! ```text
//!   require active_total == participants.pu + participants.bpu
//!                         + participants.jakon + participants.pmi
//! ```
//!
//! Nothing inside brackets, calls or texts is ever broken, so a line may
//! stay long when there is no break to take.

use std::collections::HashMap;

use super::expr::{Class, Hang, Piece};

/// One output line: its indent and pieces. A continuation line's first
/// piece is the break it starts at (printed as nothing).
#[derive(Clone, Debug)]
struct Line {
    indent: usize,
    pieces: Vec<Piece>,
}

fn piece_width(p: &Piece) -> usize {
    match p {
        Piece::Text(t) => t.chars().count(),
        Piece::Break { .. } => 1,
        Piece::ChainStart(_) => 0,
    }
}

impl Line {
    /// Pieces that print: a leading break prints as nothing.
    fn printed(&self) -> &[Piece] {
        match self.pieces.first() {
            Some(Piece::Break { .. }) => &self.pieces[1..],
            _ => &self.pieces,
        }
    }

    fn width(&self) -> usize {
        self.indent + self.printed().iter().map(piece_width).sum::<usize>()
    }

    fn render(&self) -> String {
        let mut out = " ".repeat(self.indent);
        out.push_str(&super::expr::flat(self.printed()));
        out
    }

    /// Records the column of every chain that starts on this line.
    fn chain_columns(&self, cols: &mut HashMap<u32, usize>) {
        let mut col = self.indent;
        for p in self.printed() {
            if let Piece::ChainStart(id) = p {
                cols.insert(*id, col);
            }
            col += piece_width(p);
        }
    }
}

/// Lays out a clause that starts at column `base`; returns its lines.
pub(crate) fn layout(base: usize, pieces: Vec<Piece>, width: usize) -> Vec<String> {
    let mut lines = vec![Line {
        indent: base,
        pieces,
    }];
    for class in Class::ALL {
        let mut next = Vec::with_capacity(lines.len());
        for line in lines {
            if line.width() <= width {
                next.push(line);
                continue;
            }
            let breaks: Vec<usize> = line
                .pieces
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, p)| matches!(p, Piece::Break { class: c, .. } if *c == class))
                .map(|(i, _)| i)
                .collect();
            if breaks.is_empty() {
                next.push(line);
                continue;
            }
            next.extend(split_to_fit(base, &line, &breaks, class, width));
        }
        lines = next;
    }
    lines.iter().map(Line::render).collect()
}

/// Splits `line` at some of `breaks` (piece positions): at all of them for
/// logic, else at the fewest, spread evenly, that make every part fit.
fn split_to_fit(
    base: usize,
    line: &Line,
    breaks: &[usize],
    class: Class,
    width: usize,
) -> Vec<Line> {
    let n = breaks.len();
    if !class.breaks_all() {
        for parts in 2..=n {
            let chosen: Vec<usize> = (1..parts)
                .map(|j| breaks[j * (n + 1) / parts - 1])
                .collect();
            let lines = split(base, line, &chosen);
            if lines.iter().all(|l| l.width() <= width) {
                return lines;
            }
        }
    }
    split(base, line, breaks)
}

/// Splits `line` before each of the pieces at `at` (all breaks).
fn split(base: usize, line: &Line, at: &[usize]) -> Vec<Line> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(at);
    bounds.push(line.pieces.len());
    let mut cols = HashMap::new();
    let mut out: Vec<Line> = Vec::with_capacity(at.len() + 1);
    for w in bounds.windows(2) {
        let pieces = line.pieces[w[0]..w[1]].to_vec();
        let indent = match (out.is_empty(), pieces.first()) {
            (true, _) => line.indent,
            (false, Some(Piece::Break { hang, op_len, .. })) => {
                let hung = match hang {
                    Hang::Chain(id) => cols.get(id).map(|c: &usize| c.saturating_sub(*op_len)),
                    Hang::Fixed(n) => Some(base + n),
                };
                // Never left of the clause's own continuation indent.
                hung.unwrap_or(base + 4).max(base + 2)
            }
            (false, _) => base + 4, // INVARIANT: every split point is a break
        };
        let l = Line { indent, pieces };
        l.chain_columns(&mut cols);
        out.push(l);
    }
    out
}
