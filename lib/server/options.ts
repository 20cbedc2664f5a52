/**
 * Options of the flag server: their defaults, their validation and the
 * command line that sets them (`deno task server --help`).
 *
 * @example
 * ```ts
 * import { parseServerArgs, resolveOptions } from "./options.ts";
 * const parsed = parseServerArgs(["--delay", "0.1-0.3", "--seed", "7"]);
 * if (!parsed.help) console.log(resolveOptions(parsed.options).delay); // [0.1, 0.3]
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { firstLine } from "../cli/fail.ts";

/** What one ERROR-listener error looks like: an HTTP status, or a body cut in half. */
export type ErrorStatus = number | "truncate";

/** Options of {@linkcode startFlagServer}; each is the camelCase of a CLI option. */
export interface FlagServerOptions {
  /** Address the three listeners bind to. Default `"127.0.0.1"`. */
  host?: string;
  /** Port of LOCAL (no delay, no errors). Default 8001; 0 picks a free port. */
  localPort?: number;
  /** Port of DELAY (every response late). Default 8002; 0 picks a free port. */
  delayPort?: number;
  /** Port of ERROR (some errors, some delays). Default 8003; 0 picks a free port. */
  errorPort?: number;
  /** Delay in seconds, fixed or a `[min, max]` range drawn per request. Default 0.5. */
  delay?: number | readonly [number, number];
  /** Share (0–1) of ERROR requests answered with an error. Default 0.25. */
  errorRate?: number;
  /** Share (0–1) of ERROR requests that are delayed. Default 0.5. */
  delayRate?: number;
  /** Errors to pick from (uniformly); default `[500, 502, 503, 504]`. */
  errorStatus?: readonly ErrorStatus[];
  /** Seed for reproducible errors and delays; random when absent. */
  seed?: number;
  /** Serve this folder (laid out `flags/<cc>/<cc>.gif`) instead of the bundled GIFs. */
  dir?: string;
  /** No log line per request. */
  quiet?: boolean;
  /**
   * Threads serving LOCAL on its one port (`SO_REUSEPORT`; more than 1 needs
   * `--unstable-net`). Default 1.
   */
  localThreads?: number;
}

/** {@linkcode FlagServerOptions} with every default filled in and checked. */
export interface ResolvedOptions {
  /** Address the three listeners bind. */
  host: string;
  /** LOCAL's port (0: a free one). */
  localPort: number;
  /** DELAY's port. */
  delayPort: number;
  /** ERROR's port. */
  errorPort: number;
  /** DELAY's delay in seconds, `[min, max]` (equal for a fixed delay). */
  delay: readonly [number, number];
  /** Share of ERROR's requests answered with an error. */
  errorRate: number;
  /** Share of ERROR's requests delayed. */
  delayRate: number;
  /** The errors ERROR picks from: statuses, or `"truncate"`. */
  errorStatus: readonly ErrorStatus[];
  /** Seed of the error and delay draws; `undefined` for a random one. */
  seed: number | undefined;
  /** A folder laid out like the book's `flags.zip`, or `undefined` for the bundled GIFs. */
  dir: string | undefined;
  /** No log line per request. */
  quiet: boolean;
  /** Threads serving LOCAL. */
  localThreads: number;
}

/** A bad option value; its message is one line meant for the user. */
export class OptionError extends Error {
  /** Always `"OptionError"`. */
  override name = "OptionError";
}

/** The defaults: the book's nginx + vaurien set-up. */
export const DEFAULTS: Readonly<ResolvedOptions> = Object.freeze({
  host: "127.0.0.1",
  localPort: 8001,
  delayPort: 8002,
  errorPort: 8003,
  delay: [0.5, 0.5] as const,
  errorRate: 0.25,
  delayRate: 0.5,
  errorStatus: [500, 502, 503, 504],
  seed: undefined,
  dir: undefined,
  quiet: false,
  localThreads: 1,
});

/** Most threads accepted for LOCAL. */
export const MAX_LOCAL_THREADS = 64;

/** Longest delay accepted, in seconds (a test server, not a tarpit). */
export const MAX_DELAY = 3600;

/**
 * Fills in defaults and checks every value.
 *
 * @throws {OptionError} naming the option and the bad value.
 */
