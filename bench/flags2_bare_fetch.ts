/**
 * The floor for bench/flags2_compare.ts: the same 676 requests (AA..ZZ) and
 * the same files written, with nothing but `fetch` and `Deno.writeFile` — no
 * executor, no futures, no timeout, no progress bar, no atomic rename.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-write=downloads bench/flags2_bare_fetch.ts BASE_URL CONCURRENCY
 * ```
 *
 * Prints `194 flags downloaded.` and `Elapsed time: 0.15s` like the scripts.
 *
 * @module
 */

const [baseUrl, concurrency = "100"] = Deno.args;
if (!baseUrl) {
  console.error("usage: flags2_bare_fetch.ts BASE_URL [CONCURRENCY]");
  Deno.exit(1);
}
const AZ = "abcdefghijklmnopqrstuvwxyz";
const codes = [...AZ].flatMap((a) => [...AZ].map((b) => a + b));
await Deno.mkdir("downloads", { recursive: true });

const t0 = performance.now();
let next = 0;
let ok = 0;
async function worker(): Promise<void> {
  while (next < codes.length) {
    const cc = codes[next++];
    const response = await fetch(`${baseUrl}/${cc}/${cc}.gif`);
    if (response.status !== 200) {
      await response.body?.cancel();
      continue;
    }
    await Deno.writeFile(`downloads/${cc}.gif`, await response.bytes());
    ok++;
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(`${ok} flags downloaded.`);
console.log(`Elapsed time: ${((performance.now() - t0) / 1000).toFixed(2)}s`);
