//! The compliance engine: score and Conditional verdict (PRODUCT.md §3,
//! domain-facts.md §5). Data (the catalog) plus small rules, each citing its source.

pub mod assess;
pub mod ssp;

pub use assess::{assess, Assessment, Basis, EngineOptions, NotMet, NotMetWhy};
pub use ssp::{read_ssp, Ssp, SspEntry, SspStatus};
