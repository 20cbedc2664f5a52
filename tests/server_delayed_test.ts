// DelayedAnswers: each waiting request answered once — on time, on its client's hang-up, or at
// closing — and a request watches its client (reads request.signal) only past WATCH_AFTER_MS.

import assert from "node:assert/strict";
import {
  type CutShort,
  DelayedAnswers,
  type PendingRequest,
  WATCH_AFTER_MS,
} from "../lib/server/delayed.ts";

/** A pending request of `delay` seconds whose `request.signal` reads are counted (and seen). */
function pending(delay: number, signal?: AbortSignal, onRead?: () => void) {
  const request = new Request("http://x/flags/br/br.gif", { signal });
  const real = request.signal;
  const spy = { reads: 0 };
  Object.defineProperty(request, "signal", {
    get() {
      spy.reads++;
      onRead?.();
      return real;
    },
  });
  const record: PendingRequest = {
    request,
    path: "/flags/br/br.gif",
    fault: { error: undefined, delay },
  };
  return { record, spy };
}

/** Answers that say how they were built. */
function answers(closing: AbortSignal) {
  return new DelayedAnswers(closing, (_p, cut?: CutShort) => new Response(cut ?? "on time"));
}

Deno.test("a delay within the watch time is answered on time and never reads request.signal", async () => {
  const closing = new AbortController();
  const delayed = answers(closing.signal);
  const requests = Array.from({ length: 20 }, (_, i) => pending(0.005 + i * 0.001));
  const texts = await Promise.all(
    requests.map(async ({ record }) => await (await delayed.add(record)).text()),
  );
  assert.deepEqual(new Set(texts), new Set(["on time"]));
  assert.equal(requests.reduce((n, { spy }) => n + spy.reads, 0), 0);
  assert.equal(delayed.size, 0);
});

Deno.test("past the watch time a request watches its client: a hang-up answers it at once", async () => {
  const closing = new AbortController();
  const delayed = answers(closing.signal);
  const client = new AbortController();
  // The client hangs up as soon as the request starts watching it (its first signal read).
  const { record, spy } = pending(60, client.signal, () => queueMicrotask(() => client.abort()));
  const t0 = performance.now();
  const answer = delayed.add(record);
  assert.equal(spy.reads, 0, "not watched at first");
  assert.equal(await (await answer).text(), "aborted");
  const waited = performance.now() - t0;
  assert.ok(waited >= WATCH_AFTER_MS - 1, `watched after ${waited} ms`);
  assert.ok(spy.reads >= 1);
  assert.equal(delayed.size, 0, "it left the queue");
});

Deno.test("closing cuts every waiting request short, once", async () => {
  const closing = new AbortController();
  const delayed = answers(closing.signal);
  const requests = Array.from({ length: 5 }, () => pending(60));
  const all = Promise.all(requests.map(async ({ record }) => (await delayed.add(record)).text()));
  assert.equal(delayed.size, 5);
  closing.abort();
  assert.deepEqual(await all, Array(5).fill("closing"));
  assert.equal(await (await delayed.add(pending(60).record)).text(), "closing", "after closing");
  assert.equal(delayed.size, 0);
});
