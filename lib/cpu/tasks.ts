/**
 * The worker task module of `arcfour:futures` and `sha:futures`: each named export runs in a
 * module worker of a `WorkerPoolExecutor`, like the seed's `arcfour_test` and `sha` run in the
 * processes of a `ProcessPoolExecutor`. The random input is made inside the worker, so only a
 * size goes in and a small result comes back through `postMessage`.
 *
 * Each worker keeps its scratch buffers between jobs: fresh memory costs a page fault per 4 KiB
 * on first touch, which on a small VM is as slow as the cipher itself.
 *
 * @example
 * ```ts ignore
 * import { WorkerPoolExecutor } from "../futures/worker_pool.ts";
 * await using pool = new WorkerPoolExecutor<typeof import("./tasks.ts")>(
 *   new URL("./tasks.ts", import.meta.url),
 * );
 * console.log(await pool.submit("sha", 2 ** 20).result()); // 64 hex digits
 * ```
 *
 * @module
 */
import { Arcfour } from "./arcfour.ts";
import { checkJobSize } from "./job_size.ts";

/** arcfourTest's chunk: two chunks stay in the CPU cache. */
const CHUNK = 65_536;

const scratch: Uint8Array<ArrayBuffer>[] = [];

/** The `slot`-th scratch buffer of this worker, at least `size` bytes, viewed as `size` bytes. */
function scratchBuffer(slot: number, size: number): Uint8Array<ArrayBuffer> {
  let buffer = scratch[slot];
  if (buffer === undefined || buffer.length < size) buffer = scratch[slot] = new Uint8Array(size);
  return buffer.subarray(0, size);
}

/** The most bytes `crypto.getRandomValues` fills in one call. */
const RANDOM_CALL = 65_536;

/**
 * Fills `bytes` with random values from `crypto.getRandomValues`, 64 KiB a call: job input,
 * like the seed's `random.randrange(256)` bytes. A native call needs no warm-up, where a
 * JavaScript generator starts every fresh worker on cold code: on the seed's small jobs that
 * cost about 8 ms per run (measured); on 8 MiB jobs this is 2 % slower.
 *
 * @example
 * ```ts
 * import { fillRandom } from "./tasks.ts";
 * const bytes = fillRandom(new Uint8Array(100_000));
 * ```
 */
export function fillRandom<T extends Uint8Array>(bytes: T): T {
  for (let at = 0; at < bytes.length; at += RANDOM_CALL) {
    crypto.getRandomValues(bytes.subarray(at, at + RANDOM_CALL));
  }
  return bytes;
}

/** Whether `a` and `b` hold the same bytes (word by word when both are 4-byte aligned). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let n = 0;
  if ((a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0) {
    const words = a.length >>> 2;
    const a32 = new Uint32Array(a.buffer, a.byteOffset, words);
    const b32 = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (a32[w] !== b32[w]) return false;
    n = words << 2;
  }
  for (; n < a.length; n++) if (a[n] !== b[n]) return false;
  return true;
}

/**
 * The seed's `arcfour_test`: encrypts `size` random bytes with `key` (a string is taken as its
 * UTF-8 bytes), decrypts them back, and throws unless the round trip gives the input again.
 * Returns `size`.
 *
 * The bytes go through in 64 KiB chunks (two RC4 streams, one encrypting and one decrypting,
 * each carrying on where it stopped): the same bytes are made, encrypted, decrypted and
 * compared as with two whole-message `arcfour` calls, in 128 KiB of memory that stays in the
 * CPU cache instead of three arrays of `size` bytes.
 *
 * @throws {RangeError} for a bad size or a key over 256 bytes.
 * @throws {Error} "Failed arcfour_test" if the decrypted bytes differ.
 *
 * @example
 * ```ts
 * import { arcfourTest } from "./tasks.ts";
 * arcfourTest(1024, "key"); // 1024
 * ```
 */
export function arcfourTest(size: number, key: string | Uint8Array): number {
  checkJobSize(size);
  if (typeof key === "string") key = new TextEncoder().encode(key);
  const encrypt = new Arcfour(key);
  const decrypt = new Arcfour(key);
  const inChunk = scratchBuffer(0, CHUNK);
  const outChunk = scratchBuffer(1, CHUNK);
  for (let done = 0; done < size; done += CHUNK) {
    const n = Math.min(CHUNK, size - done);
    const inText = fillRandom(inChunk.subarray(0, n));
    const cypherText = encrypt.update(inText, outChunk.subarray(0, n));
    const outText = decrypt.update(cypherText, cypherText); // in place
    if (!sameBytes(inText, outText)) throw new Error("Failed arcfour_test");
  }
  return size;
}

/**
 * The seed's `sha`: the SHA-256 (WebCrypto) of `size` random bytes, as 64 hex digits.
 *
 * @throws {RangeError} for a bad size.
 *
 * @example
 * ```ts
 * import { sha } from "./tasks.ts";
 * (await sha(2 ** 20)).length; // 64
 * ```
 */
export async function sha(size: number): Promise<string> {
  checkJobSize(size);
  const data = fillRandom(scratchBuffer(0, size));
  // digest() copies `data` before it returns, so the scratch buffer is free again at once.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
