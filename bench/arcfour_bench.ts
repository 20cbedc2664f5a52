/**
 * RC4 throughput (`deno bench`): 1 MiB per call, so MB/s ≈ 1.05 / (time per call in ms) × 1000.
 * Compare with `openssl speed -provider legacy -provider default -evp rc4` (see
 * bench/cpu_throughput.ts, which does both side by side, per core).
 *
 * ```sh
 * deno bench bench/arcfour_bench.ts
 * ```
 *
 * @module
 */
import { arcfour, arcfourInto } from "../lib/cpu/arcfour.ts";
import { arcfourTest, fillRandom } from "../lib/cpu/tasks.ts";

const MiB = 2 ** 20;
const key = new TextEncoder().encode("'Twas brilling, and the slithy toves\nDid gyre");
const data = fillRandom(new Uint8Array(MiB + 1));
const aligned = data.subarray(0, MiB);
const unaligned = data.subarray(1, MiB + 1);
const out = new Uint8Array(MiB + 1);

Deno.bench({
  name: "arcfourInto, reused output (32-bit words)",
  group: "rc4 1 MiB",
  baseline: true,
  fn: () => {
    arcfourInto(key, aligned, out);
  },
});

Deno.bench({
  name: "arcfourInto, unaligned input (byte loop)",
  group: "rc4 1 MiB",
  fn: () => {
    arcfourInto(key, unaligned, out);
  },
});

Deno.bench({
  name: "arcfourInto, in place",
  group: "rc4 1 MiB",
  fn: () => {
    arcfourInto(key, out.subarray(0, MiB), out);
  },
});

Deno.bench({
  name: "arcfour, new 1 MiB array per call (first-touch page faults)",
  group: "rc4 1 MiB",
  fn: () => {
    arcfour(key, aligned);
  },
});

Deno.bench({
  name: "key schedule + 16 bytes (per-call cost)",
  fn: () => {
    arcfourInto(key, aligned.subarray(0, 16), out);
  },
});

Deno.bench({
  name: "arcfourTest(262144): the seed's average job (random, encrypt, decrypt, compare)",
  fn: () => {
    arcfourTest(2 ** 18, key);
  },
});
