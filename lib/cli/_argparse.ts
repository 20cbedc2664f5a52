/**
 * Private to lib/cli: npm `argparse` (the JavaScript port of Python's argparse, whose 2.0 line
 * prints the seed's help layout) made quiet. Its `ArgumentParser` prints and calls
 * `process.exit` on `-h` and on every error, as Python's does; this subclass writes nothing and
 * exits nothing: {@linkcode runParser} returns the help screen it would have printed, or the
 * error it would have exited with.
 *
 * argparse's design is that `error()` and `exit()` never return, so they throw a private
 * signal that {@linkcode runParser} catches at once: no exception leaves this module.
 *
 * @module
 */

// @ts-types="@types/argparse"
import {
  ArgumentParser,
  ArgumentTypeError,
  HelpFormatter,
  RawDescriptionHelpFormatter,
  SUPPRESS,
} from "argparse";

/** The part of argparse's HelpFormatter that {@linkcode seedLayout} changes. */
interface Formatter {
  _format_args(action: { nargs?: unknown }, defaultMetavar: string): string;
  _metavar_formatter(action: object, defaultMetavar: string): (size: number) => string[];
}
type FormatterClass = new (options: object) => Formatter;

/**
 * argparse 2.0.1 is Python 3.9's, which writes `nargs="*"` as `[CC ...]`; the seed's Python
 * wrote `[CC [CC ...]]`, and so does this.
 */
function seedLayout(base: unknown): FormatterClass {
  return class extends (base as FormatterClass) {
    override _format_args(action: { nargs?: unknown }, defaultMetavar: string): string {
      if (action.nargs !== "*") return super._format_args(action, defaultMetavar);
      const [metavar] = this._metavar_formatter(action, defaultMetavar)(1);
      return `[${metavar} [${metavar} ...]]`;
    }
  };
}

const PLAIN = seedLayout(HelpFormatter);
const RAW = seedLayout(RawDescriptionHelpFormatter);

/** What argparse did instead of exiting: printed `text` (the help screen) and exited. */
class Exited {
  constructor(readonly text: string) {}
}

/** What argparse did instead of printing its usage and an error and exiting with status 2. */
class Refused {
  constructor(readonly message: string) {}
}

/** How argparse's parse of a command line ended. */
export type ParserOutcome =
  | { kind: "parsed"; namespace: Record<string, unknown>; extras: string[] }
  | { kind: "help"; text: string }
  | { kind: "refused"; message: string };

/** Settings of {@linkcode QuietParser}. */
export interface QuietParserOptions {
  /** The program name in `usage:`. */
  prog: string;
  /** The text under the usage line in `--help`. */
  description?: string;
  /** The text at the end of `--help`. */
  epilog?: string;
  /** Keep the description's and epilog's line breaks (argparse's RawDescriptionHelpFormatter). */
  rawDescription?: boolean;
  /** The width argparse lays the help out in (Python's: the terminal's columns, less 2). */
  width: number;
}

/** The parser lib/cli builds a command on: argparse's, quiet. */
export interface Parser {
  /** `add_argument(...names, options)`. */
  addArgument(names: readonly string[], options: Record<string, unknown>): void;
  /** argparse's usage text. */
  format_usage(): string;
  /** argparse's help screen. */
  format_help(): string;
}

/** Makes a parser that never prints nor exits (see {@linkcode runParser}). */
export function createParser(options: QuietParserOptions): Parser {
  return new QuietParser(options);
}

/** The error a value parser throws to refuse a value with its own message. */
export function argumentTypeError(message: string): Error {
  return new ArgumentTypeError(message);
}

/** An `ArgumentParser` that never prints nor exits. */
class QuietParser extends ArgumentParser {
  #printed = "";
  readonly #width: number;
  readonly #formatter: FormatterClass;

  /** Make a parser; options are added with `add_argument`, as in Python. */
  constructor(options: QuietParserOptions) {
    super({
      prog: options.prog,
      description: options.description,
      epilog: options.epilog,
      add_help: false, // added below, once the fields its formatter needs are set
    });
    this.#width = options.width;
    this.#formatter = options.rawDescription ? RAW : PLAIN;
    this.add_argument("-h", "--help", {
      action: "help",
      default: SUPPRESS,
      help: "show this help message and exit",
    });
  }

  /** `add_argument(...names, options)`, for a list of names. */
  addArgument(names: readonly string[], options: Record<string, unknown>): void {
    (this.add_argument as (...args: unknown[]) => void).call(this, ...names, options);
  }

  /** argparse's own: a formatter at our width (its default reads `$COLUMNS`, an env grant). */
  _get_formatter(): unknown {
    return new this.#formatter({
      prog: (this as unknown as { prog: string }).prog,
      width: this.#width,
    });
  }

  /** argparse's own: collect what it would print (the help screen) instead of writing it. */
  _print_message(message?: string): void {
    if (message) this.#printed += message;
  }

  /** argparse's own, called after `-h` printed the help: stop parsing instead of exiting. */
  override exit(_status?: number, message?: string): never {
    throw new Exited(this.#printed + (message ?? ""));
  }

  /** argparse's own, for a command line it cannot read: stop parsing instead of exiting 2. */
  override error(message: string | Error): never {
    throw new Refused(message instanceof Error ? message.message : message);
  }
}

/** Parses `argv` with `parser` (argparse's `parse_known_args`), never printing or exiting. */
export function runParser(parser: Parser, argv: readonly string[]): ParserOutcome {
  try {
    const [namespace, extras] = (parser as QuietParser).parse_known_args([...argv]);
    return { kind: "parsed", namespace, extras };
  } catch (signal) {
    if (signal instanceof Exited) return { kind: "help", text: signal.text };
    if (signal instanceof Refused) return { kind: "refused", message: signal.message };
    throw signal;
  }
}
