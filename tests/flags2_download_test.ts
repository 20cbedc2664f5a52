import assert from "node:assert/strict";
import { join } from "node:path";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { type Counter, downloadOne } from "../lib/flags/flags2/download.ts";
import { HTTPError } from "../lib/flags/errors.ts";
import {
  type DownloadMany,
  type DownloadManyOptions,
  downloadManyPool,
  downloadManySequential,
} from "../lib/flags/flags2/download_many.ts";
import type { ProgressOutput } from "../lib/progress.ts";
import { type FlagServerOptions, startFlagServer } from "../lib/server/flag_server.ts";

const SERVER: FlagServerOptions = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true };
const AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const lettersCodes = (letters: string) =>
  [...letters.toUpperCase()].flatMap((a) => [...AZ].map((b) => a + b));

/** A non-terminal stand-in for stderr that keeps what the progress bar writes. */
function captureOutput(): ProgressOutput & { text: string } {
  const out = {
    text: "",
    isTerminal: () => false,
    writeSync(bytes: Uint8Array): number {
      out.text += new TextDecoder().decode(bytes);
      return bytes.length;
    },
  };
  return out;
}

interface Run {
  counter: Counter;
  lines: string[];
  files: string[];
  bar: string;
  seconds: number;
}

/** Runs a strategy into a fresh folder; returns its counter, verbose lines and files left. */
async function download(
  strategy: DownloadMany,
  codes: readonly string[],
  baseUrl: string,
  options: Partial<DownloadManyOptions> = {},
): Promise<Run> {
  const destDir = await Deno.makeTempDir({ prefix: "flags2_test_" });
  const lines: string[] = [];
  const output = captureOutput();
  try {
    const t0 = performance.now();
    const counter = await strategy(baseUrl, codes, {
      concurReq: 10,
      destDir,
      log: (line) => lines.push(line),
      progress: { output },
      ...options,
    });
    const seconds = (performance.now() - t0) / 1000;
    const files = [];
    for await (const entry of Deno.readDir(destDir)) files.push(entry.name);
    return { counter, lines, files: files.sort(), bar: output.text, seconds };
  } finally {
    await Deno.remove(destDir, { recursive: true });
  }
}

const total = (c: Counter) => c.ok + c.not_found + c.error;

/** The seed's three counts of a counter. */
const statuses = ({ ok, not_found, error }: Counter) => ({ ok, not_found, error });

Deno.test("a b c on DELAY: 43 downloaded, 35 not found, both strategies", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.02 });
  const codes = lettersCodes("abc");
  const known = codes.filter((cc) => COUNTRY_CODES.includes(cc));
  assert.equal(known.length, 43);
  for (const strategy of [downloadManyPool, downloadManySequential]) {
    srv.resetStats();
    const run = await download(strategy, codes, srv.urls.DELAY, { concurReq: 30 });
    assert.deepEqual(run.counter, { ok: 43, not_found: 35, error: 0, unreached: 0, answered: 78 });
    assert.deepEqual(run.files, known.map((cc) => `${cc.toLowerCase()}.gif`));
    assert.match(run.bar, /^100%\|██████████\| 78\/78 \[\d\d:\d\d<00:00, +[\d.]+it\/s\]\n$/);
    assert.equal(srv.stats().DELAY.requests, 78);
    const peak = srv.stats().DELAY.peakInFlight;
    if (strategy === downloadManySequential) assert.equal(peak, 1, "sequential: one at a time");
    else assert.ok(peak > 1 && peak <= 30, `pool peak ${peak}`);
  }
});

Deno.test("the pool never has more than concurReq requests in flight (peak = min(m, codes))", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.15 });
  const codes = lettersCodes("b");
  for (const [m, expected] of [[5, 5], [100, 26]]) {
    srv.resetStats();
    const run = await download(downloadManyPool, codes, srv.urls.DELAY, { concurReq: m });
    assert.equal(total(run.counter), 26);
    assert.equal(srv.stats().DELAY.peakInFlight, expected, `-m ${m}`);
  }
});

Deno.test("ERROR with a seed: every code accounted for, the split matches the server and repeats", async () => {
  const codes = COUNTRY_CODES.slice(0, 100);
  const runs: Run[] = [];
  for (let i = 0; i < 2; i++) {
    await using srv = await startFlagServer({ ...SERVER, delay: 0.02, seed: 17 });
    const run = await download(downloadManyPool, codes, srv.urls.ERROR, {
      concurReq: 100,
      verbose: true,
    });
    const { statuses } = srv.stats().ERROR;
    const serverErrors = Object.entries(statuses)
      .filter(([status]) => status !== "200")
      .reduce((sum, [, n]) => sum + n, 0);
    assert.equal(total(run.counter), 100);
    assert.equal(run.counter.ok, statuses["200"]);
    assert.equal(run.counter.error, serverErrors);
    assert.ok(run.counter.error > 0 && run.counter.ok > 0, JSON.stringify(run.counter));
    assert.equal(run.files.length, run.counter.ok);
    const errorLines = run.lines.filter((l) => l.startsWith("*** Error for "));
    assert.equal(errorLines.length, run.counter.error);
    for (const line of errorLines) {
      assert.match(
        line,
        /^\*\*\* Error for [A-Z]{2}:HTTP error 5\d\d - [A-Z][a-z]+( [A-Z][a-z]+)*$/,
      );
    }
    assert.equal(run.lines.filter((l) => / OK$/.test(l)).length, run.counter.ok);
    assert.equal(run.bar, "", "no progress bar in verbose mode");
    runs.push(run);
  }
  assert.deepEqual(runs[0].counter, runs[1].counter);
});

