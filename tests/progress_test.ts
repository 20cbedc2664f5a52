import assert from "node:assert/strict";
import {
  formatInterval,
  formatMeter,
  ProgressBar,
  type ProgressOutput,
  track,
} from "../lib/progress.ts";
import { pythonWith } from "../lib/project/host_tools.ts";

/** Collects what a bar writes; `terminal` decides how the bar behaves. */
function fakeOutput(terminal: boolean): ProgressOutput & { text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    isTerminal: () => terminal,
    writeSync(bytes: Uint8Array): number {
      // Short writes, to prove the bar writes everything.
      const n = Math.max(1, Math.ceil(bytes.length / 2));
      chunks.push(bytes.slice(0, n));
      return n;
    },
    text: () => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c]))),
  };
}

Deno.test("formatMeter reproduces the tqdm lines printed in the seed (80 columns)", () => {
  // The seed's own output of flags2_threadpool.py / flags2_sequential.py.
  assert.deepEqual(
    formatMeter({ n: 78, total: 78, elapsed: 78 / 49.39, ncols: 80 }),
    "100%|███████████████████████████████████████████| 78/78 [00:01<00:00, 49.39it/s]",
  );
  assert.deepEqual(
    formatMeter({ n: 20, total: 20, elapsed: 20 / 656.13, ncols: 80 }),
    "100%|██████████████████████████████████████████| 20/20 [00:00<00:00, 656.13it/s]",
  );
  assert.deepEqual(
    formatMeter({ n: 100, total: 100, elapsed: 100 / 202.38, ncols: 80 }),
    "100%|████████████████████████████████████████| 100/100 [00:00<00:00, 202.38it/s]",
  );
  // Without a width (a notebook, a pipe): tqdm's 10-cell bar.
  assert.deepEqual(
    formatMeter({ n: 1000, total: 1000, elapsed: 1000 / 96.62 }),
    "100%|██████████| 1000/1000 [00:10<00:00, 96.62it/s]",
  );
});

Deno.test("formatMeter: start, partial blocks, slow rates, rounding, narrow lines", () => {
  assert.deepEqual(
    formatMeter({ n: 0, total: 78, elapsed: 0 }),
    "  0%|          | 0/78 [00:00<?, ?it/s]",
  );
  assert.deepEqual(
    formatMeter({ n: 39, total: 78, elapsed: 2, ncols: 60 }),
    " 50%|███████████▌           | 39/78 [00:02<00:02, 19.50it/s]",
  );
  assert.deepEqual(
    formatMeter({ n: 1, total: 3, elapsed: 5 }),
    " 33%|███▎      | 1/3 [00:05<00:10,  5.00s/it]",
  );
  // Python rounds 12.5 and 37.5 half to even.
  assert.deepEqual(
    formatMeter({ n: 1, total: 8, elapsed: 1 }),
    " 12%|█▎        | 1/8 [00:01<00:07,  1.00it/s]",
  );
  assert.deepEqual(
    formatMeter({ n: 3, total: 8, elapsed: 1 }),
    " 38%|███▊      | 3/8 [00:01<00:01,  3.00it/s]",
  );
  assert.deepEqual(formatMeter({ n: 7, total: 8, elapsed: 0.5, ncols: 10 }), " 88%|▉| 7/");
  const line = formatMeter({ n: 5, total: 676, elapsed: 0.01, ncols: 100 });
  assert.deepEqual(line.length, 100);
});

Deno.test("formatInterval is tqdm's MM:SS / H:MM:SS", () => {
  assert.deepEqual(formatInterval(0), "00:00");
  assert.deepEqual(formatInterval(59.99), "00:59");
  assert.deepEqual(formatInterval(75.9), "01:15");
  assert.deepEqual(formatInterval(3725), "1:02:05");
});

const tqdm = await pythonWith(["tqdm"]);
if (tqdm.why) console.log(`progress_test: skipping the tqdm oracle: ${tqdm.why}`);

