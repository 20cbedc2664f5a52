/**
 * How `arcfour:futures` and `sha:futures` scale with workers: each task, with exactly its
 * deno.json flags, runs `--runs` rounds of 1, 2 and 4 workers in turn for each `--sizes` value
 * (default 8 MiB, the issue's case: the 12 jobs add up to 100 MiB of RC4 round trips or 96 MiB
 * hashed; and 32 MiB, where the pool's start-up weighs less). Prints a Markdown table of the
 * median time each script reports (pool start-up included, like the seed's) and of the whole
 * process, with the median of each round's speed-up over 1 worker, and writes an SVG chart of
 * time vs workers, one panel per size.
 *
 * ```sh
 * deno run --allow-read --allow-write=bench --allow-run --allow-sys=loadavg bench/cpu_scaling.ts \
 *   [--runs 5] [--sizes 8388608,33554432] [--svg bench/cpu_scaling.svg]
 * ```
 *
 * @module
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadAverage, median, ROOT, type Run, timeRun } from "./_common.ts";
import { taskCommand } from "../lib/project/deno_tasks.ts";

const WORKERS = [1, 2, 4];
const TASKS = ["arcfour:futures", "sha:futures"];
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    sizes: { type: "string", default: "8388608,33554432" },
    svg: { type: "string", default: "bench/cpu_scaling.svg" },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes.split(",");
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs must be >= 1`);

/** One task at one size: medians per worker count, and the speed-ups of each round. */
interface Series {
  task: string;
  size: string;
  reported: number[];
  wall: number[];
  /** Per worker count: the median over rounds of (1-worker time ÷ this time) in that round. */
  pairedReported: number[];
  pairedWall: number[];
}

const loadBefore = loadAverage();
const series: Series[] = [];
for (const size of sizes) {
  for (const task of TASKS) {
    const { args } = await taskCommand(task);
    // Rounds of 1, 2 and 4 workers in turn: a machine that drifts (this VM does, by 10-20 %
    // within minutes) shifts every count alike, and each round's own ratio cancels it.
    const rounds: Run[][] = [];
    for (let r = 0; r < runs; r++) {
      const round: Run[] = [];
      for (const workers of WORKERS) {
        round.push(await timeRun(Deno.execPath(), [...args, String(workers), "--size", size]));
      }
      rounds.push(round);
    }
    const column = (i: number, field: "reported" | "wall") => rounds.map((rd) => rd[i][field]);
    const paired = (i: number, field: "reported" | "wall") =>
      median(rounds.map((rd) => rd[0][field] / rd[i][field]));
    series.push({
      task,
      size,
      reported: WORKERS.map((_, i) => median(column(i, "reported"))),
      wall: WORKERS.map((_, i) => median(column(i, "wall"))),
      pairedReported: WORKERS.map((_, i) => paired(i, "reported")),
      pairedWall: WORKERS.map((_, i) => paired(i, "wall")),
    });
  }
}

const cpus = navigator.hardwareConcurrency;
console.log(`## Scaling on ${cpus} CPUs, ${runs} rounds of 1, 2 and 4 workers in turn\n`);
console.log(`Load average (1 min) before: ${loadBefore}, after: ${loadAverage()}\n`);
console.log(
  "Times are medians over the rounds; a speed-up is the median of each round's own ratio.\n",
);
console.log(
  "| task | --size | workers | reported time | speed-up | whole process | speed-up |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const s of series) {
  WORKERS.forEach((w, i) => {
    console.log(
      `| ${s.task} | ${s.size} | ${w} | ${s.reported[i].toFixed(2)} s | ` +
        `${s.pairedReported[i].toFixed(2)}× | ${s.wall[i].toFixed(2)} s | ` +
        `${s.pairedWall[i].toFixed(2)}× |`,
    );
  });
}

await Deno.writeTextFile(resolve(ROOT, values.svg), chart(series));
console.log(`\nchart: ${values.svg}`);

/** One panel per size: the time each task reports vs workers, with each task's ideal. */
function chart(data: Series[]): string {
  const panelW = 330, H = 380, top = 64, bottom = 56, left = 64, gap = 30;
  const panels = [...new Set(data.map((s) => s.size))];
  const W = panels.length * panelW + 20;
  const colors: Record<string, string> = {
    "arcfour:futures": "#d1495b",
    "sha:futures": "#00798c",
  };
  const plotW = panelW - left - gap, plotH = H - top - bottom;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">` +
    `Time vs workers (12 jobs, ${cpus} CPUs, median of ${runs} rounds)</text>`,
    `<line x1="360" x2="384" y1="40" y2="40" stroke="#555" stroke-dasharray="4 3"/>`,
    `<text x="390" y="44">ideal: 1-worker time / min(workers, CPUs)</text>`,
  ];
  TASKS.forEach((task, n) => {
    const x0 = 20 + n * 170;
    parts.push(
      `<line x1="${x0}" x2="${x0 + 24}" y1="40" y2="40" stroke="${colors[task]}" ` +
        `stroke-width="2.5"/>`,
      `<text x="${x0 + 30}" y="44">${task}</text>`,
    );
  });
  panels.forEach((size, p) => {
    const ox = p * panelW + left;
    const inPanel = data.filter((s) => s.size === size);
    const maxY = niceCeil(Math.max(...inPanel.flatMap((s) => s.reported)));
    const x = (i: number) => ox + (plotW * i) / (WORKERS.length - 1);
    const y = (v: number) => top + plotH - (plotH * v) / maxY;
    for (let k = 0; k <= 4; k++) {
      const v = (maxY * k) / 4;
      parts.push(
        `<line x1="${ox}" x2="${ox + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e4e4"/>`,
        `<text x="${ox - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)} s</text>`,
      );
    }
    WORKERS.forEach((w, i) => {
      parts.push(`<text x="${x(i)}" y="${top + plotH + 18}" text-anchor="middle">${w}</text>`);
    });
    parts.push(
      `<text x="${ox + plotW / 2}" y="${H - 14}" text-anchor="middle">` +
        `workers (--size ${size})</text>`,
    );
    for (const s of inPanel) {
      const color = colors[s.task];
      const ideal = WORKERS.map((w, i) => `${x(i)},${y(s.reported[0] / Math.min(w, cpus))}`);
      parts.push(
        `<polyline points="${ideal.join(" ")}" fill="none" stroke="${color}" ` +
          `stroke-width="1" stroke-dasharray="4 3"/>`,
        `<polyline points="${s.reported.map((v, i) => `${x(i)},${y(v)}`).join(" ")}" ` +
          `fill="none" stroke="${color}" stroke-width="2.5"/>`,
      );
      const dy = s.task === TASKS[0] ? -8 : 16; // one task's labels above, the other's below
      s.reported.forEach((v, i) => {
        parts.push(
          `<circle cx="${x(i)}" cy="${y(v)}" r="3.5" fill="${color}"/>`,
          `<text x="${x(i) + 5}" y="${y(v) + dy}" fill="${color}">${v.toFixed(2)}</text>`,
        );
      });
    }
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** The smallest of 1, 2, 3, 4, 6, 8 × a power of ten ≥ v: a quarter of it is a round tick. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 3, 4, 6, 8]) if (m * p >= v) return m * p;
  return 10 * p;
}
