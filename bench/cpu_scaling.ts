/**
 * How `arcfour:futures` and `sha:futures` scale with workers: each task, with exactly its
 * deno.json flags and `--size 8388608` (the 12 jobs then add up to 100 MiB of RC4 round trips,
 * and 96 MiB hashed), runs `--runs` times on 1, 2 and 4 workers. Prints a Markdown table of the
 * median time each script reports (pool start-up included, like the seed's) and of the whole
 * process, and writes an SVG chart of time vs workers.
 *
 * ```sh
 * flock /tmp/bench.lock deno run --allow-read --allow-write=bench --allow-run bench/cpu_scaling.ts
 *   [--runs 5] [--size 8388608] [--svg bench/cpu_scaling.svg]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { medianRuns, ROOT, taskArgs, timeRun } from "./_cpu_bench.ts";

const WORKERS = [1, 2, 4];
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    size: { type: "string", default: "8388608" },
    svg: { type: "string", default: "bench/cpu_scaling.svg" },
  },
});
const runs = Number(values.runs);
const size = values.size;
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs must be >= 1`);

interface Series {
  task: string;
  reported: number[];
  wall: number[];
}

const series: Series[] = [];
for (const task of ["arcfour:futures", "sha:futures"]) {
  const args = await taskArgs(task);
  const s: Series = { task, reported: [], wall: [] };
  for (const workers of WORKERS) {
    const m = await medianRuns(
      runs,
      () => timeRun(Deno.execPath(), [...args, String(workers), "--size", size]),
    );
    s.reported.push(m.reported);
    s.wall.push(m.wall);
  }
  series.push(s);
}

const cpu = navigator.hardwareConcurrency;
console.log(`## Scaling on ${cpu} CPUs: --size ${size}, median of ${runs} runs\n`);
console.log("| task | workers | reported time | speed-up | whole process | speed-up |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const s of series) {
  WORKERS.forEach((w, i) => {
    console.log(
      `| ${s.task} | ${w} | ${s.reported[i].toFixed(2)} s | ` +
        `${(s.reported[0] / s.reported[i]).toFixed(2)}× | ${s.wall[i].toFixed(2)} s | ` +
        `${(s.wall[0] / s.wall[i]).toFixed(2)}× |`,
    );
  });
}

await Deno.writeTextFile(new URL(values.svg, ROOT), chart(series, size, runs, cpu));
console.log(`\nchart: ${values.svg}`);

/** A line chart of reported time vs workers, one line per task. */
function chart(data: Series[], size: string, runs: number, cpus: number): string {
  const W = 640, H = 400, left = 70, right = 170, top = 50, bottom = 60;
  const plotW = W - left - right, plotH = H - top - bottom;
  const maxY = niceCeil(Math.max(...data.flatMap((s) => s.reported)));
  const x = (i: number) => left + (plotW * i) / (WORKERS.length - 1);
  const y = (v: number) => top + plotH - (plotH * v) / maxY;
  const colors = ["#d1495b", "#00798c"];
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
      `viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="13">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16">` +
      `Time vs workers (--size ${size}, ${cpus} CPUs, median of ${runs})</text>`,
  );
  for (let k = 0; k <= 4; k++) {
    const v = (maxY * k) / 4;
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)} s</text>`,
    );
  }
  WORKERS.forEach((w, i) => {
    parts.push(`<text x="${x(i)}" y="${top + plotH + 20}" text-anchor="middle">${w}</text>`);
  });
  parts.push(
    `<text x="${left + plotW / 2}" y="${H - 15}" text-anchor="middle">workers</text>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/>`,
    `<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" ` +
      `stroke="#333"/>`,
  );
  data.forEach((s, n) => {
    const color = colors[n % colors.length];
    const points = s.reported.map((v, i) => `${x(i)},${y(v)}`).join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
    s.reported.forEach((v, i) => {
      parts.push(
        `<circle cx="${x(i)}" cy="${y(v)}" r="4" fill="${color}"/>`,
        `<text x="${x(i) + 6}" y="${y(v) - 8}" fill="${color}">${v.toFixed(2)}</text>`,
      );
    });
    const ly = top + 20 + n * 22;
    parts.push(
      `<line x1="${left + plotW + 20}" x2="${left + plotW + 44}" y1="${ly}" y2="${ly}" ` +
        `stroke="${color}" stroke-width="2.5"/>`,
      `<text x="${left + plotW + 50}" y="${ly + 4}">${s.task}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** The smallest of 1, 2, 2.5, 5 × a power of ten that is ≥ v. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
