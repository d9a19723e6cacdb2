//! The diagnostic of a tolerance in a unit the compared figures do not
//! have (`patuh::check::tolerance_unit`), one variant per misfit of the
//! unit algebra (`src/units.rs`).

use miette::Diagnostic;
use thiserror::Error;

use crate::source::{SourceFile, Span};

/// A tolerance in a unit the compared figures do not have: `within 1`
/// between percentages could mean 1 percentage point or 1 %, and `within
/// 100` between rupiah amounts is written `within Rp 100`.
#[derive(Debug, Error, Diagnostic)]
pub enum ToleranceUnitError {
    /// `coverage == 30% within 1`.
    #[error("`within {amount}` between percentages is ambiguous")]
    #[diagnostic(
        code(patuh::check::tolerance_unit),
        help(
            "write `within {amount} pp` for percentage points, or `within {amount}%` for a tolerance relative to the expected figure"
        )
    )]
    PlainOnPercentages {
        /// The tolerance's number as written.
        amount: String,
        /// The tolerance.
        #[label("the figures compared are percentages")]
        span: Span,
        /// The rule file.
        #[source_code]
        src: SourceFile,
    },
    /// `premium_monthly == Rp 16_800 within 100`.
    #[error("`within {amount}` between rupiah amounts has no unit")]
    #[diagnostic(
        code(patuh::check::tolerance_unit),
        help("write `within Rp {amount}`, or `within 2%` for a relative tolerance")
    )]
    PlainOnRupiah {
        /// The tolerance's number as written.
        amount: String,
        /// The tolerance.
        #[label("the figures compared are rupiah")]
        span: Span,
        /// The rule file.
        #[source_code]
        src: SourceFile,
    },
    /// `participants.bpu == previous.participants.bpu within 1 pp`.
    #[error("`within {amount} pp` needs percentages, but the figures compared are {unit}")]
    #[diagnostic(
        code(patuh::check::tolerance_unit),
        help(
            "percentage points are between percentages; write `within {amount}%` for a relative tolerance, or `within {amount}` for an absolute one"
        )
    )]
    PointsOnNonPercentages {
        /// The tolerance's number as written.
        amount: String,
        /// What the figures compared are, in words.
        unit: &'static str,
        /// The tolerance.
        #[label("the figures compared are {unit}")]
        span: Span,
        /// The rule file.
        #[source_code]
        src: SourceFile,
    },
    /// `active_total == total within Rp 10`.
    #[error("`within Rp {amount}` needs rupiah amounts, but the figures compared are {unit}")]
    #[diagnostic(
        code(patuh::check::tolerance_unit),
        help(
            "write `within {amount}` for an absolute tolerance, or `within 2%` for a relative one"
        )
    )]
    RupiahOnNonRupiah {
        /// The tolerance's number as written.
        amount: String,
        /// What the figures compared are, in words.
        unit: &'static str,
        /// The tolerance.
        #[label("the figures compared are {unit}")]
        span: Span,
        /// The rule file.
        #[source_code]
        src: SourceFile,
    },
}

impl ToleranceUnitError {
    /// The diagnostic for tolerance `amount` (its number as written) that
    /// does not fit figures of unit `unit`.
    pub(crate) fn new(
        misfit: crate::units::Misfit,
        amount: String,
        unit: crate::units::Unit,
        span: Span,
        src: SourceFile,
    ) -> Self {
        use crate::units::Misfit;
        let unit = unit.plural();
        match misfit {
            Misfit::PlainOnPercentages => Self::PlainOnPercentages { amount, span, src },
            Misfit::PlainOnRupiah => Self::PlainOnRupiah { amount, span, src },
            Misfit::PointsOnNonPercentages => Self::PointsOnNonPercentages {
                amount,
                unit,
                span,
                src,
            },
            Misfit::RupiahOnNonRupiah => Self::RupiahOnNonRupiah {
                amount,
                unit,
                span,
                src,
            },
        }
    }

    pub(super) fn span(&self) -> Span {
        match self {
            Self::PlainOnPercentages { span, .. }
            | Self::PlainOnRupiah { span, .. }
            | Self::PointsOnNonPercentages { span, .. }
            | Self::RupiahOnNonRupiah { span, .. } => *span,
        }
    }

    pub(super) fn src(&self) -> &SourceFile {
        match self {
            Self::PlainOnPercentages { src, .. }
            | Self::PlainOnRupiah { src, .. }
            | Self::PointsOnNonPercentages { src, .. }
            | Self::RupiahOnNonRupiah { src, .. } => src,
        }
    }
}
