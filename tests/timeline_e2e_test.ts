// `--timeline FILE` (and series 1's FLAGS_TIMELINE), run as a user runs the tasks: the picture
// parses, has a lane per slot or worker used and a bar per call, its colours match the report,
// and `deno task demo --report` renders to a page a browser draws.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
// @ts-types="@types/pngjs"
import { PNG } from "pngjs";
import { startFlagServer } from "../lib/server/flag_server.ts";
import { PROJECT_ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { missingCommand } from "../lib/project/host_tools.ts";
import { reportCounts, runFlagsTask } from "./fixtures/flags_runs.ts";
import { parseTimeline, type Rect } from "./fixtures/timeline_svg.ts";

const SERVER = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;

function count(bars: Rect[], outcome: string): number {
  return bars.filter((b) => b["@_data-outcome"] === outcome).length;
}

function lanesOf(bars: Rect[]): Set<string> {
  return new Set(bars.map((b) => b["@_data-lane"]!).filter((lane) => lane !== ""));
}

/** Asserts that no two bars of one lane overlap. */
function assertNoOverlap(bars: Rect[]): void {
  const byLane = Map.groupBy(bars, (b) => b["@_data-lane"]);
  for (const [lane, laneBars] of byLane) {
    const spans = laneBars.map((b) => [Number(b["@_x"]), Number(b["@_x"]) + Number(b["@_width"])])
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) {
      // 1 px of slack: a bar is at least 1 px wide, and positions are rounded to 0.1 px.
      assert.ok(spans[i][0] >= spans[i - 1][1] - 1.1, `lane ${lane}: bars overlap`);
    }
  }
}

Deno.test("timeline: -s ERROR -al 100 -m 100 colours as many bars error as it counts errors", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.05, seed: 3 });
  const run = await runFlagsTask("flags2:threadpool", [
    "-s",
    srv.urls.ERROR,
    "-al",
    "100",
    "-m",
    "100",
    "--timeline",
    "timelines/error.svg",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^timeline: timelines\/error\.svg \(100 downloads\)$/m);
  const { bars, labels } = parseTimeline(run.timelines.get("error.svg")!);
  const counts = reportCounts(run.stdout);
  assert.ok(counts.errors > 0 && counts.ok > 0, run.stdout);
  assert.equal(bars.length, 100, "one bar per code");
  assert.equal(count(bars, "error"), counts.errors);
  assert.equal(count(bars, "ok"), counts.ok);
  assert.equal(count(bars, "not found"), counts.notFound);
  const lanes = lanesOf(bars);
  assert.ok(lanes.size <= 100, `${lanes.size} lanes`);
  assert.equal(labels.length > 0, true);
  assertNoOverlap(bars);
  assert.deepEqual([...run.timelines.keys()], ["error.svg"], "no temporary file left");
});

for (
  const [task, lanesAtMost] of [
    ["flags2:sequential", 1],
    ["flags2:threadpool", 10],
    ["flags2:asyncio", 10],
    ["flags3:threadpool", 10],
    // A code holds no permit while it waits for its second one, so codes in progress can
    // outnumber -m here; requests in flight never do (tests/flags_variants_test.ts).
    ["flags3:asyncio", 78],
  ] as const
) {
  const m = task === "flags2:sequential" ? [] : ["-m", "10"];
  const name = `timeline: ${task} -s DELAY a b c ${m.join(" ")}`.trimEnd() +
    `: 78 codes on at most ${lanesAtMost} lane(s)`;
  Deno.test(name, async () => {
    await using srv = await startFlagServer({ ...SERVER, delay: 0.01 });
    const run = await runFlagsTask(task, [
      "-s",
      srv.urls.DELAY,
      ...m,
      "a",
      "b",
      "c",
      "--timeline",
      "timelines/t.svg",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const svg = run.timelines.get("t.svg")!;
    const { bars } = parseTimeline(svg);
    assert.equal(bars.length, 78);
    assert.deepEqual([count(bars, "ok"), count(bars, "not found")], [43, 35]);
    assert.ok(lanesOf(bars).size <= lanesAtMost, `${lanesOf(bars).size} lanes`);
    if (task !== "flags3:asyncio") assertNoOverlap(bars);
    assert.ok(!svg.includes("--timeline"), "the title is the command without --timeline");
  });
}

Deno.test("timeline: a file the task may not write is refused before the run, in one line", async () => {
  const run = await runFlagsTask("flags2:threadpool", [
    "-s",
    "http://127.0.0.1:1/flags",
    "--timeline",
    "/tmp/elsewhere.svg",
  ]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr.split("\n")[0],
    "*** Usage error: no permission to write /tmp/elsewhere.svg (the tasks may write pictures " +
      "only in timelines/, e.g. timelines/run.svg)",
  );
  assert.equal(run.stdout, "", "nothing ran");
});

Deno.test("timeline: series 1 reads FLAGS_TIMELINE (a pool's 20 slots, or one lane in turn)", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.01 });
  for (const [task, lanes] of [["flags:threadpool", 20], ["flags", 1]] as const) {
    const run = await runFlagsTask(task, [], [], {
      FLAGS_BASE_URL: srv.urls.DELAY,
      FLAGS_TIMELINE: "timelines/s1.svg",
    });
    assert.equal(run.code, 0, run.stderr);
    const { bars } = parseTimeline(run.timelines.get("s1.svg")!);
    assert.equal(bars.length, 20, task);
    assert.equal(count(bars, "ok"), 20, task);
    assert.equal(lanesOf(bars).size, lanes, task);
  }
});