export function resolveOptions(options: FlagServerOptions = {}): ResolvedOptions {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  if (typeof o.host !== "string" || o.host === "") {
    throw new OptionError("--host must not be empty");
  }
  for (
    const [name, port] of [["local", o.localPort], ["delay", o.delayPort], ["error", o.errorPort]]
  ) {
    if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) {
      throw new OptionError(`--${name}-port must be an integer from 0 to 65535, not ${port}`);
    }
  }
  const delay: readonly [number, number] = typeof o.delay === "number"
    ? [o.delay, o.delay]
    : [o.delay[0], o.delay[1]];
  if (!delay.every((d) => Number.isFinite(d) && d >= 0 && d <= MAX_DELAY) || delay[0] > delay[1]) {
    throw new OptionError(
      `--delay must be seconds from 0 to ${MAX_DELAY}, or MIN-MAX with MIN <= MAX, not ${
        delay.join("-")
      }`,
    );
  }
  for (const [name, rate] of [["error-rate", o.errorRate], ["delay-rate", o.delayRate]] as const) {
    if (!(typeof rate === "number" && rate >= 0 && rate <= 1)) {
      throw new OptionError(`--${name} must be a number from 0 to 1, not ${rate}`);
    }
  }
  if (!Array.isArray(o.errorStatus) || o.errorStatus.length === 0) {
    throw new OptionError("--error-status must list at least one status");
  }
  for (const s of o.errorStatus) {
    if (s !== "truncate" && !(Number.isInteger(s) && s >= 400 && s <= 599)) {
      throw new OptionError(`--error-status takes statuses 400-599 or "truncate", not ${s}`);
    }
  }
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) {
    throw new OptionError(`--seed must be an integer, not ${o.seed}`);
  }
  if (
    !Number.isInteger(o.localThreads) || o.localThreads < 1 || o.localThreads > MAX_LOCAL_THREADS
  ) {
    throw new OptionError(
      `--local-threads must be an integer from 1 to ${MAX_LOCAL_THREADS}, not ${o.localThreads}`,
    );
  }
  if (o.dir !== undefined && (typeof o.dir !== "string" || o.dir === "")) {
    throw new OptionError("--dir must not be empty");
  }
  return {
    host: o.host,
    localPort: o.localPort,
    delayPort: o.delayPort,
    errorPort: o.errorPort,
    delay,
    errorRate: o.errorRate,
    delayRate: o.delayRate,
    errorStatus: [...o.errorStatus],
    seed: o.seed,
    dir: o.dir,
    quiet: Boolean(o.quiet),
    localThreads: o.localThreads,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The `--help` text. */
export const USAGE = `Usage: deno task server [options]

A test server for the flag downloaders: one process, three listeners.
  LOCAL  answers at once
  DELAY  answers every request after --delay seconds
  ERROR  answers --error-rate of requests with an error; delays --delay-rate of them

Routes: GET|HEAD /flags/{cc}/{cc}.gif (the book's 194 codes), /flags/ (gallery),
        / (redirects to /flags/), /stats (JSON; ?reset=1 zeroes the counters).

Options:
  --host H             address to bind (default 127.0.0.1)
  --local-port N       LOCAL port (default 8001; 0 picks a free port)
  --delay-port N       DELAY port (default 8002)
  --error-port N       ERROR port (default 8003)
  --delay S|MIN-MAX    delay in seconds, fixed or a range (default 0.5)
  --error-rate P       share of ERROR requests that fail (default 0.25)
  --delay-rate P       share of ERROR requests that are delayed (default 0.5)
  --error-status LIST  errors to pick from, e.g. 500,503,truncate (default 500,502,503,504);
                       truncate sends the headers and half the body, then drops the connection
  --seed N             reproducible errors and delays
  --dir PATH           serve PATH/flags/<cc>/<cc>.gif instead of the bundled GIFs
  --local-threads N    threads serving LOCAL on its one port (default: one per CPU
                       when Deno runs with --unstable-net on Linux, as the task does; else 1)
  --quiet              no log line per request
  -h, --help           show this help`;

/** Result of {@linkcode parseServerArgs}: either a help request or options. */
export type ParsedArgs = { help: true } | { help: false; options: FlagServerOptions };

/**
 * Parses the server's command line. Values are converted but not range-checked:
 * {@linkcode resolveOptions} does that.
 *
 * @throws {OptionError} on an unknown option, a missing value or a non-number.
 */
export function parseServerArgs(args: readonly string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        "local-port": { type: "string" },
        "delay-port": { type: "string" },
        "error-port": { type: "string" },
        delay: { type: "string" },
        "error-rate": { type: "string" },
        "delay-rate": { type: "string" },
        "error-status": { type: "string" },
        seed: { type: "string" },
        dir: { type: "string" },
        quiet: { type: "boolean" },
        "local-threads": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new OptionError(firstLine(error));
  }
  if (values.help) return { help: true };
  const num = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) {
      throw new OptionError(`--${name} must be a number, not ${JSON.stringify(text)}`);
    }
    return n;
  };
  return {
    help: false,
    options: {
      host: values.host,
      localPort: num("local-port", values["local-port"]),
      delayPort: num("delay-port", values["delay-port"]),
      errorPort: num("error-port", values["error-port"]),
      delay: values.delay === undefined ? undefined : parseDelay(values.delay),
      errorRate: num("error-rate", values["error-rate"]),
      delayRate: num("delay-rate", values["delay-rate"]),
      errorStatus: values["error-status"] === undefined
        ? undefined
        : parseErrorStatus(values["error-status"]),
      seed: num("seed", values.seed),
      dir: values.dir,
      quiet: values.quiet,
      localThreads: num("local-threads", values["local-threads"]),
    },
  };
}

function parseDelay(text: string): number | [number, number] {
  const m = /^\s*([0-9.]+)\s*(?:-\s*([0-9.]+)\s*)?$/.exec(text);
  const a = Number(m?.[1]);
  const b = m?.[2] === undefined ? a : Number(m[2]);
  if (!m || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new OptionError(`--delay must be S or MIN-MAX seconds, not ${JSON.stringify(text)}`);
  }
  return m[2] === undefined ? a : [a, b];
}

function parseErrorStatus(text: string): ErrorStatus[] {
  return text.split(",").map((item) => {
    const s = item.trim().toLowerCase();
    if (s === "truncate") return "truncate";
    if (!/^\d+$/.test(s)) {
      throw new OptionError(
        `--error-status takes statuses or "truncate" separated by commas, not ${
          JSON.stringify(text)
        }`,
      );
    }
    return Number(s);
  });
}
