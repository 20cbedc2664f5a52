/**
 * The `truncate` fault: a response whose headers promise the whole body but whose stream ends
 * with an error after half of it, so that the connection is dropped mid-body. The listener's
 * error hook recognises {@linkcode TruncatedOnPurpose} and keeps quiet about it.
 *
 * @example
 * ```ts
 * import { truncatedResponse } from "./truncate.ts";
 * const res = truncatedResponse(200, { "content-type": "image/gif" }, new Uint8Array(10));
 * console.log(res.headers.get("content-length")); // "10"
 * ```
 *
 * @module
 */

/** The error a truncated body ends with; the listener's `onError` ignores it. */
export class TruncatedOnPurpose extends Error {
  /** Always `"TruncatedOnPurpose"`. */
  override name = "TruncatedOnPurpose";
}

/** A response with `headers`, the Content-Length of all of `body`, and half of `body`. */
export function truncatedResponse(
  status: number,
  headers: Record<string, string>,
  body: Uint8Array<ArrayBuffer>,
): Response {
  const half = body.subarray(0, Math.floor(body.length / 2));
  let sent = half.length === 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(new TruncatedOnPurpose());
      sent = true;
      controller.enqueue(half);
    },
  });
  return new Response(stream, {
    status,
    headers: { ...headers, "content-length": String(body.length) },
  });
}
