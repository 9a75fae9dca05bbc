//! Benefit self-assessment ("the policy finds the person", 政策找人): a household model, the
//! dated and cited policy parameters of a region, and the rules that turn one into the other.
//! The same code runs in the browser (answers never leave the phone) and natively in tests.
//! Money is integer fen throughout (`money::Fen`). A result is an estimate; the bureau decides.

pub mod engine;
pub mod model;
pub mod money;
pub mod notice;
pub mod policy;
pub mod wizard;

pub use engine::{
    Assessment, Choice, ChoiceKind, ChoiceOption, Eligibility, Estimate, Kin, Period, Programme,
    ProgrammeResult, Reason, Standing, SupporterState, TekunBase, assess, kin,
};
pub use model::{
    AssessError, ChildStatus, Disability, DisabilityKind, Emergency, Field, Household, Hukou,
    MAX_MONTHLY, MAX_SAVINGS, MAX_YEARLY, Member, PensionKind, Relation, SelfCare,
};
pub use money::{AmountError, Fen};
pub use policy::{
    AgeBand, ApplyOffice, Cited, Dated, Derived, FigureValue, Param, Params, Policy,
    PolicyIndexEntry,
};
