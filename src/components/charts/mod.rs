//! Charts drawn as SVG: real axes, labels and tooltips (`<title>`), text
//! passed in already translated.

mod bar;

pub use bar::{Bar, BarChart};
