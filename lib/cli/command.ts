/**
 * The one command-line module: a command declares ONE table of options, and from it come the
 * parser, the `--help` screen and the usage errors. Parsing is npm `argparse` (the port of
 * Python's argparse), so short options combine (`-al 100`), unique prefixes of long names work,
 * negative numbers are values (`--delay -1`), and argparse's own errors read as Python's.
 *
 * Two looks, chosen by the command:
 *
 * - the seed's (no `name`; flags2): a command's own check prints `*** Usage error: message` and
 *   the usage line (exit 1); argparse's errors print the usage and `prog: error: message`
 *   (exit 2), as Python does;
 * - a task's (`name: "server"`): `server: message` and the usage line, exit 1 for the
 *   command's own checks and unknown arguments, 2 for what argparse cannot read.
 *
 * Unknown arguments are the command's own usage error (exit 1) in both looks. Errors after
 * parsing are one line formed here too ({@linkcode errorLine}): `server: …`, `*** Error: …`.
 *
 * @example
 * ```ts
 * import { flag, int, option, parseCommand } from "./command.ts";
 *
 * const demo = {
 *   prog: "deno task demo",
 *   name: "demo",
 *   description: "Runs the chapter.",
 *   options: {
 *     quick: flag(["--quick"], "shrink delays and sizes"),
 *     workers: option(["--workers"], {
 *       metavar: "N",
 *       parse: int,
 *       default: undefined,
 *       check: (n) => n === undefined || n >= 1 ? undefined : "--workers must be >= 1",
 *       help: "workers for the CPU steps",
 *     }),
 *   },
 * };
 * const parsed = await parseCommand(demo, ["--quick", "--workers", "2"]);
 * if (parsed.kind === "run") console.log(parsed.values.workers); // 2
 * ```
 *
 * @module
 */

import { fail } from "./fail.ts";

/** lib/cli/_argparse.ts, loaded on first need (see {@linkcode parseCommand}). */
type Argparse = typeof import("./_argparse.ts");
let argparse: Promise<Argparse> | undefined;

function loadArgparse(): Promise<Argparse> {
  return argparse ??= import("./_argparse.ts");
}

/**
 * Reads one command-line value. To refuse it, throw a `TypeError` (argparse then says
 * `invalid <function name> value: '…'`, as Python does for `type=int`) or call
 * {@linkcode refuse} for a message of your own.
 */
export type ValueParser<T> = (text: string) => T;

/** One entry of a command's table: an option, a flag or a positional argument. */
export interface Option<T> {
  /** `["-m", "--max_req"]` for an option; `[]` for a positional (named by its table key). */
  readonly names: readonly string[];
  /** The help line. */
  readonly help: string;
  /** The value's name in the usage and help (`CONCURRENT`). */
  readonly metavar?: string;
  /** The value when the argument is absent. */
  readonly default: T;
  /** Reads the text of one value; absent for a flag. */
  readonly parse?: ValueParser<unknown>;
  /** A positional's count: one or none (`?`), any number (`*`). */
  readonly nargs?: "?" | "*";
  /** The command's own check of a value read (or given in code): a message if it is wrong. */
  readonly check?: (value: T) => string | undefined;
}

/** A command's table: option by the name its value gets. */
// deno-lint-ignore no-explicit-any
export type OptionTable = Readonly<Record<string, Option<any>>>;

/** The values a table parses to, by key. */
export type ValuesOf<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K] extends Option<infer V> ? V : never;
};

/** A command: its names, its texts and its table. */
export interface CommandSpec<T extends OptionTable> {
  /** The program name in `usage:` (`flags2_threadpool.ts`, `deno task server`). */
  readonly prog: string;
  /** The name before a usage error (`server`); absent: the seed's look (see the module doc). */
  readonly name?: string;
  /** The text under the usage line in `--help`. */
  readonly description?: string;
  /** The text at the end of `--help`. */
  readonly epilog?: string;
  /** Keep the line breaks of the description and the epilog. */
  readonly rawDescription?: boolean;
  /** The options, in the order `--help` lists them. */
  readonly options: T;
}

/** A command line refused: the text to print on stderr and the exit status. */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override name = "UsageError";
  /**
   * Makes one.
   *
   * @param message the whole text: what is wrong and the usage line
   * @param status 1 for the command's own checks, 2 for argparse's errors (as Python's)
   */
  constructor(message: string, readonly status: 1 | 2) {
    super(message);
  }
}

/** What a command line asks for. */
export type Parsed<V> =
  | { kind: "run"; values: V }
  | { kind: "help"; text: string }
  | { kind: "usage-error"; error: UsageError };

