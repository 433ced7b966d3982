//! Charts drawn as SVG: real axes, labels and tooltips (`<title>`), text
//! passed in already translated.

mod bar;
mod column;
mod stacked;

pub use bar::{Bar, BarChart};
pub use column::ColumnChart;
pub use stacked::{Series, Stack, StackedColumnChart};

/// "Nice" tick step for an axis up to `max` with about four ticks.
pub(crate) fn tick_step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let normalised = raw / magnitude;
    let nice = if normalised <= 1.0 {
        1.0
    } else if normalised <= 2.0 {
        2.0
    } else if normalised <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The top of a value axis for values up to `max`, and its tick step.
pub(crate) fn axis_top(max: f64) -> (f64, f64) {
    let step = tick_step(max);
    ((max / step).ceil().max(1.0) * step, step)
}

#[cfg(test)]
mod tests {
    use super::{axis_top, tick_step};

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(tick_step(1000.0), 250.0);
        assert_eq!(tick_step(37.0), 10.0);
        assert_eq!(tick_step(0.0), 1.0);
        assert_eq!(tick_step(f64::NAN), 1.0);
        assert_eq!(axis_top(37.0), (40.0, 10.0));
        assert_eq!(axis_top(0.0), (1.0, 1.0));
    }
}
