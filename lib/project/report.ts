/**
 * The demo's report: one self-contained HTML page (no scripts, no files
 * beside it) with the table of times and speedups, and beside each step the
 * timeline of its run, inline.
 *
 * @example
 * ```ts
 * import { renderReport } from "./report.ts";
 * const html = renderReport("deno task demo", [{ label: "flags", seconds: 10.1 }]);
 * console.log(html.startsWith("<!DOCTYPE html>")); // true
 * ```
 *
 * @module
 */

import type { TourRow } from "./tour.ts";
import { escapeXml as esc } from "../timeline/svg.ts";

/** The page for a tour's rows, titled `title`; a row's `timeline` (an SVG) is drawn beside it. */
export function renderReport(title: string, rows: readonly TourRow[]): string {
  const tableRows = rows.map((row, i) =>
    `<tr><td><a href="#step-${i + 1}">${esc(row.label)}</a></td>` +
    `<td class="n">${row.seconds.toFixed(2)} s</td>` +
    `<td class="n">${row.speedup === undefined ? "" : `${row.speedup.toFixed(1)}×`}</td></tr>`
  );
  const steps = rows.map((row, i) =>
    `<section id="step-${i + 1}"><h2>${i + 1}. ${esc(row.label)}</h2>` +
    `<p>${row.seconds.toFixed(2)} s${
      row.speedup === undefined ? "" : `, ${row.speedup.toFixed(1)}× its baseline`
    }</p>` +
    (row.timeline === undefined
      ? "<p>(no timeline: this step runs no executor)</p>"
      : row.timeline) +
    `</section>`
  );
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>`,
    "<style>",
    "body { font-family: sans-serif; margin: 2em; color: #222; }",
    "table { border-collapse: collapse; } td, th { padding: 0.3em 1em; border-bottom: 1px solid #ddd; }",
    "td.n { text-align: right; font-variant-numeric: tabular-nums; }",
    "section { margin-top: 2em; } svg { max-width: 100%; height: auto; border: 1px solid #eee; }",
    "</style></head><body>",
    `<h1>${esc(title)}</h1>`,
    `<p>Each step ran as its own <code>deno task</code>; times are whole processes. ` +
    `Each timeline shows one bar per call, on the worker or pool slot that ran it ` +
    `(hover a bar for its call, its duration and its result).</p>`,
    `<table><thead><tr><th>step</th><th>time</th><th>speedup</th></tr></thead><tbody>`,
    ...tableRows,
    "</tbody></table>",
    ...steps,
    "</body></html>",
    "",
  ].join("\n");
}
