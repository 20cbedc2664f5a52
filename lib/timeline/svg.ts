/**
 * A run's timeline as an SVG picture: one lane per worker (or pool slot)
 * that ran a call, one bar per call from its start to its end, coloured by
 * outcome, a time axis in seconds from the run's start, the command and its
 * totals as the title, and on each bar a `<title>` that a browser shows on
 * hover (the call, its duration, its result).
 *
 * Legibility at scale: lanes shrink to fit the picture's height, down to one
 * pixel each (676 calls over 676 slots draw a 676-pixel band); lane labels thin
 * out so that they never overlap. Calls that never started (cancelled while
 * queued, or failed by a broken pool) ran on no lane: they are drawn, from
 * submission to their end, on a row of their own, "not started".
 *
 * @example
 * ```ts
 * import { renderTimelineSvg } from "./svg.ts";
 *
 * const svg = renderTimelineSvg({
 *   title: "deno task flags2:threadpool -s DELAY",
 *   subtitle: "2 flags downloaded. Elapsed time: 0.51s",
 *   laneName: "slot",
 *   bars: [
 *     { lane: 0, startMs: 2, endMs: 505, outcome: "ok", label: "BR", result: "OK" },
 *     { lane: 1, startMs: 2, endMs: 507, outcome: "not found", label: "ZZ", result: "not found" },
 *   ],
 * });
 * console.log(svg.startsWith("<svg")); // true
 * ```
 *
 * @module
 */

/** How a call ended, as the picture colours it. */
export type BarOutcome = "ok" | "not found" | "error" | "cancelled";

/** The outcomes in legend order. */
export const BAR_OUTCOMES: readonly BarOutcome[] = ["ok", "not found", "error", "cancelled"];

/** One call. */
export interface TimelineBar {
  /** The worker or slot it ran on (0-based); undefined for a call that never started. */
  readonly lane: number | undefined;
  /** When it started (or, if it never did, was submitted), in ms from the run's start. */
  readonly startMs: number;
  /** When it ended, in ms from the run's start. */
  readonly endMs: number;
  /** How it ended. */
  readonly outcome: BarOutcome;
  /** What ran: a country code, a task name. */
  readonly label: string;
  /** Its result in words: `OK`, `HTTP 503`, the value returned. */
  readonly result: string;
}

/** What {@linkcode renderTimelineSvg} draws. */
export interface Timeline {
  /** The command that ran, drawn as the title. */
  readonly title: string;
  /** The run's totals, drawn under the title. */
  readonly subtitle?: string;
  /** What a lane is: `worker` or `slot`. */
  readonly laneName: string;
  /** Every call of the run. */
  readonly bars: readonly TimelineBar[];
  /** The run's length in ms, if it ran on after its last call ended. */
  readonly totalMs?: number;
}

/** The colour of each outcome. */
export const OUTCOME_COLOURS: Readonly<Record<BarOutcome, string>> = {
  ok: "#2e7d32",
  "not found": "#9e9e9e",
  error: "#c62828",
  cancelled: "#f9a825",
};

const WIDTH = 960;
const LEFT = 96;
const RIGHT = 24;
const TOP = 70;
const PLOT_HEIGHT = 640;
const MAX_LANE_HEIGHT = 18;
const LABEL_SPACING = 12;

