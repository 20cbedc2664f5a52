/**
 * Ctrl+C and SIGTERM for a flag client: instead of dying with temporary files in flight, a run
 * aborts its downloads (each removes its own temporary file), prints the report of what it
 * counted so far and exits with the shell's status for the signal: 130 for SIGINT, 143 for
 * SIGTERM. A second signal ends the process at once.
 *
 * @example
 * ```ts ignore
 * import { Interrupt } from "./interrupt.ts";
 *
 * using interrupt = new Interrupt();
 * const counter = await downloadMany(baseUrl, ccList, { signal: interrupt.signal });
 * console.log(finalReport(counter));
 * if (interrupt.received) Deno.exit(interrupt.exitStatus);
 * ```
 *
 * @module
 */

/** The exit status for each signal, as a shell reports a process it ended: 128 + its number. */
export const INTERRUPT_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that interrupts a run. */
export type InterruptSignal = keyof typeof INTERRUPT_STATUS;

/** Listens for SIGINT and SIGTERM from construction until disposal. */
export class Interrupt implements Disposable {
  readonly #controller = new AbortController();
  #received: InterruptSignal | undefined;
  readonly #listeners = new Map<InterruptSignal, () => void>();

  /** Starts listening (the listeners do not keep the process alive). */
  constructor() {
    for (const name of Object.keys(INTERRUPT_STATUS) as InterruptSignal[]) {
      const listener = () => this.#receive(name);
      this.#listeners.set(name, listener);
      Deno.addSignalListener(name, listener);
    }
  }

  /** Aborts at the first signal; its reason is a `DOMException` named `AbortError`. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The first signal received, if any. */
  get received(): InterruptSignal | undefined {
    return this.#received;
  }

  /** The status to exit with: 130 or 143 after a signal, else 0. */
  get exitStatus(): number {
    return this.#received === undefined ? 0 : INTERRUPT_STATUS[this.#received];
  }

  /** Stops listening: a signal from now on has its default effect. */
  [Symbol.dispose](): void {
    for (const [name, listener] of this.#listeners) Deno.removeSignalListener(name, listener);
    this.#listeners.clear();
  }

  #receive(name: InterruptSignal): void {
    if (this.#received !== undefined) Deno.exit(INTERRUPT_STATUS[this.#received]);
    this.#received = name;
    this.#controller.abort(new DOMException(`interrupted by ${name}`, "AbortError"));
  }
}
