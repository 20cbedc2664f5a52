/**
 * Options of the flag server, each declared once in {@linkcode serverOptions}: its command-line
 * name, its help, its default, how its text is read and what values it accepts. From that one
 * table come the options type of `startFlagServer`, its defaults and checks, the command line
 * (`deno task server`) and its `--help`.
 *
 * @example
 * ```ts
 * import { parseServerArgs, resolveOptions } from "./options.ts";
 * const parsed = await parseServerArgs(["--delay", "0.1-0.3", "--seed", "7"]);
 * if (parsed.kind === "run") console.log(parsed.values.delay); // [0.1, 0.3]
 * console.log(resolveOptions({ delay: 2 }).delay); // [2, 2]
 * ```
 *
 * @module
 */

import {
  checkValues,
  type CommandSpec,
  flag,
  float,
  int,
  type LayoutOptions,
  type Option,
  option,
  parseCommand,
  type Parsed,
  refuse,
  str,
  type ValuesOf,
} from "../cli/command.ts";

/** What one ERROR-listener error looks like: an HTTP status, or a body cut in half. */
export type ErrorStatus = number | "truncate";

/** Most threads accepted for LOCAL. */
export const MAX_LOCAL_THREADS = 64;

/** Longest delay accepted, in seconds (a test server, not a tarpit). */
export const MAX_DELAY = 3600;

const isPort = (name: string) => (port: number) =>
  Number.isInteger(port) && port >= 0 && port <= 65535
    ? undefined
    : `--${name} must be an integer from 0 to 65535, not ${port}`;

const isShare = (name: string) => (rate: number) =>
  typeof rate === "number" && rate >= 0 && rate <= 1
    ? undefined
    : `--${name} must be a number from 0 to 1, not ${rate}`;

/** `S` or `MIN-MAX` seconds, read as `[min, max]` (equal for a fixed delay). */
function delay(text: string): readonly [number, number] {
  const range = /^(.*\d)\s*-\s*(.+)$/.exec(text.trim());
  try {
    const [min, max] = range === null
      ? [float(text), float(text)]
      : [float(range[1]), float(range[2])];
    return [min, max];
  } catch {
    refuse(`must be S or MIN-MAX seconds, not ${JSON.stringify(text)}`);
  }
}

/** Statuses and `truncate`, separated by commas: `500,503,truncate`. */
function errorStatusList(text: string): readonly ErrorStatus[] {
  return text.split(",").map((item) => {
    const s = item.trim().toLowerCase();
    if (s === "truncate") return "truncate";
    if (!/^\d+$/.test(s)) {
      refuse(`takes statuses or "truncate" separated by commas, not ${JSON.stringify(text)}`);
    }
    return Number(s);
  });
}

/** The server's table: what each option's value is. */
export type ServerOptionTable = {
  readonly host: Option<string>;
  readonly localPort: Option<number>;
  readonly delayPort: Option<number>;
  readonly errorPort: Option<number>;
  readonly delay: Option<readonly [number, number]>;
  readonly errorRate: Option<number>;
  readonly delayRate: Option<number>;
  readonly errorStatus: Option<readonly ErrorStatus[]>;
  readonly seed: Option<number | undefined>;
  readonly dir: Option<string | undefined>;
  readonly localThreads: Option<number>;
  readonly quiet: Option<boolean>;
};

/**
 * The server's options table. `localThreads` is the default of `--local-threads`: 1 for
 * `startFlagServer`; the command line passes one per CPU where ports can be shared.
 */
