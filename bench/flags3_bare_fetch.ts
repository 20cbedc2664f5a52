/**
 * The floor for bench/flags3_compare.ts: flags3's 388 requests for the book's 194 codes (each
 * code's GIF, then its metadata.json) and the same files written (`{country}-{CC}.gif`), with
 * nothing but `fetch` and `Deno.writeFile`: no command line, no semaphore or executor, no checks,
 * no timeout, no progress bar, no atomic rename. Every code starts at once.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-write=downloads bench/flags3_bare_fetch.ts BASE_URL
 * ```
 *
 * Prints `194 flags downloaded.` and `Elapsed time: 1.12s` like the scripts.
 *
 * @module
 */

import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";

const [baseUrl] = Deno.args;
if (!baseUrl) {
  console.error("usage: flags3_bare_fetch.ts BASE_URL");
  Deno.exit(1);
}
await Deno.mkdir("downloads", { recursive: true });

const t0 = performance.now();
const saved = await Promise.all(COUNTRY_CODES.map(async (CC) => {
  const cc = CC.toLowerCase();
  const gif = await (await fetch(`${baseUrl}/${cc}/${cc}.gif`)).bytes();
  const { country } = await (await fetch(`${baseUrl}/${cc}/metadata.json`)).json();
  await Deno.writeFile(`downloads/${country.replaceAll(" ", "_")}-${CC}.gif`, gif);
}));
console.log(`${saved.length} flags downloaded.`);
console.log(`Elapsed time: ${((performance.now() - t0) / 1000).toFixed(2)}s`);
