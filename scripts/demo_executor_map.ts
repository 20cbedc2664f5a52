/**
 * `deno task demo:executor_map [--unit SECONDS]` — Fluent Python's
 * `demo_executor_map.py`: five `loiter` calls on three workers; `map` yields
 * the results in input order, whatever order the work finishes in.
 * `--unit` (default 1) is how long one unit of loitering lasts, in seconds.
 *
 * @module
 */

import { float, option, runCommand } from "../lib/cli/command.ts";
import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { describeIterator, display, loiter } from "../lib/executor_map/loiter.ts";
import { commandTitle, saveTimeline, timelineOption } from "../lib/timeline/file.ts";
import { TimelineRecorder } from "../lib/timeline/recorder.ts";

/** The command line: `--unit SECONDS`. */
export const COMMAND = {
  prog: "deno task demo:executor_map",
  name: "demo:executor_map",
  description: "Five loiter calls on three workers: map yields results in input order.",
  epilog: "Whatever order the work finishes in, the results come in the order of the calls.",
  options: {
    unit: option(["--unit"], {
      metavar: "SECONDS",
      parse: float,
      default: 1,
      check: (s) =>
        s >= 0 && s <= 60 ? undefined : `--unit must be a number of seconds from 0 to 60, got ${s}`,
      help: "how long one unit of loitering lasts (default 1)",
    }),
    timeline: timelineOption(),
  },
};

async function main(unit: number, recorder?: TimelineRecorder): Promise<void> {
  display("Script starting.");
  await using executor = new AsyncPoolExecutor(3, { observer: recorder });
  const results = executor.map(function loiterFor(n: number) {
    return loiter(n, unit);
  }, [0, 1, 2, 3, 4]);
  display("results:", describeIterator(results, `${executor.constructor.name}.map`));
  display("Waiting for individual results:");
  let i = 0;
  for await (const result of results) {
    display(`result ${i++}: ${result}`);
  }
}

if (import.meta.main) {
  const { unit, timeline } = await runCommand(COMMAND);
  const recorder = timeline === undefined ? undefined : new TimelineRecorder();
  await main(unit, recorder);
  if (recorder !== undefined) {
    await saveTimeline(timeline!, recorder, {
      title: commandTitle(COMMAND.prog, Deno.args),
      subtitle: "5 loiter calls on 3 slots; map yields their results in input order",
      laneName: "slot",
      what: "calls",
    });
  }
}
