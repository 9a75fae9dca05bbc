//! `POST /api/admin/charity-imports`: an import as a job the page polls. The job lives in the
//! database, so any server answers the poll; the register changes in one transaction at the
//! end, so a server killed half-way leaves the register as it was (the job then reads
//! `interrupted`).

use super::import::ImportReport;
use serde::{Deserialize, Serialize};

/// What one import file holds, told by its header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Organisations,
    Campaigns,
    Reports,
    Shops,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Organisations => "organisations",
            ImportKind::Campaigns => "campaigns",
            ImportKind::Reports => "reports",
            ImportKind::Shops => "shops",
        }
    }

    pub fn parse(s: &str) -> Option<ImportKind> {
        [ImportKind::Organisations, ImportKind::Campaigns, ImportKind::Reports, ImportKind::Shops]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    /// Lines are being read and checked (`lines_done` of `lines_total`).
    Checking,
    /// Every line passed; the register is being written in one transaction.
    Writing,
    /// Finished: `report` says what was written (nothing when a line was refused or in a dry run).
    Done,
    /// The server doing it stopped before it finished: nothing was written.
    Interrupted,
    /// The database refused the write: nothing was written.
    Failed,
}

impl ImportState {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportState::Checking => "checking",
            ImportState::Writing => "writing",
            ImportState::Done => "done",
            ImportState::Interrupted => "interrupted",
            ImportState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<ImportState> {
        [
            ImportState::Checking,
            ImportState::Writing,
            ImportState::Done,
            ImportState::Interrupted,
            ImportState::Failed,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether the job is still running (the page keeps polling).
    pub fn running(self) -> bool {
        matches!(self, ImportState::Checking | ImportState::Writing)
    }
}

/// An import job as the page polls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJob {
    pub id: String,
    pub kind: ImportKind,
    pub dry_run: bool,
    pub state: ImportState,
    /// Data lines in the file.
    pub lines_total: u64,
    /// Lines checked so far (all of them once writing starts).
    pub lines_done: u64,
    /// While writing: lines written so far into the import's transaction (nothing is visible
    /// before it commits). Counted by the server running the job; 0 from any other server.
    #[serde(default)]
    pub lines_written: u64,
    /// When done.
    pub report: Option<ImportReport>,
}