export function serverOptions(localThreads = 1): ServerOptionTable {
  return {
    host: option(["--host"], {
      metavar: "H",
      parse: str,
      default: "127.0.0.1",
      check: (host) =>
        typeof host === "string" && host !== "" ? undefined : "--host must not be empty",
      help: "address to bind (default 127.0.0.1)",
    }),
    localPort: option(["--local-port"], {
      metavar: "N",
      parse: int,
      default: 8001,
      check: isPort("local-port"),
      help: "LOCAL port (default 8001; 0 picks a free port)",
    }),
    delayPort: option(["--delay-port"], {
      metavar: "N",
      parse: int,
      default: 8002,
      check: isPort("delay-port"),
      help: "DELAY port (default 8002)",
    }),
    errorPort: option(["--error-port"], {
      metavar: "N",
      parse: int,
      default: 8003,
      check: isPort("error-port"),
      help: "ERROR port (default 8003)",
    }),
    delay: option(["--delay"], {
      metavar: "S|MIN-MAX",
      parse: delay,
      default: [0.5, 0.5] as const,
      check: ([min, max]) =>
        [min, max].every((d) => Number.isFinite(d) && d >= 0 && d <= MAX_DELAY) && min <= max
          ? undefined
          : `--delay must be seconds from 0 to ${MAX_DELAY}, or MIN-MAX with MIN <= MAX, not ${min}-${max}`,
      help: "delay in seconds, fixed or a range drawn per request (default 0.5)",
    }),
    errorRate: option(["--error-rate"], {
      metavar: "P",
      parse: float,
      default: 0.25,
      check: isShare("error-rate"),
      help: "share of ERROR requests that fail (default 0.25)",
    }),
    delayRate: option(["--delay-rate"], {
      metavar: "P",
      parse: float,
      default: 0.5,
      check: isShare("delay-rate"),
      help: "share of ERROR requests that are delayed (default 0.5)",
    }),
    errorStatus: option(["--error-status"], {
      metavar: "LIST",
      parse: errorStatusList,
      default: [500, 502, 503, 504] as readonly ErrorStatus[],
      check: (list) => {
        if (!Array.isArray(list) || list.length === 0) {
          return "--error-status must list at least one status";
        }
        const bad = list.find((s) =>
          s !== "truncate" && !(Number.isInteger(s) && s >= 400 && s <= 599)
        );
        return bad === undefined
          ? undefined
          : `--error-status takes statuses 400-599 or "truncate", not ${bad}`;
      },
      help:
        "errors to pick from, e.g. 500,503,truncate (default 500,502,503,504); truncate sends " +
        "the headers and half the body, then drops the connection",
    }),
    seed: option(["--seed"], {
      metavar: "N",
      parse: int,
      default: undefined,
      check: (seed) =>
        seed === undefined || Number.isSafeInteger(seed)
          ? undefined
          : `--seed must be an integer, not ${seed}`,
      help: "reproducible errors and delays",
    }),
    dir: option(["--dir"], {
      metavar: "PATH",
      parse: str,
      default: undefined,
      check: (dir) =>
        dir === undefined || (typeof dir === "string" && dir !== "")
          ? undefined
          : "--dir must not be empty",
      help: "serve PATH/flags/<cc>/<cc>.gif and metadata.json instead of the bundled files",
    }),
    localThreads: option(["--local-threads"], {
      metavar: "N",
      parse: int,
      default: localThreads,
      check: (n) =>
        Number.isInteger(n) && n >= 1 && n <= MAX_LOCAL_THREADS
          ? undefined
          : `--local-threads must be an integer from 1 to ${MAX_LOCAL_THREADS}, not ${n}`,
      help: `threads serving LOCAL on its one port (default ${localThreads}: one per CPU when ` +
        "Deno runs with --unstable-net on Linux, as the task does; else 1)",
    }),
    quiet: flag(["--quiet"], "no log line per request"),
  };
}

/** Every option of the server with its value: what `startFlagServer` runs with. */
export type ResolvedOptions = ValuesOf<ServerOptionTable>;

/**
 * Options of `startFlagServer`, each the camelCase of a command-line option (see
 * {@linkcode serverOptions}); `delay` may also be one number.
 */
export type FlagServerOptions =
  & Partial<Omit<ResolvedOptions, "delay">>
  & { delay?: number | readonly [number, number] };

/** A bad option value; its message is one line meant for the user. */
export class OptionError extends Error {
  /** Always `"OptionError"`. */
  override name = "OptionError";
}

const API_OPTIONS = serverOptions();

/** The defaults: the book's nginx + vaurien set-up, on one LOCAL thread. */
export const DEFAULTS: Readonly<ResolvedOptions> = Object.freeze(
  Object.fromEntries(
    Object.entries(API_OPTIONS).map(([key, entry]) => [key, entry.default]),
  ) as ResolvedOptions,
);

/**
 * Fills in defaults and checks every value, as the command line does.
 *
 * @throws {OptionError} naming the option and the bad value.
 */
export function resolveOptions(options: FlagServerOptions = {}): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const resolved = { ...DEFAULTS, ...given } as ResolvedOptions & { delay: unknown };
  if (typeof resolved.delay === "number") resolved.delay = [resolved.delay, resolved.delay];
  const problem = checkValues(API_OPTIONS, resolved);
  if (problem !== undefined) throw new OptionError(problem);
  return { ...resolved, errorStatus: [...resolved.errorStatus], quiet: Boolean(resolved.quiet) };
}

const DESCRIPTION = `A test server for the flag downloaders: one process, three listeners.
  LOCAL  answers at once
  DELAY  answers every request after --delay seconds
  ERROR  answers --error-rate of requests with an error; delays --delay-rate of them

Routes: GET|HEAD /flags/{cc}/{cc}.gif and /flags/{cc}/metadata.json (the book's 194
        codes), /flags/ (gallery), / (redirects to /flags/), /stats (JSON; ?reset=1 zeroes
        the counters).`;

/** The `deno task server` command; `localThreads` is the default of `--local-threads`. */
export function serverCommand(localThreads = 1): CommandSpec<ServerOptionTable> {
  return {
    prog: "deno task server",
    name: "server",
    description: DESCRIPTION,
    rawDescription: true,
    options: serverOptions(localThreads),
  };
}

/**
 * Reads the server's command line (see {@linkcode serverCommand}): every option with its
 * value, a help request, or a usage error.
 */
export function parseServerArgs(
  argv: readonly string[],
  { localThreads = 1, ...layout }: LayoutOptions & { localThreads?: number } = {},
): Promise<Parsed<ResolvedOptions>> {
  return parseCommand(serverCommand(localThreads), argv, layout);
}
