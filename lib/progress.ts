/**
 * A tqdm-style progress bar: `100%|██████████| 78/78 [00:01<00:00, 49.39it/s]`.
 *
 * The line is tqdm's default `format_meter` output (same bar characters, same
 * `elapsed<remaining` and rate fields). It is written to stderr. On a terminal
 * it is redrawn in place with `\r` (at most every `minInterval` seconds, and
 * once more when it closes) and sized to the terminal's width; anywhere else
 * (a pipe, a file) it writes a single final line and no `\r` at all, and the
 * bar is tqdm's fallback 10 cells wide.
 *
 * Differences from tqdm: the rate is the plain average (tqdm's
 * `smoothing=0`), and nothing but the final line is written when the output
 * is not a terminal.
 *
 * @example
 * ```ts
 * import { formatMeter, track } from "./progress.ts";
 *
 * console.log(formatMeter({ n: 78, total: 78, elapsed: 1.58 }));
 * // 100%|██████████| 78/78 [00:01<00:00, 49.37it/s]
 *
 * for await (const item of track(["a", "b"], { total: 2 })) {
 *   // work with item; the bar advances after each one
 * }
 * ```
 *
 * @module
 */

/** tqdm's Unicode bar characters: blank, seven partial blocks, full block. */
const BAR_CHARS = " ▏▎▍▌▋▊▉█";
const BAR_STEPS = BAR_CHARS.length - 1;
/** The bar width tqdm uses when it does not know the line width. */
const DEFAULT_BAR_WIDTH = 10;

/** What {@linkcode formatMeter} needs to draw one progress line. */
export interface MeterState {
  /** Items done so far. */
  n: number;
  /** Items expected in all (> 0). */
  total: number;
  /** Seconds since the bar started. */
  elapsed: number;
  /** Width of the whole line in columns; without it the bar is 10 cells wide. */
  ncols?: number;
}

/**
 * Formats seconds as tqdm does: `MM:SS`, or `H:MM:SS` from one hour on.
 *
 * @example
 * ```ts
 * import { formatInterval } from "./progress.ts";
 * formatInterval(75.9); // "01:15"
 * formatInterval(3725); // "1:02:05"
 * ```
 */
