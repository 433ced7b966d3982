//! Components of the customer pages.

mod demo_panel;
mod rows;
mod toolbar;

pub use demo_panel::DemoPanel;
pub use rows::CustomerRows;
pub use toolbar::ListToolbar;
