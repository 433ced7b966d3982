//! Pages: one per route. Pages are thin; decisions live in `ilgi-core`.

mod coming_soon;
mod not_found;
mod settings;

pub use coming_soon::ComingSoon;
pub use not_found::NotFound;
pub use settings::Settings;
