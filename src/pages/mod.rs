//! Pages: one per route. Pages are thin; decisions live in `ilgi-core`.

pub mod cases;
mod coming_soon;
pub mod customers;
mod dashboard;
pub mod mentions;
mod noise;
mod not_found;
pub mod segments;
mod settings;

pub use cases::{CaseDetail, CaseNew, CaseQueue, CaseReports, CaseRules};
pub use coming_soon::ComingSoon;
pub use customers::{
    CustomerDetail, CustomerDuplicates, CustomerEdit, CustomerImport, CustomerList, CustomerMerge,
    CustomerNew,
};
pub use dashboard::Dashboard;
pub use mentions::{MentionImport, Mentions};
pub use noise::SocialNoise;
pub use not_found::NotFound;
pub use segments::{SegmentEdit, SegmentList, SegmentNew};
pub use settings::Settings;
