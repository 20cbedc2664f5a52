/**
 * Where the memory of a waiting request goes: the bare 0.5 s `Deno.serve` of
 * bench/server_bare.ts under `wrk -c N` (default 10,000), as is and with each thing the flag
 * server might do to a request (`signal`: read `request.signal`; `listener`: listen on it for a
 * hang-up; `url-host`: read `request.url` and the Host header), in turns, ROUNDS times. Prints
 * each variant's growth per waiting request and its difference from the plain one.
 *
 * ```sh
 * deno run -A bench/server_memory_parts.ts [N] [ROUNDS]
 * ```
 *
 * `-A`: Deno grants `/proc/<pid>/status` to no narrower flag. `ulimit -n` above N + 1000; `wrk`.
 *
 * @module
 */

import { bundledGifFolder } from "../lib/server/images.ts";
import { holdAndMeasure, requireLoadTools, startBareServer } from "./server_common.ts";
import { median } from "./_common.ts";

const count = Number(Deno.args[0] ?? 10_000);
const rounds = Number(Deno.args[1] ?? 2);
const seconds = 6;
await requireLoadTools("server_memory_parts", count + 1000, "wrk");

const touches = ["none", "signal", "listener", "url-host"];
const growth = new Map<string, number[]>(touches.map((t) => [t, []]));
console.log(
  `${count} waiting requests, 0.5 s each, ${seconds} s per turn; ${new Date().toISOString()}`,
);
for (let r = 0; r < rounds; r++) {
  for (const touch of r % 2 ? touches.toReversed() : touches) {
    const bare = await startBareServer(`${bundledGifFolder()}/br.gif`, 0.5, [], touch);
    try {
      const url = `http://127.0.0.1:${bare.port}/flags/br/br.gif`;
      const turn = await holdAndMeasure(bare.pid, url, count, seconds);
      growth.get(touch)!.push(turn.growth);
      console.log(
        `${touch}: idle ${turn.idle.toFixed(0)} MiB, growth ${turn.growth.toFixed(0)} MiB`,
      );
    } finally {
      await bare.stop();
    }
  }
}
const perRequest = (touch: string) => median(growth.get(touch)!) * 1024 / count;
console.log("| request touches | growth per waiting request KiB | more than plain KiB |");
console.log("|---|---:|---:|");
for (const touch of touches) {
  const kib = perRequest(touch);
  console.log(`| ${touch} | ${kib.toFixed(1)} | ${(kib - perRequest("none")).toFixed(1)} |`);
}
