/**
 * Private to lib/worker_pool.ts and its worker bootstrap: the messages they
 * exchange, how errors cross the thread boundary, and which buffers move
 * (are transferred) instead of being copied.
 *
 * Pool → worker: a {@linkcode WorkerInit} first, then `[id, taskName, args]`
 * per task.
 * Worker → pool: `[kind, payload, id]`; the id says which task a result
 * answers, since a worker may have several in flight (`DYING`,
 * `LOAD_FAILED` and `IDLE` concern the whole worker and carry none).
 *
 * @module
 */

/** Worker → pool: the task returned `payload`. */
export const OK = 0;
/** Worker → pool: the task threw an Error, `payload` is a {@linkcode SerializedError}. */
export const ERROR = 1;
/** Worker → pool: the task threw something that is not an Error; `payload` is it. */
export const THROWN = 2;
/** Worker → pool: the worker is about to die (`self.close()`, `Deno.exit()`). */
export const DYING = 3;
/** Worker → pool: the task module failed to load; `payload` is a {@linkcode SerializedError}. */
export const LOAD_FAILED = 4;
/** Worker → pool: no task has run here for `idleTimeoutMs`; the pool may end this worker. */
export const IDLE = 5;

/** Pool → worker, the first message: what to load and when to report being idle. */
export interface WorkerInit {
  /** The task module's URL. */
  module: string;
  /** Report {@linkcode IDLE} after this long without a task (`Infinity`: never). */
  idleTimeoutMs: number;
}

/** An Error as it crosses from a worker: enough to rebuild one of the same name. */
export interface SerializedError {
  /** The error's `name`, e.g. `TypeError`. */
  name: string;
  /** The error's `message`. */
  message: string;
  /** The stack as the worker saw it. */
  stack: string | undefined;
  /** Its `cause`: another error, or any other value wrapped. */
  cause?: SerializedError | { value: unknown };
  /** Its own enumerable properties that could be cloned (e.g. `code`). */
  props?: Record<string, unknown>;
}

const NATIVE_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

function cloneable(value: unknown): boolean {
  const t = typeof value;
  return value === null || t === "string" || t === "number" || t === "boolean" ||
    t === "bigint" || t === "undefined";
}

/** Describe an Error so that {@linkcode deserializeError} can rebuild it elsewhere. */
export function serializeError(error: Error, depth = 0): SerializedError {
  const out: SerializedError = {
    name: String(error.name),
    message: String(error.message),
    stack: typeof error.stack === "string" ? error.stack : undefined,
  };
  if (error.name === "Error" && error.constructor?.name && error.constructor.name !== "Error") {
    out.name = error.constructor.name;
  }
  if ("cause" in error && depth < 4) {
    const cause = error.cause;
    out.cause = cause instanceof Error
      ? serializeError(cause, depth + 1)
      : { value: cloneable(cause) ? cause : String(cause) };
  }
  for (const key of Object.keys(error)) {
    if (key === "name" || key === "message" || key === "stack" || key === "cause") continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (cloneable(value)) (out.props ??= {})[key] = value;
  }
  return out;
}

/**
 * Rebuild an Error of the same name: a native class (TypeError, RangeError…)
 * when the name is one, else an `Error` whose `name` is set. Its `stack` is
 * the worker's stack.
 */
export function deserializeError(e: SerializedError): Error {
  const Ctor = Object.hasOwn(NATIVE_ERRORS, e.name) ? NATIVE_ERRORS[e.name] : Error;
  const error = new Ctor(e.message);
  if (error.name !== e.name) {
    Object.defineProperty(error, "name", {
      value: e.name,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  if (e.cause !== undefined) {
    const cause = "value" in e.cause ? e.cause.value : deserializeError(e.cause as SerializedError);
    Object.defineProperty(error, "cause", {
      value: cause,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  if (e.props !== undefined) Object.assign(error, e.props);
  Object.defineProperty(error, "stack", {
    value: e.stack ?? `${e.name}: ${e.message}`,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return error;
}

const NONE: Transferable[] = [];

/** Anything with `postMessage`: a `Worker`, or a worker's `self`. */
export interface MessageTarget {
  /** Sends `message`, moving the buffers in `transfer` (the structured-clone `postMessage`). */
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * Posts `message`, moving the buffers of `payload` (see {@linkcode transferables}); if moving
 * fails, copies them instead. Without buffers it passes no transfer list at all: the first
 * call with one costs a fresh thread 2–3 ms (measured in Deno 2.9), on every worker's first
 * reply and on the pool's first task.
 *
 * @returns the error if the message cannot be sent even as a copy, else undefined
 */
export function postMoving(target: MessageTarget, message: unknown, payload: unknown): unknown {
  const transfer = transferables(payload);
  try {
    if (transfer.length === 0) target.postMessage(message);
    else target.postMessage(message, transfer);
    return undefined;
  } catch (error) {
    if (transfer.length === 0) return error;
    try {
      target.postMessage(message);
      return undefined;
    } catch {
      return error;
    }
  }
}

/**
 * The ArrayBuffers reachable from `value` through arrays, plain objects,
 * Maps and Sets: standalone buffers, and the buffers of typed arrays and
 * DataViews that cover their whole buffer (a view of part of a buffer is
 * copied rather than detaching the rest). SharedArrayBuffers are shared,
 * never transferred.
 */
export function transferables(value: unknown): Transferable[] {
  if (typeof value !== "object" || value === null) return NONE;
  if (Array.isArray(value)) {
    // The common case, argument lists of primitives: no allocation.
    let i = 0;
    for (; i < value.length; i++) {
      const x = value[i];
      if (typeof x === "object" && x !== null) break;
    }
    if (i === value.length) return NONE;
  }
  const found = new Set<ArrayBuffer>();
  walk(value, found, new Set(), 0);
  return found.size === 0 ? NONE : [...found];
}

function walk(v: unknown, found: Set<ArrayBuffer>, seen: Set<object>, depth: number): void {
  if (typeof v !== "object" || v === null || depth > 64) return;
  if (v instanceof ArrayBuffer) {
    if (!v.detached) found.add(v);
    return;
  }
  if (ArrayBuffer.isView(v)) {
    const buffer = v.buffer;
    if (
      buffer instanceof ArrayBuffer && !buffer.detached && v.byteOffset === 0 &&
      v.byteLength === buffer.byteLength
    ) {
      found.add(buffer);
    }
    return;
  }
  if (seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null) walk(x, found, seen, depth + 1);
    }
  } else if (v instanceof Map) {
    for (const [k, x] of v) {
      walk(k, found, seen, depth + 1);
      walk(x, found, seen, depth + 1);
    }
  } else if (v instanceof Set) {
    for (const x of v) walk(x, found, seen, depth + 1);
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      for (const key in v) walk((v as Record<string, unknown>)[key], found, seen, depth + 1);
    }
  }
}
