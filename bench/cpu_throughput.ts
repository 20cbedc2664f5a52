/**
 * Single-thread throughput of the CPU examples on 1 MiB buffers against OpenSSL, as a Markdown
 * table: our RC4 (`arcfourInto` into a reused buffer, and `arcfour` allocating its result)
 * against `openssl speed -evp rc4` (legacy provider), and WebCrypto SHA-256
 * (`crypto.subtle.digest`, one call at a time, as `sha:futures` does; `node:crypto` for
 * reference) against `openssl speed -evp sha256`.
 *
 * Each of `--rounds` rounds runs every contender for 2 s in turn, so a machine that drifts
 * moves them alike, and each ratio is the median of the rounds' own ratios.
 *
 * "Per core" means pinned to one CPU, with `openssl speed` started from the same process so it
 * shares the pin: `crypto.subtle.digest` copies its input on the calling thread and hashes it
 * on another, so left free it also pays for waking a second CPU twice per call, and pinned it
 * cannot borrow one. `--pinned` only labels the table: bench/cpu_vs_python.ts runs this file
 * both ways, pinned under `taskset -c <last CPU> … --pinned` and free.
 *
 * ```sh
 * deno run --allow-run=openssl bench/cpu_throughput.ts [--rounds 5] [--pinned]
 * ```
 *
 * @module
 */
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { arcfour, arcfourInto } from "../lib/cpu/arcfour.ts";
import { fillRandom } from "../lib/cpu/tasks.ts";
import { median, timed } from "./_common.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    pinned: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error("--rounds must be >= 1");
const MiB = 2 ** 20;

/** MB/s of `fn` on `bytes` per call, run for `ms` after a warm-up of half as long. */
async function throughput(bytes: number, ms: number, fn: () => unknown): Promise<number> {
  for (const until = performance.now() + ms / 2; performance.now() < until;) await fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await fn();
    calls++;
  }
  return (bytes * calls) / ((performance.now() - t0) / 1000) / 1e6;
}

/** MB/s that `openssl speed` reports for 1 MiB blocks. */
async function opensslSpeed(args: string[]): Promise<number> {
  const { stdout } = await timed("openssl", [
    "speed",
    ...args,
    "-seconds",
    "2",
    "-bytes",
    `${MiB}`,
  ]);
  const last = stdout.trim().split("\n").at(-1) ?? "";
  const match = last.match(/([\d.]+)k\s*$/);
  if (match === null) throw new Error(`openssl speed ${args.join(" ")}: ${last}`);
  return Number(match[1]) * 1000 / 1e6;
}

const key = new TextEncoder().encode("'Twas brilling, and the slithy toves\nDid gyre");
const data = fillRandom(new Uint8Array(MiB));
const out = new Uint8Array(MiB);
const rc4 = { into: [] as number[], fresh: [] as number[], ssl: [] as number[] };
const sha = { subtle: [] as number[], node: [] as number[], ssl: [] as number[] };
for (let i = 0; i < rounds; i++) {
  rc4.into.push(await throughput(MiB, 2000, () => arcfourInto(key, data, out)));
  rc4.fresh.push(await throughput(MiB, 2000, () => arcfour(key, data)));
  rc4.ssl.push(await opensslSpeed(["-provider", "legacy", "-provider", "default", "-evp", "rc4"]));
  sha.subtle.push(await throughput(MiB, 2000, () => crypto.subtle.digest("SHA-256", data)));
  sha.node.push(await throughput(MiB, 2000, () => createHash("sha256").update(data).digest()));
  sha.ssl.push(await opensslSpeed(["-evp", "sha256"]));
}

const where = values.pinned
  ? "per core (pinned to one CPU)"
  : `free to use all ${navigator.hardwareConcurrency} CPUs`;
console.log(`## Single-thread throughput, 1 MiB buffers, ${where}, ${rounds} rounds\n`);
console.log(`MB/s are medians; "vs OpenSSL" is the median of each round's own ratio.\n`);
console.log("| what | MB/s | vs OpenSSL | target |");
console.log("| --- | ---: | ---: | ---: |");
const row = (what: string, mbs: number[], ref: number[], target = "") => {
  const ratio = median(mbs.map((x, r) => x / ref[r]));
  console.log(
    `| ${what} | ${median(mbs).toFixed(0)} | ${(100 * ratio).toFixed(0)} % | ${target} |`,
  );
};
const target = (text: string) => values.pinned ? text : `(${text} per core)`;
row("OpenSSL `-evp rc4`", rc4.ssl, rc4.ssl);
row("`arcfourInto` (reused output)", rc4.into, rc4.ssl, target("≥ 60 %"));
row("`arcfour` (new array per call)", rc4.fresh, rc4.ssl);
row("OpenSSL `-evp sha256`", sha.ssl, sha.ssl);
row("WebCrypto `crypto.subtle.digest`", sha.subtle, sha.ssl, target("≥ 80 %"));
row("`node:crypto` `createHash` (reference only)", sha.node, sha.ssl);
console.log();
