/**
 * The seed's `arcfour.py` test: encrypt and decrypt 1,000,000 bytes, print the two times and `OK`.
 *
 * Usage: `deno task arcfour`
 *
 * @module
 */
import { arcfour } from "../lib/cpu/arcfour.ts";
import { exitWithError, runCommand } from "../lib/cli/command.ts";

const COMMAND = {
  prog: "deno task arcfour",
  name: "arcfour",
  description: "RC4 over 1,000,000 bytes and back, timed (the seed's arcfour.py test()).",
  options: {},
};
await runCommand(COMMAND);

const encoder = new TextEncoder();
const key = encoder.encode("key");
const clear = encoder.encode("1234567890".repeat(100_000));
const t0 = performance.now();
const cipher = arcfour(key, clear);
console.log(`elapse time: ${seconds(t0)}s`);
const result = arcfour(key, cipher);
if (!result.every((byte, i) => byte === clear[i])) {
  exitWithError(COMMAND, "decrypted text != clear text");
}
console.log(`elapsed time: ${seconds(t0)}s`);
console.log("OK");

function seconds(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(2);
}