/** Layout settings. */
export interface LayoutOptions {
  /** Columns to lay the help out in; default the terminal's (80 off a terminal), as Python. */
  columns?: number;
}

/** A flag: `true` when given. */
export function flag(names: readonly string[], help: string): Option<boolean> {
  return { names, help, default: false };
}

/** An option that takes a value, or a positional (`names: []`) with `nargs: "?"`. */
export function option<T, D extends T | undefined>(
  names: readonly string[],
  spec: {
    help: string;
    parse: ValueParser<T>;
    default: D;
    metavar?: string;
    nargs?: "?";
    check?: (value: T | D) => string | undefined;
  },
): Option<T | D> {
  return { names, ...spec };
}

/** Any number of positional values (argparse's `nargs="*"`), `[]` when none. */
export function positionals<T>(
  spec: { help: string; metavar: string; parse: ValueParser<T> },
): Option<T[]> {
  return { names: [], nargs: "*", default: [], ...spec };
}

/** What {@linkcode refuse} throws; argparse is handed it as its own ArgumentTypeError. */
class Refusal extends Error {
  override name = "Refusal";
}

/** Refuses a value with `message` (argparse: `argument --delay: message`, exit 2). */
export function refuse(message: string): never {
  throw new Refusal(message);
}

/** `parse`, with a {@linkcode Refusal} turned into argparse's ArgumentTypeError (same name). */
function forArgparse(parse: ValueParser<unknown>, lib: Argparse): ValueParser<unknown> {
  const wrapped = (text: string) => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof Refusal) throw lib.argumentTypeError(error.message);
      throw error;
    }
  };
  return Object.defineProperty(wrapped, "name", { value: parse.name });
}

/** Python's `int()` of a command-line value: digits (underscores between them), a sign, spaces. */
export function int(text: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(trimmed)) throw new TypeError(text);
  return Number(trimmed.replaceAll("_", ""));
}

