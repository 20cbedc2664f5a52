/**
 * Which buffers move (are transferred) instead of being copied when a message
 * crosses between the pool and a worker, and the one function that posts:
 * {@linkcode postWith} (or {@linkcode postMoving}, which finds the buffers
 * first). Private to _protocol.ts (and its tests).
 *
 * @module
 */

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
  return postWith(target, message, transferables(payload));
}

/**
 * Posts `message`, moving the buffers in `transfer` (already gathered, without duplicates);
 * if moving fails, copies them instead. See {@linkcode postMoving}.
 *
 * @returns the error if the message cannot be sent even as a copy, else undefined
 */
export function postWith(
  target: MessageTarget,
  message: unknown,
  transfer: Transferable[],
): unknown {
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