Deno.test("HTTP errors: 503 is reported with its reason; 404 is not an error", async () => {
  await using srv = await startFlagServer({
    ...SERVER,
    errorRate: 1,
    delayRate: 0,
    errorStatus: [503],
  });
  const run = await download(downloadManySequential, ["BR"], srv.urls.ERROR, { verbose: true });
  assert.deepEqual(statuses(run.counter), { ok: 0, not_found: 0, error: 1 });
  assert.deepEqual(run.lines, ["*** Error for BR:HTTP error 503 - Service Unavailable"]);
  assert.deepEqual(run.files, []);

  const lines: string[] = [];
  const dir = await Deno.makeTempDir();
  try {
    const res = await downloadOne(srv.urls.LOCAL, "ZZ", {
      destDir: dir,
      verbose: true,
      log: (l) => lines.push(l),
    });
    assert.deepEqual(res, { status: "not_found", cc: "ZZ" });
    assert.deepEqual(lines, ["ZZ not found"]);
    await assert.rejects(downloadOne(srv.urls.ERROR, "BR", { destDir: dir }), HTTPError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a truncated body says how much of it came, and leaves no file", async () => {
  await using srv = await startFlagServer({
    ...SERVER,
    errorRate: 1,
    delayRate: 0,
    errorStatus: ["truncate"],
  });
  const codes = ["BR", "CN", "FR"];
  const run = await download(downloadManyPool, codes, srv.urls.ERROR, { verbose: true });
  assert.deepEqual(statuses(run.counter), { ok: 0, not_found: 0, error: 3 });
  for (const line of run.lines) {
    const m = /^\*\*\* Error for ([A-Z]{2}):truncated: (\d+) of (\d+) bytes$/.exec(line);
    assert.ok(m, line);
    assert.ok(Number(m[2]) < Number(m[3]), line);
  }
  assert.deepEqual(run.lines.map((line) => line.slice(14, 16)).sort(), codes);
  assert.deepEqual(run.files, [], "no flag and no temporary file");
  assert.equal(srv.stats().ERROR.statuses.truncate, 3);
});

Deno.test("a server that never answers: each request is cut off after --timeout", async () => {
  const answer = new Set<() => void>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Promise<Response>((resolve) => answer.add(() => resolve(new Response("late")))),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}/flags`;
    const run = await download(downloadManyPool, ["BR", "CN", "FR"], base, {
      verbose: true,
      timeout: 0.2,
    });
    assert.deepEqual(statuses(run.counter), { ok: 0, not_found: 0, error: 3 });
    assert.deepEqual(
      run.lines.sort(),
      ["BR", "CN", "FR"].map((cc) => `*** Error for ${cc}:Timeout after 0.2s`),
    );
    assert.deepEqual(run.files, []);
    assert.ok(run.seconds >= 0.2, `gave up after ${run.seconds}s, before the timeout`);
  } finally {
    for (const resolve of answer) resolve();
    await server.shutdown();
  }
});

Deno.test("a server that resets connections, and one that is not there: connection errors", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = (async () => {
    try {
      for await (const conn of listener) conn.close();
    } catch {
      // the listener was closed
    }
  })();
  const port = listener.addr.port;
  try {
    const run = await download(downloadManyPool, ["BR", "CN"], `http://127.0.0.1:${port}/flags`, {
      verbose: true,
    });
    // Reset connections reached a server that did not answer: not "unreached".
    assert.deepEqual(run.counter, { ok: 0, not_found: 0, error: 2, unreached: 0, answered: 0 });
    assert.deepEqual(run.lines.sort(), [
      "*** Error for BR:Connection error",
      "*** Error for CN:Connection error",
    ]);
    assert.deepEqual(run.files, []);
  } finally {
    listener.close();
    await accepting;
  }
  // Nothing listens on the port any more.
  const refused = await download(downloadManySequential, ["BR"], `http://127.0.0.1:${port}/flags`, {
    verbose: true,
  });
  assert.deepEqual(refused.counter, { ok: 0, not_found: 0, error: 1, unreached: 1, answered: 0 });
  assert.deepEqual(refused.lines, ["*** Error for BR:Connection error"]);
});

Deno.test("a flag that cannot be saved is an error for that flag; the run goes on", async () => {
  await using srv = await startFlagServer(SERVER);
  const dir = await Deno.makeTempDir();
  const lines: string[] = [];
  try {
    const counter = await downloadManyPool(srv.urls.LOCAL, ["BR", "ZZ"], {
      concurReq: 2,
      destDir: join(dir, "missing"),
      verbose: true,
      log: (l) => lines.push(l),
    });
    assert.deepEqual(statuses(counter), { ok: 0, not_found: 1, error: 1 });
    assert.ok(lines.includes("ZZ not found"));
    assert.ok(lines.some((l) => /^\*\*\* Error for BR:NotFound: /.test(l)), lines.join("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