export function formatInterval(seconds: number): string {
  const total = Math.trunc(seconds);
  const s = total % 60;
  const mins = Math.trunc(total / 60);
  const m = mins % 60;
  const h = Math.trunc(mins / 60);
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** Python's `'{:.0f}'` for a percentage: round half to even (JS rounds half up). */
function formatPercent(value: number): string {
  const floor = Math.floor(value);
  const diff = value - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return String(rounded).padStart(3);
}

/** tqdm's Bar: `width` cells, full blocks then one partial block then blanks. */
function formatBar(fraction: number, width: number): string {
  const frac = Math.max(0, Math.min(1, fraction));
  const steps = Math.trunc(frac * width * BAR_STEPS);
  const full = Math.trunc(steps / BAR_STEPS);
  const partial = steps % BAR_STEPS;
  let bar = BAR_CHARS[BAR_STEPS].repeat(full);
  if (full < width) bar += BAR_CHARS[partial] + " ".repeat(width - full - 1);
  return bar;
}

/**
 * One progress line in tqdm's default format (no trailing newline).
 *
 * @example
 * ```ts
 * import { formatMeter } from "./progress.ts";
 * formatMeter({ n: 0, total: 78, elapsed: 0 });
 * // "  0%|          | 0/78 [00:00<?, ?it/s]"
 * formatMeter({ n: 39, total: 78, elapsed: 2, ncols: 60 });
 * // " 50%|███████████▌           | 39/78 [00:02<00:02, 19.50it/s]"
 * ```
 */
export function formatMeter({ n, total, elapsed, ncols }: MeterState): string {
  const rate = elapsed > 0 ? n / elapsed : undefined;
  let rateText: string;
  if (!rate) rateText = "?it/s";
  else if (1 / rate > 1) rateText = `${(1 / rate).toFixed(2).padStart(5)}s/it`;
  else rateText = `${rate.toFixed(2).padStart(5)}it/s`;
  let line: string;
  if (n > total) {
    // Like tqdm once the total is overshot: a bare counter.
    line = `${n}it [${formatInterval(elapsed)}, ${rateText}]`;
  } else {
    const remaining = rate ? formatInterval((total - n) / rate) : "?";
    const left = `${formatPercent((n / total) * 100)}%|`;
    const right = `| ${n}/${total} [${formatInterval(elapsed)}<${remaining}, ${rateText}]`;
    const width = ncols ? Math.max(1, ncols - left.length - right.length) : DEFAULT_BAR_WIDTH;
    line = left + formatBar(n / total, width) + right;
  }
  return ncols ? line.slice(0, ncols) : line;
}

/** Where a {@linkcode ProgressBar} draws: `Deno.stderr` or a stand-in. */
export interface ProgressOutput {
  /** Writes bytes; may write fewer than given (the bar writes the rest). */
  writeSync(bytes: Uint8Array): number;
  /** Whether the output is a terminal (then the bar redraws in place). */
  isTerminal(): boolean;
}

/** Options of {@linkcode ProgressBar} and {@linkcode track}. */
export interface ProgressOptions {
  /** Number of items expected. */
  total: number;
  /** Default `Deno.stderr`. */
  output?: ProgressOutput;
  /** Line width; default: the terminal's width when `output` is a terminal, else a 10-cell bar. */
  ncols?: number;
  /** Least seconds between two redraws on a terminal (tqdm's `mininterval`); default 0.1. */
  minInterval?: number;
  /** Clock in milliseconds; default `performance.now`. */
  now?: () => number;
}

const encoder = new TextEncoder();

function writeAll(output: ProgressOutput, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(output.writeSync(bytes));
}

function terminalColumns(): number | undefined {
  try {
    const { columns } = Deno.consoleSize();
    return columns > 0 ? columns : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A progress bar on stderr (see the module doc for terminal vs. non-terminal).
 *
 * @example
 * ```ts
 * import { ProgressBar } from "./progress.ts";
 * using bar = new ProgressBar({ total: 3 });
 * for (let i = 0; i < 3; i++) bar.update();
 * ```
 */
export class ProgressBar implements Disposable {
  /** Items done so far. */
  n = 0;
  /** Items expected. */
  readonly total: number;
  readonly #output: ProgressOutput;
  readonly #terminal: boolean;
  readonly #ncols: number | undefined;
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  readonly #start: number;
  #lastDraw = -Infinity;
  #lastLength = 0;
  #closed = false;

  /** Starts the clock and, on a terminal, draws the 0% line. */
  constructor(options: ProgressOptions) {
    this.total = options.total;
    this.#output = options.output ?? Deno.stderr;
    this.#terminal = this.#output.isTerminal();
    this.#ncols = options.ncols ?? (this.#terminal ? terminalColumns() : undefined);
    this.#minIntervalMs = (options.minInterval ?? 0.1) * 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    if (this.#terminal) this.#draw(this.#start);
  }

  /** The current line, as {@linkcode formatMeter} draws it. */
  format(): string {
    const elapsed = (this.#now() - this.#start) / 1000;
    return formatMeter({ n: this.n, total: this.total, elapsed, ncols: this.#ncols });
  }

  /** Advances by `n` items, redrawing on a terminal when `minInterval` has passed. */
  update(n = 1): void {
    if (this.#closed) return;
    this.n += n;
    if (!this.#terminal) return;
    const now = this.#now();
    if (now - this.#lastDraw >= this.#minIntervalMs) this.#draw(now);
  }

  /** Draws the final line and ends it with a newline; later calls do nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#terminal) {
      this.#draw(this.#now());
      writeAll(this.#output, "\n");
    } else {
      writeAll(this.#output, this.format() + "\n");
    }
  }

  /** Same as {@linkcode ProgressBar.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #draw(now: number): void {
    this.#lastDraw = now;
    const line = this.format();
    const pad = " ".repeat(Math.max(0, this.#lastLength - line.length));
    this.#lastLength = line.length;
    writeAll(this.#output, "\r" + line + pad);
  }
}

/**
 * Yields the items of `iterable`, advancing a {@linkcode ProgressBar} after each
 * one has been handled (like `tqdm(iterable, total=...)`); the bar closes when
 * the loop ends, normally or not.
 *
 * @example
 * ```ts
 * import { track } from "./progress.ts";
 * for await (const cc of track(["BR", "CN"], { total: 2 })) console.log(cc);
 * ```
 */
export async function* track<T>(
  iterable: Iterable<T> | AsyncIterable<T>,
  options: ProgressOptions,
): AsyncGenerator<T, void, undefined> {
  using bar = new ProgressBar(options);
  for await (const item of iterable) {
    yield item;
    bar.update();
  }
}
