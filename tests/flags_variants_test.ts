/**
 * What every flags2/flags3 variant must do, run as a user runs it (a child with its task's
 * permission flags) against the in-process flag server: the book's 43/35 split for
 * `-s DELAY a b c`, exactly `-m` requests in flight at the peak (from the server's /stats —
 * flags3 makes two requests a code and still never has more than `-m` in flight), and every
 * code accounted for once on `-s ERROR`.
 */
import assert from "node:assert/strict";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { startFlagServer } from "../lib/server/flag_server.ts";
import { reportCounts, runFlagsTask } from "./fixtures/flags_runs.ts";

const SERVER = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;
const BAR = /^100%\|█+\| (\d+)\/\1 \[\d\d:\d\d<00:00, +[\d.]+(it\/s|s\/it)\]$/;
const AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ABC = [..."ABC"].flatMap((a) => [...AZ].map((b) => a + b));
const FOUND = ABC.filter((cc) => COUNTRY_CODES.includes(cc));

interface Variant {
  task: string;
  /** The `-m` default. */
  defaultReq: number;
  /** Seconds the DELAY listener waits: long enough for `-m` requests to overlap there. */
  delay: number;
  /** flags3 saves `{country}-{CC}.gif` and asks for metadata.json too. */
  flags3: boolean;
}

const VARIANTS: Variant[] = [
  { task: "flags2:sequential", defaultReq: 1, delay: 0.02, flags3: false },
  { task: "flags2:threadpool", defaultReq: 30, delay: 0.2, flags3: false },
  { task: "flags2:asyncio", defaultReq: 5, delay: 0.1, flags3: false },
  { task: "flags3:threadpool", defaultReq: 30, delay: 0.2, flags3: true },
  { task: "flags3:asyncio", defaultReq: 5, delay: 0.1, flags3: true },
];

/** `BR` → `br.gif` for flags2; flags3's names come from the server's metadata. */
async function expectedName(variant: Variant, cc: string, baseUrl: string): Promise<string> {
  if (!variant.flags3) return `${cc.toLowerCase()}.gif`;
  const response = await fetch(`${baseUrl}/${cc.toLowerCase()}/metadata.json`);
  const { country } = await response.json();
  return `${country.replaceAll(" ", "_")}-${cc}.gif`;
}

for (const variant of VARIANTS) {
  Deno.test(`${variant.task} -s DELAY a b c: 43 downloaded, 35 not found, -m in flight`, async () => {
    await using srv = await startFlagServer({ ...SERVER, delay: variant.delay });
    const run = await runFlagsTask(variant.task, ["-s", srv.urls.DELAY, "a", "b", "c"]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    const plural = variant.defaultReq === 1 ? "" : "s";
    assert.deepEqual(lines.slice(0, -1), [
      `CUSTOM site: ${srv.urls.DELAY}`,
      "Searching for 78 flags: from AA to CZ",
      `${variant.defaultReq} concurrent connection${plural} will be used.`,
      "--------------------",
      "43 flags downloaded.",
      "35 not found.",
    ]);
    assert.match(lines.at(-1)!, /^Elapsed time: \d+\.\d\ds$/);
    assert.match(run.stderr.trimEnd(), BAR, "one bar line, no carriage returns off a terminal");
    const stats = srv.stats().DELAY;
    assert.equal(stats.peakInFlight, variant.defaultReq, "peak in flight = -m");
    const expected = await Promise.all(
      FOUND.map((cc) => expectedName(variant, cc, srv.urls.LOCAL)),
    );
    assert.deepEqual(run.files, expected.sort(), "every flag found, no temporary file left");
    const requestsPerFound = variant.flags3 ? 2 : 1;
    assert.equal(stats.requests, 78 + (requestsPerFound - 1) * 43);
  });

  Deno.test(`${variant.task} -s ERROR -v: every code accounted for exactly once`, async () => {
    await using srv = await startFlagServer({ ...SERVER, delay: 0.01, seed: 7 });
    const run = await runFlagsTask(variant.task, [
      "-s",
      srv.urls.ERROR,
      "-v",
      "-al",
      "60",
      "-m",
      "20",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const codes = COUNTRY_CODES.slice(0, 60);
    const counts = reportCounts(run.stdout);
    assert.equal(counts.ok + counts.notFound + counts.errors, 60);
    assert.ok(counts.errors > 0, `ERROR answers some requests with 5xx:\n${run.stdout}`);
    assert.equal(counts.notFound, 0, "all 60 are the book's codes");
    const perCode = new Map<string, string[]>(codes.map((cc) => [cc, []]));
    for (const line of run.stdout.split("\n")) {
      const m = line.match(/^([A-Z]{2}) (OK)$/) ??
        line.match(/^\*\*\* Error for ([A-Z]{2}):(.+)$/);
      if (m) perCode.get(m[1])!.push(m[2]);
    }
    for (const [cc, outcomes] of perCode) assert.equal(outcomes.length, 1, `${cc}: ${outcomes}`);
    const okCodes = codes.filter((cc) => perCode.get(cc)![0] === "OK");
    assert.equal(okCodes.length, counts.ok);
    const expected = await Promise.all(
      okCodes.map((cc) => expectedName(variant, cc, srv.urls.LOCAL)),
    );
    assert.deepEqual(run.files, expected.sort(), "a file for each OK, none for an error");
    assert.ok(srv.stats().ERROR.peakInFlight <= 20);
  });
}
