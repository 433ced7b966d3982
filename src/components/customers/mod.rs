//! Components of the customer pages.

mod demo_panel;
mod rows;
mod toolbar;
mod value_panel;

pub use demo_panel::DemoPanel;
pub use rows::CustomerRows;
pub use toolbar::ListToolbar;
pub use value_panel::ValuePanel;
