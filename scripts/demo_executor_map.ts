/**
 * `deno task demo:executor_map [--unit SECONDS]` — Fluent Python's
 * `demo_executor_map.py`: five `loiter` calls on three workers; `map` yields
 * the results in input order, whatever order the work finishes in.
 * `--unit` (default 1) is how long one unit of loitering lasts, in seconds.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { fail, firstLine } from "../lib/cli/fail.ts";
import { describeIterator, display, loiter } from "../lib/executor_map/loiter.ts";

const USAGE = "usage: deno task demo:executor_map [--unit SECONDS]";

function parseUnit(args: string[]): number {
  let unit: string;
  try {
    const { values } = parseArgs({
      args,
      options: { unit: { type: "string", default: "1" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      console.log(USAGE);
      Deno.exit(0);
    }
    unit = values.unit;
  } catch (error) {
    fail(`error: ${firstLine(error)}  (${USAGE})`);
  }
  const seconds = Number(unit);
  if (unit.trim() === "" || !Number.isFinite(seconds) || seconds < 0 || seconds > 60) {
    fail(`error: --unit must be a number of seconds from 0 to 60, got "${unit}"  (${USAGE})`);
  }
  return seconds;
}

async function main(unit: number): Promise<void> {
  display("Script starting.");
  await using executor = new AsyncPoolExecutor(3);
  const results = executor.map((n: number) => loiter(n, unit), [0, 1, 2, 3, 4]);
  display("results:", describeIterator(results, `${executor.constructor.name}.map`));
  display("Waiting for individual results:");
  let i = 0;
  for await (const result of results) {
    display(`result ${i++}: ${result}`);
  }
}

if (import.meta.main) await main(parseUnit(Deno.args));