/** Draws the timeline as a standalone SVG document (no scripts, no external resources). */
export function renderTimelineSvg(timeline: Timeline): string {
  const lanes = [...new Set(timeline.bars.flatMap((b) => b.lane === undefined ? [] : [b.lane]))]
    .sort((a, b) => a - b);
  const hasUnstarted = timeline.bars.some((b) => b.lane === undefined);
  const rows = lanes.length + (hasUnstarted ? 1 : 0);
  const laneHeight = Math.max(1, Math.min(MAX_LANE_HEIGHT, Math.floor(PLOT_HEIGHT / rows || 1)));
  const plotHeight = Math.max(rows, 1) * laneHeight;
  const totalMs = Math.max(timeline.totalMs ?? 0, ...timeline.bars.map((b) => b.endMs), 1);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (ms: number) => LEFT + (Math.max(0, ms) / totalMs) * plotWidth;
  const rowOf = new Map(lanes.map((lane, i) => [lane, i]));
  const unstartedRow = lanes.length;
  const y = (row: number) => TOP + row * laneHeight;
  const height = TOP + plotHeight + 50;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" ` +
      `viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(timeline.title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="22" font-size="15" font-weight="bold">${
      escapeXml(timeline.title)
    }</text>`,
  );
  if (timeline.subtitle) {
    out.push(`<text x="${LEFT}" y="42" fill="#444">${escapeXml(timeline.subtitle)}</text>`);
  }
  out.push(legend());
  out.push(
    `<g class="lanes">`,
    ...laneLabels(lanes, laneHeight, timeline.laneName, y),
    ...(hasUnstarted ? [rowLabel("not started", y(unstartedRow), laneHeight)] : []),
    `</g>`,
  );
  out.push(`<g class="bars">`);
  for (const bar of timeline.bars) {
    const row = bar.lane === undefined ? unstartedRow : rowOf.get(bar.lane)!;
    const x0 = x(bar.startMs);
    const w = Math.max(1, x(bar.endMs) - x0);
    const gap = laneHeight >= 4 ? 1 : 0;
    // A white edge tells apart the calls that follow each other on a lane, where there is room.
    const edge = laneHeight >= 8 ? ' stroke="#ffffff" stroke-width="1"' : "";
    const seconds = ((bar.endMs - bar.startMs) / 1000).toFixed(3);
    out.push(
      `<rect class="bar" data-outcome="${bar.outcome}" data-lane="${bar.lane ?? ""}" ` +
        `x="${r(x0)}" y="${y(row) + gap}" width="${r(w)}" height="${laneHeight - gap}" ` +
        `fill="${OUTCOME_COLOURS[bar.outcome]}"${edge}><title>${
          escapeXml(bar.label)
        } · ${seconds} s · ` +
        `${escapeXml(bar.result)}</title></rect>`,
    );
  }
  out.push(`</g>`);
  out.push(axis(totalMs, x, TOP + plotHeight));
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

function legend(): string {
  const items = BAR_OUTCOMES.map((outcome, i) => {
    const lx = WIDTH - RIGHT - 4 * 96 + i * 96;
    return `<rect x="${lx}" y="50" width="12" height="12" fill="${OUTCOME_COLOURS[outcome]}"/>` +
      `<text x="${lx + 16}" y="60">${outcome}</text>`;
  });
  return `<g class="legend">${items.join("")}</g>`;
}

/** A label per lane while they fit; otherwise one every few lanes, never closer than 12 px. */
function laneLabels(
  lanes: number[],
  laneHeight: number,
  laneName: string,
  y: (row: number) => number,
): string[] {
  const every = Math.max(1, Math.ceil(LABEL_SPACING / laneHeight));
  return lanes.flatMap((lane, row) =>
    row % every === 0 ? [rowLabel(`${laneName} ${lane + 1}`, y(row), laneHeight)] : []
  );
}

function rowLabel(text: string, top: number, laneHeight: number): string {
  const baseline = top + Math.min(laneHeight, MAX_LANE_HEIGHT) / 2 + 4;
  return `<text x="${LEFT - 6}" y="${r(baseline)}" text-anchor="end" fill="#333">${
    escapeXml(text)
  }</text>`;
}

/** The time axis: ticks at a round step in seconds, at most about ten of them. */
function axis(totalMs: number, x: (ms: number) => number, top: number): string {
  const step = niceStep(totalMs / 10);
  const digits = Math.max(0, -Math.floor(Math.log10(step / 1000) + 1e-9));
  const parts = [
    `<g class="axis" fill="#333">`,
    `<line x1="${LEFT}" y1="${top}" x2="${WIDTH - RIGHT}" y2="${top}" stroke="#333"/>`,
  ];
  for (let i = 0; i * step <= totalMs; i++) {
    const ms = i * step;
    const tx = r(x(ms));
    parts.push(
      `<line x1="${tx}" y1="${top}" x2="${tx}" y2="${top + 5}" stroke="#333"/>`,
      `<text x="${tx}" y="${top + 18}" text-anchor="middle">${(ms / 1000).toFixed(digits)}</text>`,
    );
  }
  parts.push(
    `<text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${top + 38}" text-anchor="middle">` +
      `seconds from the start of the run</text>`,
    `</g>`,
  );
  return parts.join("\n");
}

/** The smallest of 1, 2, 5 × 10^k ms that is at least `ms`. */
export function niceStep(ms: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(ms, 1e-3)));
  for (const m of [1, 2, 5, 10]) if (m * power >= ms) return m * power;
  return 10 * power;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

const ENTITIES: Readonly<Record<string, string>> = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  '"': "&quot;",
  "'": "&apos;",
};

/** `text` with the five characters XML reserves written as entities. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ENTITIES[c]);
}