Deno.test("timeline: arcfour:futures on 2 workers draws 2 lanes, one job at a time in each", async () => {
  const name = `timelines/test-${crypto.randomUUID()}.svg`;
  const { args } = await taskCommand("arcfour:futures");
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [...args, "2", "--size", "65536", "--jobs", "8", "--timeline", name],
      cwd: PROJECT_ROOT,
      stdin: "null",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const { bars, labels } = parseTimeline(await Deno.readTextFile(join(PROJECT_ROOT, name)));
    assert.equal(bars.length, 8);
    assert.equal(count(bars, "ok"), 8);
    assert.deepEqual([...lanesOf(bars)].sort(), ["0", "1"]);
    assert.deepEqual(labels, ["worker 1", "worker 2"]);
    assertNoOverlap(bars);
  } finally {
    await Deno.remove(join(PROJECT_ROOT, name)).catch(() => {});
  }
});

const noChromium = await missingCommand("chromium");
if (noChromium !== undefined) {
  console.log(`timeline_e2e_test: skipping the browser check: ${noChromium}`);
}

Deno.test({
  name: "timeline: deno task demo --report renders in headless Chromium (not a blank page)",
  ignore: noChromium !== undefined,
  async fn() {
    const id = crypto.randomUUID();
    const report = `timelines/report-${id}.html`;
    const png = join(await Deno.makeTempDir({ prefix: "report_png_" }), "page.png");
    const profile = await Deno.makeTempDir({ prefix: "chromium_profile_" });
    const { args } = await taskCommand("demo");
    try {
      const demo = await new Deno.Command(Deno.execPath(), {
        args: [...args, "--quick", "--report", report],
        cwd: PROJECT_ROOT,
        stdin: "null",
      }).output();
      const stdout = new TextDecoder().decode(demo.stdout);
      assert.equal(demo.code, 0, new TextDecoder().decode(demo.stderr));
      assert.match(stdout, new RegExp(`The report, with each step's timeline: ${report}`));
      const html = await Deno.readTextFile(join(PROJECT_ROOT, report));
      assert.equal((html.match(/<svg /g) ?? []).length, 9, "every step's timeline, inline");
      const shot = await new Deno.Command("chromium", {
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          `--user-data-dir=${profile}`,
          `--screenshot=${png}`,
          "--window-size=1000,1400",
          `file://${join(PROJECT_ROOT, report)}`,
        ],
        stdin: "null",
        stdout: "null",
        stderr: "null",
        signal: AbortSignal.timeout(60_000),
      }).output();
      assert.equal(shot.code, 0, "chromium took the screenshot");
      const image = PNG.sync.read(Buffer.from(await Deno.readFile(png)));
      let ink = 0;
      let green = 0;
      for (let i = 0; i < image.data.length; i += 4) {
        const [r, g, b] = image.data.subarray(i, i + 3);
        if (r < 200 || g < 200 || b < 200) ink++;
        if (g > r + 40 && g > b + 40) green++; // the "ok" bars
      }
      const share = ink / (image.width * image.height);
      assert.ok(share > 0.05, `only ${(share * 100).toFixed(1)} % of the page is drawn`);
      assert.ok(green > 1000, `only ${green} green pixels: no ok bars drawn`);
    } finally {
      await Deno.remove(join(PROJECT_ROOT, report)).catch(() => {});
      await Deno.remove(png.replace(/\/page\.png$/, ""), { recursive: true });
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    }
  },
});
