//! Benefit self-assessment ("the policy finds the person", 政策找人): a household model, the
//! dated and cited policy parameters of a region, and the rules that turn one into the other.
//! The same code runs in the browser (answers never leave the phone) and natively in tests.
//! A result is an estimate; the bureau decides.

pub mod engine;
pub mod model;
pub mod policy;
pub mod wizard;

pub use engine::{
    Assessment, Eligibility, Estimate, Period, Programme, ProgrammeResult, Reason, assess,
};
pub use model::{
    AssessError, ChildStatus, Disability, DisabilityKind, Emergency, Field, Household, Hukou,
    Member, Relation,
};
pub use policy::{AgeBand, Cited, Dated, Params, Policy, PolicyIndexEntry};
