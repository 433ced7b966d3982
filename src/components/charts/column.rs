//! A vertical column chart (time series, histograms) with a labelled value
//! axis on the left and category labels below.

use leptos::prelude::*;

use super::{Bar, axis_top};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
/// Room below the plot for the category labels and the axis label.
const BOTTOM: f64 = 64.0;

#[component]
pub fn ColumnChart(
    /// One column per entry, left to right (`shown` is the value as text).
    bars: Signal<Vec<Bar>>,
    /// Accessible name of the chart.
    title: Signal<String>,
    /// Label of the value axis.
    axis_label: Signal<String>,
    /// Formats tick values for the axis.
    format_tick: Callback<f64, String>,
    /// `data-testid` of the chart.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let layout = Memo::new(move |_| {
        let bars = bars.get();
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let (top, step) = axis_top(max);
        (bars, top, step)
    });

    view! {
        <svg
            class="chart column-chart"
            role="img"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            aria-label=move || title.get()
            data-testid=testid
        >
            <title>{move || title.get()}</title>
            {move || {
                let (bars, top, step) = layout.get();
                let n = bars.len().max(1) as f64;
                let axis_y = TOP + plot_h;
                let y = move |v: f64| axis_y - plot_h * (v / top).clamp(0.0, 1.0);
                let slot = plot_w / n;
                // Label every k-th column so labels do not overlap.
                let every = ((n * 56.0 / plot_w).ceil() as usize).max(1);
                let ticks: Vec<f64> = (0..=((top / step).round() as usize)).map(|i| i as f64 * step).collect();
                let grid = ticks
                    .iter()
                    .map(|&t| {
                        view! {
                            <line class="grid" x1=LEFT x2=LEFT + plot_w y1=y(t) y2=y(t)></line>
                            <text class="tick" x=LEFT - 6.0 y=y(t) + 4.0 text-anchor="end">{format_tick.run(t)}</text>
                        }
                    })
                    .collect_view();
                let columns = bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, bar)| {
                        let x = LEFT + i as f64 * slot;
                        let h = (axis_y - y(bar.value)).max(if bar.value > 0.0 { 1.0 } else { 0.0 });
                        let label = (i % every == 0).then(|| view! {
                            <text class="column-label" x=x + slot / 2.0 y=axis_y + 16.0 text-anchor="middle">{bar.label.clone()}</text>
                        });
                        view! {
                            <g class="column" data-key=bar.key.clone() data-value=bar.value.to_string()>
                                <title>{bar.tooltip.clone()}</title>
                                // The whole slot reacts to hover, so thin columns get tooltips too.
                                <rect class="hit" x=x y=TOP width=slot height=plot_h></rect>
                                <rect class=format!("bar bar-{}", bar.key) x=x + slot * 0.12 y=axis_y - h width=slot * 0.76 height=h rx="2"></rect>
                                {label}
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    {grid}
                    <line class="axis" x1=LEFT x2=LEFT + plot_w y1=axis_y y2=axis_y></line>
                    <line class="axis" x1=LEFT x2=LEFT y1=TOP y2=axis_y></line>
                    <text class="axis-label" x=LEFT + plot_w / 2.0 y=HEIGHT - 8.0 text-anchor="middle">{axis_label.get()}</text>
                    {columns}
                }
            }}
        </svg>
    }
}
