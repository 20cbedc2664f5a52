/**
 * What an executor's observer costs when there is none: 100,000 trivial
 * submits + awaits through `AsyncPoolExecutor(32)` with this checkout's
 * lib/futures, against the same through another checkout's (the code before
 * observers were added), in separate processes taken in turn, each the median
 * of 15 inner runs after a warm-up; then, in this checkout, the same with a
 * `TimelineRecorder` observing. Prints each pair and the median ratios.
 *
 * ```sh
 * git worktree add /tmp/before 3def05b~1   # lib/futures before observers
 * deno run --allow-read --allow-run bench/observer_cost.ts /tmp/before [PAIRS]   # default 20
 * ```
 *
 * @module
 */
import { median } from "./_common.ts";

const N = 100_000;

/** The child: the median ms of 15 runs of N submits + awaits with the executor found at `futures`. */
async function child(futures: string, observed: boolean): Promise<void> {
  const { AsyncPoolExecutor } = await import(`${futures}/async_pool.ts`);
  const { TimelineRecorder } = await import("../lib/timeline/recorder.ts");
  const trivial = (x: number) => Promise.resolve(x);
  const runOnce = async () => {
    const t0 = performance.now();
    const ex = observed
      ? new AsyncPoolExecutor(32, { observer: new TimelineRecorder() })
      : new AsyncPoolExecutor(32);
    const fs = new Array(N);
    for (let i = 0; i < N; i++) fs[i] = ex.submit(trivial, i);
    for (let i = 0; i < N; i++) await fs[i].result();
    await ex.shutdown();
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) await runOnce();
  const times: number[] = [];
  for (let i = 0; i < 15; i++) times.push(await runOnce());
  console.log(median(times).toFixed(3));
}

async function measure(futures: string, observed: boolean): Promise<number> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", import.meta.filename!, "--child", futures, String(observed)],
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`the child for ${futures} failed`);
  return Number(new TextDecoder().decode(out.stdout));
}

if (Deno.args[0] === "--child") {
  await child(Deno.args[1], Deno.args[2] === "true");
} else {
  const before = Deno.args[0];
  if (before === undefined) {
    console.error("usage: bench/observer_cost.ts BEFORE_CHECKOUT [PAIRS]");
    Deno.exit(2);
  }
  const pairs = Math.min(Math.max(Number(Deno.args[1] ?? 20) || 20, 2), 100);
  const here = new URL("../lib/futures", import.meta.url).pathname;
  const there = `${before.replace(/\/$/, "")}/lib/futures`;
  const now: number[] = [], then: number[] = [], watched: number[] = [];
  console.log(`${N} submits + awaits, AsyncPoolExecutor(32), ms (median of 15 runs per process)`);
  console.log("pair  no observer  before  observed");
  for (let i = 1; i <= pairs; i++) {
    // Alternate which goes first, so that drift falls on both sides alike.
    let a: number, b: number;
    if (i % 2) {
      a = await measure(here, false);
      b = await measure(there, false);
    } else {
      b = await measure(there, false);
      a = await measure(here, false);
    }
    const o = await measure(here, true);
    now.push(a);
    then.push(b);
    watched.push(o);
    console.log(
      `${String(i).padStart(4)}  ${a.toFixed(1).padStart(11)}  ${b.toFixed(1).padStart(6)}  ${
        o.toFixed(1).padStart(8)
      }`,
    );
  }
  const ratios = now.map((n, i) => n / then[i]);
  console.log(
    `median: no observer ${median(now).toFixed(1)} ms, before ${median(then).toFixed(1)} ms, ` +
      `observed ${median(watched).toFixed(1)} ms`,
  );
  console.log(
    `no observer / before: median of pair ratios ${median(ratios).toFixed(3)}; ` +
      `observed / no observer ${(median(watched) / median(now)).toFixed(2)}x`,
  );
}
