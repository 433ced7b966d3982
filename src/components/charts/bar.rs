//! A horizontal bar chart with a labelled value axis.

use leptos::prelude::*;

use super::tick_step;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Stable id for tests and styling (`data-key`).
    pub key: String,
    pub label: String,
    pub value: f64,
    /// The value as shown next to the bar (already formatted).
    pub shown: String,
    /// Hover text.
    pub tooltip: String,
}

const WIDTH: f64 = 720.0;
const LABEL_W: f64 = 200.0;
const VALUE_W: f64 = 80.0;
const ROW_H: f64 = 28.0;
const TOP: f64 = 8.0;
const AXIS_H: f64 = 40.0;

#[component]
pub fn BarChart(
    bars: Signal<Vec<Bar>>,
    /// Accessible name of the chart.
    title: Signal<String>,
    /// Label of the value axis.
    axis_label: Signal<String>,
    /// Formats tick values for the axis.
    format_tick: Callback<f64, String>,
    /// `data-testid` of the chart.
    #[prop(into, default = "bar-chart".into())]
    testid: String,
    /// A fixed end of the value axis (100 for shares in percent); by
    /// default the largest bar decides.
    #[prop(optional)]
    scale_to: Option<f64>,
) -> impl IntoView {
    let plot_w = WIDTH - LABEL_W - VALUE_W;
    let layout = Memo::new(move |_| {
        let bars = bars.get();
        let largest = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let max = scale_to.map_or(largest, |top| top.max(largest));
        let step = tick_step(max);
        let top = (max / step).ceil().max(1.0) * step;
        (bars, top, step)
    });
    let height = move || TOP + layout.with(|(b, _, _)| b.len() as f64) * ROW_H + AXIS_H;

    view! {
        <svg
            class="chart bar-chart"
            role="img"
            viewBox=move || format!("0 0 {WIDTH} {}", height())
            aria-label=move || title.get()
            data-testid=testid
        >
            <title>{move || title.get()}</title>
            {move || {
                let (bars, top, step) = layout.get();
                let n = bars.len() as f64;
                let axis_y = TOP + n * ROW_H;
                let x = move |v: f64| LABEL_W + plot_w * (v / top);
                let ticks: Vec<f64> = (0..=((top / step).round() as usize)).map(|i| i as f64 * step).collect();
                let grid = ticks
                    .iter()
                    .map(|&t| {
                        view! {
                            <line class="grid" x1=x(t) x2=x(t) y1=TOP y2=axis_y></line>
                            <text class="tick" x=x(t) y=axis_y + 14.0 text-anchor="middle">{format_tick.run(t)}</text>
                        }
                    })
                    .collect_view();
                let rows = bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, bar)| {
                        let y = TOP + i as f64 * ROW_H;
                        let w = (x(bar.value) - LABEL_W).max(if bar.value > 0.0 { 1.0 } else { 0.0 });
                        view! {
                            <g class="bar-row" data-key=bar.key.clone() data-value=bar.value.to_string()>
                                <title>{bar.tooltip.clone()}</title>
                                <text class="bar-label" x=LABEL_W - 8.0 y=y + ROW_H / 2.0 + 4.0 text-anchor="end">{bar.label.clone()}</text>
                                <rect class=format!("bar bar-{}", bar.key) x=LABEL_W y=y + 4.0 width=w height=ROW_H - 8.0 rx="3"></rect>
                                <text class="bar-value" x=LABEL_W + w + 6.0 y=y + ROW_H / 2.0 + 4.0>{bar.shown.clone()}</text>
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    {grid}
                    <line class="axis" x1=LABEL_W x2=LABEL_W + plot_w y1=axis_y y2=axis_y></line>
                    <text class="axis-label" x=LABEL_W + plot_w / 2.0 y=axis_y + 34.0 text-anchor="middle">{axis_label.get()}</text>
                    {rows}
                }
            }}
        </svg>
    }
}
