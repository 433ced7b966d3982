//! A stacked column chart (a time series split into parts, such as posts
//! per day by sentiment), drawn like [`super::ColumnChart`], with a legend.

use leptos::prelude::*;

use super::axis_top;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
/// Room below the plot for the column labels and the axis label.
const BOTTOM: f64 = 64.0;

/// One column: its parts bottom up, in the order of the chart's series.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    /// Stable key (`data-key`).
    pub key: String,
    /// Label under the column (shown on every few columns).
    pub label: String,
    pub parts: Vec<f64>,
    /// Text of the `<title>` tooltip.
    pub tooltip: String,
}

/// A series of a stacked chart: its CSS key (`seg-{key}`) and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: &'static str,
    pub label: String,
}

#[component]
pub fn StackedColumnChart(
    /// One column per entry, left to right.
    columns: Signal<Vec<Stack>>,
    /// The parts' series, bottom up (also the legend).
    series: Signal<Vec<Series>>,
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
        let columns = columns.get();
        let max = columns
            .iter()
            .map(|c| c.parts.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let (top, step) = axis_top(max);
        (columns, top, step)
    });

    view! {
        <div class="stacked">
            <svg
                class="chart column-chart"
                role="img"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                aria-label=move || title.get()
                data-testid=testid
            >
                <title>{move || title.get()}</title>
                {move || {
                    let (columns, top, step) = layout.get();
                    let keys: Vec<&'static str> = series.get().iter().map(|s| s.key).collect();
                    let n = columns.len().max(1) as f64;
                    let axis_y = TOP + plot_h;
                    let scale = move |v: f64| plot_h * (v / top).clamp(0.0, 1.0);
                    let slot = plot_w / n;
                    // Label every k-th column so labels do not overlap.
                    let every = ((n * 56.0 / plot_w).ceil() as usize).max(1);
                    let ticks: Vec<f64> = (0..=((top / step).round() as usize)).map(|i| i as f64 * step).collect();
                    let grid = ticks
                        .iter()
                        .map(|&t| {
                            view! {
                                <line class="grid" x1=LEFT x2=LEFT + plot_w y1=axis_y - scale(t) y2=axis_y - scale(t)></line>
                                <text class="tick" x=LEFT - 6.0 y=axis_y - scale(t) + 4.0 text-anchor="end">{format_tick.run(t)}</text>
                            }
                        })
                        .collect_view();
                    let bars = columns
                        .into_iter()
                        .enumerate()
                        .map(|(i, column)| {
                            let x = LEFT + i as f64 * slot;
                            let total: f64 = column.parts.iter().sum();
                            let mut base = 0.0;
                            let segments = column
                                .parts
                                .iter()
                                .zip(&keys)
                                .filter(|(v, _)| **v > 0.0)
                                .map(|(v, key)| {
                                    let y0 = axis_y - scale(base);
                                    base += v;
                                    let y1 = axis_y - scale(base);
                                    view! {
                                        <rect class=format!("seg seg-{key}") data-series=*key data-value=v.to_string()
                                            x=x + slot * 0.12 y=y1 width=slot * 0.76 height=(y0 - y1).max(1.0)></rect>
                                    }
                                })
                                .collect_view();
                            let label = (i % every == 0).then(|| view! {
                                <text class="column-label" x=x + slot / 2.0 y=axis_y + 16.0 text-anchor="middle">{column.label.clone()}</text>
                            });
                            view! {
                                <g class="column" data-key=column.key.clone() data-value=total.to_string()>
                                    <title>{column.tooltip.clone()}</title>
                                    <rect class="hit" x=x y=TOP width=slot height=plot_h></rect>
                                    {segments}
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
                        {bars}
                    }
                }}
            </svg>
            <ul class="legend">
                {move || series.get().into_iter().map(|s| view! {
                    <li><span class=format!("swatch seg-{}", s.key) aria-hidden="true"></span>{s.label}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}
