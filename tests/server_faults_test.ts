// decideFault: the whole fault decision, from the listener, its settings and the random source.

import assert from "node:assert/strict";
import { decideFault, type FaultSettings, NO_FAULT } from "../lib/server/faults.ts";
import { seededRandom } from "../lib/server/random.ts";

const BOOK: FaultSettings = {
  delay: [0.5, 0.5],
  errorRate: 0.25,
  delayRate: 0.5,
  errorStatus: [500, 502, 503, 504],
};

/** A random source that returns `values` in turn and counts how many were drawn. */
function scripted(...values: number[]) {
  const source = Object.assign(() => {
    assert.ok(source.drawn < values.length, "drew more numbers than scripted");
    return values[source.drawn++];
  }, { drawn: 0 });
  return source;
}

Deno.test("LOCAL: no fault, and no number drawn", () => {
  const random = scripted();
  assert.equal(decideFault("LOCAL", BOOK, random), NO_FAULT);
  assert.equal(random.drawn, 0);
});

Deno.test("DELAY: the fixed delay without a draw; a range takes one draw", () => {
  const fixed = scripted();
  assert.deepEqual(decideFault("DELAY", BOOK, fixed), { error: undefined, delay: 0.5 });
  assert.equal(fixed.drawn, 0);
  const range = scripted(0.25);
  const fault = decideFault("DELAY", { ...BOOK, delay: [0.2, 0.6] }, range);
  assert.equal(fault.error, undefined);
  assert.ok(Math.abs(fault.delay - 0.3) < 1e-12, `delay ${fault.delay}`);
  assert.equal(range.drawn, 1);
  const errorRate = 1; // ignored by DELAY
  assert.equal(decideFault("DELAY", { ...BOOK, errorRate }, scripted()).error, undefined);
});

Deno.test("ERROR: fails?, which error?, delayed?, then the delay — always all of them", () => {
  const cases: Array<[number[], FaultSettings, ReturnType<typeof decideFault>]> = [
    [[0.1, 0.0, 0.9], BOOK, { error: 500, delay: 0 }],
    [[0.1, 0.99, 0.1], BOOK, { error: 504, delay: 0.5 }],
    [[0.1, 0.5, 0.1], BOOK, { error: 503, delay: 0.5 }],
    [[0.25, 0.3, 0.49], BOOK, { error: undefined, delay: 0.5 }],
    [[0.9, 0.3, 0.5], BOOK, { error: undefined, delay: 0 }],
    [[0.0, 0.7, 0.0, 0.5], { ...BOOK, delay: [1, 3] }, { error: 503, delay: 2 }],
    [[0.9, 0.7, 0.9, 0.5], { ...BOOK, delay: [1, 3] }, { error: undefined, delay: 0 }],
    [[0.0, 0.4, 0.9], { ...BOOK, errorStatus: [503, "truncate"] }, { error: 503, delay: 0 }],
    [[0.0, 0.6, 0.9], { ...BOOK, errorStatus: [503, "truncate"] }, { error: "truncate", delay: 0 }],
  ];
  for (const [values, settings, want] of cases) {
    const random = scripted(...values);
    assert.deepEqual(decideFault("ERROR", settings, random), want, JSON.stringify(values));
    assert.equal(random.drawn, values.length, `every number drawn: ${values}`);
  }
});

Deno.test("ERROR: rates 0 and 1 are exact; a seeded source replays the same faults", () => {
  const never = { ...BOOK, errorRate: 0, delayRate: 0 };
  const always = { ...BOOK, errorRate: 1, delayRate: 1 };
  const random = seededRandom(3);
  for (let i = 0; i < 1000; i++) {
    assert.deepEqual(decideFault("ERROR", never, random), NO_FAULT);
    const fault = decideFault("ERROR", always, random);
    assert.ok(fault.error !== undefined && fault.delay === 0.5);
  }
  const run = (seed: number) => {
    const source = seededRandom(seed);
    return Array.from({ length: 200 }, () => decideFault("ERROR", BOOK, source));
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  const faults = run(7).concat(run(9), run(11), run(13), run(15));
  const share = (ok: (f: ReturnType<typeof decideFault>) => boolean) =>
    faults.filter(ok).length / faults.length;
  assert.ok(Math.abs(share((f) => f.error !== undefined) - 0.25) < 0.05);
  assert.ok(Math.abs(share((f) => f.delay > 0) - 0.5) < 0.07);
});
