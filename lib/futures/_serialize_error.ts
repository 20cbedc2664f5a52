/**
 * How an Error crosses from a worker to the pool: {@linkcode serializeError}
 * describes it in plain, cloneable data ({@linkcode SerializedError}) and
 * {@linkcode deserializeError} rebuilds one of the same name, message, stack,
 * cause and own properties. Private to worker_pool.ts and its worker host.
 *
 * @module
 */

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
  for (const [key, value] of Object.entries(error)) {
    if (key === "name" || key === "message" || key === "stack" || key === "cause") continue;
    if (cloneable(value)) (out.props ??= {})[key] = value;
  }
  return out;
}

/**
 * Whether `value` has the shape {@linkcode serializeError} gives (its causes
 * included, at most 5 deep): what {@linkcode deserializeError} can rebuild.
 */
export function isSerializedError(value: unknown, depth = 0): value is SerializedError {
  if (typeof value !== "object" || value === null || Array.isArray(value) || depth > 4) {
    return false;
  }
  const e = value as Record<string, unknown>;
  if (typeof e.name !== "string" || typeof e.message !== "string") return false;
  if (e.stack !== undefined && typeof e.stack !== "string") return false;
  if (e.props !== undefined && (typeof e.props !== "object" || e.props === null)) return false;
  const cause = e.cause;
  if (cause === undefined) return true;
  if (typeof cause !== "object" || cause === null) return false;
  return "value" in cause || isSerializedError(cause, depth + 1);
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
