//! `poam close FILE ID --evidence E… [--status-date D] [--comment TEXT]`: status Closed,
//! the status date, and the evidence that proves the closure (PRODUCT.md §6).
//!
//! A closure with no evidence on the item after the change is refused: an item closed with
//! nothing to show for it is assessed NOT MET (rule `closed-without-evidence`). With
//! `--evidence-root DIR`, every file the item names must exist under DIR and its SHA-256 is
//! recorded in the evidence manifest, for the quarterly re-validation of closed items.

use super::set::{update_item, Request};
use crate::cli::CloseArgs;

pub fn run(args: &CloseArgs) -> anyhow::Result<i32> {
    let request = Request {
        status: Some("Closed".to_owned()),
        status_date: args.status_date.clone(),
        evidence: args.evidence.clone(),
        comment: args.comment.clone(),
        ..Request::default()
    };
    update_item(
        &args.file,
        &args.id,
        &request,
        &args.write,
        &args.evidence_opts,
    )
}
