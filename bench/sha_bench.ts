/**
 * SHA-256 throughput (`deno bench`) on the seed's 1 MiB jobs: WebCrypto (what `sha:futures`
 * uses) next to `node:crypto` and the cost of making the random input. MB/s ≈ 1.05 / (time per
 * call in ms) × 1000; compare with `openssl speed -evp sha256 -bytes 1048576` (see
 * bench/cpu_throughput.ts, which does both side by side, per core).
 *
 * ```sh
 * deno bench bench/sha_bench.ts
 * ```
 *
 * @module
 */
import { createHash } from "node:crypto";
import { fillRandom, sha } from "../lib/cpu/tasks.ts";

const MiB = 2 ** 20;
const data = fillRandom(new Uint8Array(MiB));

Deno.bench({
  name: "crypto.subtle.digest SHA-256",
  group: "sha-256 1 MiB",
  baseline: true,
  fn: async () => {
    await crypto.subtle.digest("SHA-256", data);
  },
});

Deno.bench({
  name: "node:crypto createHash sha256",
  group: "sha-256 1 MiB",
  fn: () => {
    createHash("sha256").update(data).digest();
  },
});

Deno.bench({
  name: "fillRandom (crypto.getRandomValues, 64 KiB a call: the jobs' input)",
  group: "job parts, 1 MiB",
  fn: () => {
    fillRandom(data);
  },
});

Deno.bench({
  name: "sha(1 MiB): the seed's whole job",
  group: "job parts, 1 MiB",
  fn: async () => {
    await sha(MiB);
  },
});