Deno.test({
  name: "formatMeter agrees with tqdm.format_meter itself",
  ignore: tqdm.path === undefined,
  async fn(t) {
    const cases: Array<[number, number, number, number | null]> = [
      [0, 78, 0, 80],
      [1, 78, 0.3, 80],
      [13, 78, 0.7, 120],
      [77, 78, 1.9, 33],
      [250, 676, 0.21, 100],
      [3, 20, 7.5, null],
      [50, 7000, 4000, 120],
    ];
    const script = "import json, sys\nfrom tqdm import tqdm\n" +
      "for n, total, elapsed, ncols in json.loads(sys.argv[1]):\n" +
      "    print(tqdm.format_meter(n, total, elapsed, ncols=ncols))\n";
    const out = await new Deno.Command(tqdm.path!, { args: ["-c", script, JSON.stringify(cases)] })
      .output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const expected = new TextDecoder().decode(out.stdout).trimEnd().split("\n");
    assert.equal(expected.length, cases.length);
    for (const [i, [n, total, elapsed, ncols]] of cases.entries()) {
      await t.step(`${n}/${total} in ${elapsed}s, ${ncols} columns`, () => {
        assert.deepEqual(
          formatMeter({ n, total, elapsed, ncols: ncols ?? undefined }),
          expected[i],
        );
      });
    }
  },
});

Deno.test("ProgressBar off a terminal: one final line, no carriage returns", () => {
  const output = fakeOutput(false);
  const bar = new ProgressBar({ total: 5, output });
  for (let i = 0; i < 5; i++) bar.update();
  assert.deepEqual(output.text(), "");
  bar.close();
  bar.close();
  const text = output.text();
  assert.ok(!text.includes("\r"));
  assert.match(text, /^100%\|██████████\| 5\/5 \[00:00<00:00, +[\d.]+it\/s\]\n$/);
});

Deno.test("ProgressBar on a terminal: redraws in place at most every minInterval", () => {
  const output = fakeOutput(true);
  let now = 0;
  const bar = new ProgressBar({ total: 4, output, ncols: 50, minInterval: 0.1, now: () => now });
  assert.deepEqual(output.text(), "\r" + formatMeter({ n: 0, total: 4, elapsed: 0, ncols: 50 }));
  now = 50;
  bar.update(); // too soon after the first draw
  assert.deepEqual(output.text().split("\r").length, 2);
  now = 150;
  bar.update();
  now = 1000;
  bar.update(2);
  bar.close();
  const draws = output.text().split("\r").slice(1);
  assert.deepEqual(draws, [
    formatMeter({ n: 0, total: 4, elapsed: 0, ncols: 50 }),
    formatMeter({ n: 2, total: 4, elapsed: 0.15, ncols: 50 }),
    formatMeter({ n: 4, total: 4, elapsed: 1, ncols: 50 }),
    formatMeter({ n: 4, total: 4, elapsed: 1, ncols: 50 }) + "\n",
  ]);
});

Deno.test("ProgressBar pads a shorter redraw so no old characters remain", () => {
  const output = fakeOutput(true);
  let now = 0;
  const bar = new ProgressBar({ total: 2, output, now: () => now });
  now = 1000;
  bar.update();
  now = 2000;
  bar.update(2); // past the total: tqdm's short "3it [...]" form
  const draws = output.text().split("\r").slice(1);
  const previous = formatMeter({ n: 1, total: 2, elapsed: 1 });
  const short = formatMeter({ n: 3, total: 2, elapsed: 2 });
  assert.ok(short.length < previous.length);
  assert.deepEqual(draws.slice(1), [previous, short.padEnd(previous.length)]);
  bar.close();
});

Deno.test("track advances after each item and closes when the loop breaks", async () => {
  const output = fakeOutput(false);
  const seen: string[] = [];
  for await (const item of track(["a", "b", "c"], { total: 3, output })) {
    seen.push(item);
    if (item === "b") break;
  }
  assert.deepEqual(seen, ["a", "b"]);
  assert.ok(output.text().startsWith(" 33%|███▎      | 1/3 "), output.text());
});