/** Python's `float()` of a command-line value: decimal or exponent notation, `inf`, `nan`. */
export function float(text: string): number {
  const trimmed = text.trim().replaceAll(/(?<=\d)_(?=\d)/g, "");
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(trimmed);
  if (special === null) throw new TypeError(text);
  if (special[2].toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}

/** A string value, as given. */
export function str(text: string): string {
  return text;
}

/** The columns Python's argparse lays its help out in: the terminal's, else 80. */
function terminalColumns(): number {
  try {
    if (Deno.stdout.isTerminal()) return Deno.consoleSize().columns;
  } catch {
    // not a terminal after all
  }
  return 80;
}

async function buildParser<T extends OptionTable>(spec: CommandSpec<T>, layout: LayoutOptions) {
  const lib = await loadArgparse();
  const parser = lib.createParser({
    prog: spec.prog,
    description: spec.description,
    epilog: spec.epilog,
    rawDescription: spec.rawDescription,
    width: (layout.columns ?? terminalColumns()) - 2,
  });
  for (const [key, entry] of Object.entries(spec.options)) {
    const common = { help: entry.help, metavar: entry.metavar };
    const type = entry.parse && forArgparse(entry.parse, lib);
    if (entry.names.length === 0) {
      parser.addArgument([key], { ...common, type, nargs: entry.nargs });
    } else if (type === undefined) {
      parser.addArgument(entry.names, { dest: key, help: entry.help, action: "store_true" });
    } else {
      parser.addArgument(entry.names, { ...common, dest: key, type });
    }
  }
  return { parser, run: (argv: readonly string[]) => lib.runParser(parser, argv) };
}

/** The usage line(s), as argparse prints them (no trailing newline). */
export async function formatUsage<T extends OptionTable>(
  spec: CommandSpec<T>,
  layout: LayoutOptions = {},
): Promise<string> {
  return (await buildParser(spec, layout)).parser.format_usage().trimEnd();
}

/** The `--help` screen, as argparse prints it (no trailing newline). */
export async function formatHelp<T extends OptionTable>(
  spec: CommandSpec<T>,
  layout: LayoutOptions = {},
): Promise<string> {
  return (await buildParser(spec, layout)).parser.format_help().trimEnd();
}

/**
 * The one line a command prints for an error: `NAME: message` (`flags: cannot connect to …`),
 * or in the seed's look (a command without `name`, flags2) `*** Error: message`. A note (a
 * remark that is no failure) reads `NAME: note: message` or `*** Note: message`.
 *
 * @example
 * ```ts
 * import { errorLine } from "./command.ts";
 * errorLine({ name: "demo" }, "step 3 failed"); // "demo: step 3 failed"
 * errorLine({ name: "sha:futures" }, "starting workers took most of the run", "note");
 * // "sha:futures: note: starting workers took most of the run"
 * ```
 */
export function errorLine(
  spec: { readonly name?: string },
  message: string,
  kind: "error" | "note" = "error",
): string {
  if (spec.name === undefined) return `*** ${kind === "note" ? "Note" : "Error"}: ${message}`;
  return `${spec.name}: ${kind === "note" ? "note: " : ""}${message}`;
}

/** Prints the command's {@linkcode errorLine} on stderr and exits with `status` (default 1). */
export function exitWithError(
  spec: { readonly name?: string },
  message: string,
  status = 1,
): never {
  fail(errorLine(spec, message), status);
}

/**
 * The command's own usage error: `*** Usage error: message` (the seed's look) or
 * `name: message`, then the usage, exit status 1 (2 for `status: 2`).
 */
export async function usageError<T extends OptionTable>(
  spec: CommandSpec<T>,
  message: string,
  { status = 1, ...layout }: LayoutOptions & { status?: 1 | 2 } = {},
): Promise<UsageError> {
  const usage = await formatUsage(spec, layout);
  if (spec.name !== undefined) {
    return new UsageError(`${errorLine(spec, message)}\n${usage}`, status);
  }
  if (status === 2) return new UsageError(`${usage}\n${spec.prog}: error: ${message}`, 2);
  return new UsageError(`*** Usage error: ${message}\n${usage}`, 1);
}

/** The first message of the table's checks that `values` fail, in table order. */
export function checkValues<T extends OptionTable>(
  options: T,
  values: ValuesOf<T>,
): string | undefined {
  for (const [key, entry] of Object.entries(options)) {
    const message = entry.check?.(values[key as keyof T]);
    if (message !== undefined) return message;
  }
  return undefined;
}

/** The table's defaults, each absent argument's value. */
function defaultsOf<T extends OptionTable>(options: T): ValuesOf<T> {
  const values = {} as ValuesOf<T>;
  for (const [key, entry] of Object.entries(options)) values[key as keyof T] = entry.default;
  return values;
}

/**
 * Reads `argv` by the command's table: its values, a help request, or a usage error.
 * Values absent from the command line take the table's defaults; then the table's checks run.
 *
 * An empty command line asks for nothing but the defaults, so it is answered without loading
 * argparse: npm packages bring Deno's Node.js layer (`node:fs`), about 30 ms of start-up
 * (measured), a third of a seed-size `arcfour:futures` run.
 */
export async function parseCommand<T extends OptionTable>(
  spec: CommandSpec<T>,
  argv: readonly string[],
  layout: LayoutOptions = {},
): Promise<Parsed<ValuesOf<T>>> {
  const defaults = defaultsOf(spec.options);
  const required = Object.values(spec.options).some((e) => e.names.length === 0 && !e.nargs);
  if (argv.length === 0 && !required && checkValues(spec.options, defaults) === undefined) {
    return { kind: "run", values: defaults };
  }
  const outcome = (await buildParser(spec, layout)).run(argv);
  if (outcome.kind === "help") return { kind: "help", text: outcome.text.trimEnd() };
  if (outcome.kind === "refused") {
    const error = await usageError(spec, outcome.message, { ...layout, status: 2 });
    return { kind: "usage-error", error };
  }
  if (outcome.extras.length > 0) {
    const message = `unrecognized arguments: ${outcome.extras.join(" ")}`;
    return { kind: "usage-error", error: await usageError(spec, message, layout) };
  }
  const values = defaults;
  for (const key of Object.keys(spec.options)) {
    const given = outcome.namespace[key];
    if (given !== undefined) values[key as keyof T] = given as never;
  }
  const problem = checkValues(spec.options, values);
  if (problem !== undefined) {
    return { kind: "usage-error", error: await usageError(spec, problem, layout) };
  }
  return { kind: "run", values };
}

/**
 * {@linkcode parseCommand} for a script's entry point: returns the values, or prints the help
 * (stdout, exit 0) or the usage error (stderr, its status) and exits.
 */
export async function runCommand<T extends OptionTable>(
  spec: CommandSpec<T>,
  argv: readonly string[] = Deno.args,
): Promise<ValuesOf<T>> {
  const parsed = await parseCommand(spec, argv);
  if (parsed.kind === "run") return parsed.values;
  exitWith(parsed);
}

/** Prints a help screen (stdout, exit 0) or a usage error (stderr, its status) and exits. */
export function exitWith(parsed: Exclude<Parsed<unknown>, { kind: "run" }>): never {
  if (parsed.kind === "help") {
    console.log(parsed.text);
    Deno.exit(0);
  }
  console.error(parsed.error.message);
  Deno.exit(parsed.error.status);
}
