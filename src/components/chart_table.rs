//! A chart's figures as a table: the text alternative of every chart.
//!
//! A chart is an image to assistive technology (its accessible name is its
//! title); the figures it draws are only in tooltips. `ChartTable` puts the
//! same figures under the chart in a real table — caption, column headers,
//! one row header per entry — folded in a `<details>` so that sighted
//! readers see the chart first and anyone can open the table.

use leptos::prelude::*;

use crate::components::charts::{Bar, Stack};
use crate::i18n::use_i18n;

/// The figures of a chart as a table (all text already translated and
/// formatted). The first cell of each row is its header (`th scope="row"`).
#[component]
pub fn ChartTable(
    /// What the table shows: usually the chart's title.
    caption: Signal<String>,
    /// Column headers, left to right.
    headers: Signal<Vec<String>>,
    /// One row per bar, column or point, in the chart's order.
    rows: Signal<Vec<Vec<String>>>,
    /// `data-testid` of the `<details>`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="chart-table" data-testid=testid>
            <summary>{move || i18n.t("chart-table-show")}</summary>
            <table>
                <caption>{move || caption.get()}</caption>
                <thead>
                    <tr>
                        {move || headers.get().into_iter().enumerate().map(|(i, h)| view! {
                            <th scope="col" class:num={i > 0}>{h}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(|row| {
                        let mut cells = row.into_iter();
                        let head = cells.next().unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row">{head}</th>
                                {cells.map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// The rows of a bar or column chart: each bar's label and shown value.
pub fn bar_rows(bars: Signal<Vec<Bar>>) -> Signal<Vec<Vec<String>>> {
    Signal::derive(move || {
        bars.with(|bars| {
            bars.iter()
                .map(|b| vec![b.label.clone(), b.shown.clone()])
                .collect()
        })
    })
}

/// The rows of a stacked column chart: each column's label, then its parts
/// as `format` writes them.
pub fn stack_rows(
    columns: Signal<Vec<Stack>>,
    format: impl Fn(f64) -> String + Send + Sync + 'static,
) -> Signal<Vec<Vec<String>>> {
    Signal::derive(move || {
        columns.with(|columns| {
            columns
                .iter()
                .map(|c| {
                    std::iter::once(c.label.clone())
                        .chain(c.parts.iter().map(|&p| format(p)))
                        .collect()
                })
                .collect()
        })
    })
}
