// The timeline picture: well-formed XML, one lane per lane used, one bar per call, legible at
// 676 calls over as many slots.
import assert from "node:assert/strict";
import { niceStep, renderTimelineSvg, type TimelineBar } from "../lib/timeline/svg.ts";
import { parseTimeline } from "./fixtures/timeline_svg.ts";

function bar(lane: number | undefined, startMs: number, endMs: number, i: number): TimelineBar {
  return { lane, startMs, endMs, outcome: "ok", label: `C${i} <&>`, result: `"r${i}"` };
}

Deno.test("timeline: one lane per lane used, one bar per call, titles escaped", () => {
  const bars = [bar(4, 0, 100, 0), bar(9, 50, 150, 1), bar(4, 100, 200, 2)];
  const svg = renderTimelineSvg({ title: "run <1>", laneName: "worker", bars });
  const parsed = parseTimeline(svg);
  assert.equal(parsed.bars.length, 3);
  assert.deepEqual(parsed.labels, ["worker 5", "worker 10"]);
  assert.deepEqual(parsed.bars.map((b) => b["@_data-lane"]), ["4", "9", "4"]);
  assert.match(String(parsed.bars[0].title), /^C0 <&> · 0\.100 s · "r0"$/);
  // Bars of one lane that follow each other do not overlap.
  const [a, , c] = parsed.bars;
  assert.ok(Number(a["@_x"]) + Number(a["@_width"]) <= Number(c["@_x"]) + 0.1);
  assert.equal(a["@_y"], c["@_y"]);
});

Deno.test("timeline: calls that never started get a row of their own", () => {
  const bars = [bar(0, 0, 10, 0), { ...bar(undefined, 0, 30, 1), outcome: "cancelled" as const }];
  const parsed = parseTimeline(renderTimelineSvg({ title: "t", laneName: "slot", bars }));
  assert.deepEqual(parsed.labels, ["slot 1", "not started"]);
  assert.deepEqual(parsed.bars.map((b) => b["@_data-outcome"]), ["ok", "cancelled"]);
  assert.notEqual(parsed.bars[0]["@_y"], parsed.bars[1]["@_y"]);
});

Deno.test("timeline: 676 calls over 676 slots stay legible (lanes shrink, labels thin out)", () => {
  const bars = Array.from({ length: 676 }, (_, i) => bar(i, i * 0.1, 500 + i, i));
  const parsed = parseTimeline(renderTimelineSvg({ title: "t", laneName: "slot", bars }));
  assert.equal(parsed.bars.length, 676);
  assert.equal(new Set(parsed.bars.map((b) => b["@_y"])).size, 676, "every slot its own row");
  assert.ok(parsed.bars.every((b) => Number(b["@_height"]) >= 1));
  assert.ok(parsed.height < 900, `the picture is ${parsed.height} px tall`);
  assert.ok(parsed.labels.length > 10 && parsed.labels.length <= 676 / 12 + 1);
});

Deno.test("timeline: the axis steps are 1, 2 or 5 times a power of ten", () => {
  assert.deepEqual([0.7, 1, 13, 30, 61, 450, 2001].map(niceStep), [1, 1, 20, 50, 100, 500, 5000]);
});
