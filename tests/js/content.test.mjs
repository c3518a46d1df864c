import { test } from "node:test";
import assert from "node:assert/strict";

import {
  BOTH_MARKER, canonical, clockTime, contentOf, diffContent, mergeText, orderErrors,
  resolveContent, uuid,
} from "../../interviewkit/static/js/scorecard/content.js";

const page = {
  criteria: [{ id: "modeling", name: "Modeling" }, { id: "serving", name: "Serving" }],
  probes: [{ id: "incident", question: "Told an incident story?" }],
};

function card(overrides = {}) {
  return contentOf({
    ratings: { modeling: 3 }, evidence: { modeling: "chose a GBM, said why" },
    probes: {}, observed: [], flag_decisions: {}, notes: "asked about skew",
    recommendation: null, ...overrides,
  });
}

test("canonical ignores key order and contentOf drops empty text", () => {
  const a = contentOf({ ratings: { b: 1, a: 2 }, evidence: { x: "", y: "kept" }, notes: null });
  const b = contentOf({ evidence: { y: "kept" }, ratings: { a: 2, b: 1 } });
  assert.equal(canonical(a), canonical(b));
  assert.deepEqual(a.evidence, { y: "kept" });
  assert.equal(a.notes, "");
  assert.equal(a.recommendation, null);
});

test("contentOf sorts observed flags and copies, never aliases", () => {
  const source = { observed: ["b", "a"], ratings: { x: 1 } };
  const content = contentOf(source);
  assert.deepEqual(content.observed, ["a", "b"]);
  content.ratings.x = 4;
  assert.equal(source.ratings.x, 1);
});

test("mergeText keeps both texts once, marked, and never duplicates a prefix", () => {
  assert.equal(mergeText("", "theirs"), "theirs");
  assert.equal(mergeText("mine", ""), "mine");
  assert.equal(mergeText("abc def", "abc"), "abc def");
  assert.equal(mergeText("abc", "abc def"), "abc def");
  const both = mergeText("written here", "written in the other tab");
  assert.ok(both.startsWith("written here"));
  assert.ok(both.endsWith("written in the other tab"));
  assert.ok(both.includes(BOTH_MARKER));
});

test("diffContent lists only what differs, in page order, and marks free text mergeable", () => {
  const mine = card({ notes: "mine", ratings: { modeling: 3, serving: 2 } });
  const theirs = card({ notes: "theirs", ratings: { modeling: 3 }, probes: { incident: "yes" } });
  const rows = diffContent(mine, theirs, page);
  assert.deepEqual(rows.map((r) => r.path), ["ratings.serving", "probes.incident", "notes"]);
  assert.equal(rows[0].theirs, undefined);
  assert.equal(rows.find((r) => r.path === "notes").mergeable, true);
  assert.equal(rows[0].mergeable, false);
  assert.deepEqual(diffContent(mine, contentOf(mine), page), []);
});

test("resolveContent applies mine, theirs and both per row", () => {
  const mine = card({ notes: "from this tab", ratings: { modeling: 3, serving: 2 },
    evidence: { modeling: "m" } });
  const theirs = card({ notes: "from the other tab", ratings: { modeling: 1 },
    evidence: { modeling: "t", serving: "only theirs" } });
  const rows = diffContent(mine, theirs, page);
  const paths = rows.map((r) => r.path);
  const pick = (choices) => resolveContent(mine, theirs, rows,
    paths.map((p) => choices[p] || "mine"));

  const kept = pick({});
  assert.equal(canonical(kept), canonical(mine));

  const merged = pick({ notes: "both", "ratings.modeling": "theirs", "ratings.serving": "theirs",
    "evidence.serving": "both" });
  assert.equal(merged.ratings.modeling, 1);
  assert.equal("serving" in merged.ratings, false);   // theirs had no rating: unset
  assert.ok(merged.notes.includes("from this tab") && merged.notes.includes("from the other tab"));
  assert.equal(merged.evidence.serving, "only theirs");
  assert.equal(merged.evidence.modeling, "m");
  // "both" on a rating keeps mine rather than inventing a value.
  assert.equal(pick({ "ratings.modeling": "both" }).ratings.modeling, 3);
  // The inputs are not changed.
  assert.equal(mine.notes, "from this tab");
});

test("orderErrors follows the page, unknown keys last in their own order", () => {
  const errors = { recommendation: "pick one", "evidence.b": "x", "ratings.a": "y", form: "z",
    other: "w" };
  const order = ["ratings.a", "evidence.a", "ratings.b", "evidence.b", "recommendation"];
  assert.deepEqual(orderErrors(errors, order),
    ["ratings.a", "evidence.b", "recommendation", "form", "other"]);
});

test("uuid falls back to getRandomValues and yields version-4 ids", () => {
  let n = 0;
  const crypto = { getRandomValues: (bytes) => bytes.map(() => (n += 37) % 256) };
  const id = uuid(crypto);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(uuid({ randomUUID: () => "fixed" }), "fixed");
});

test("clockTime shows the time in the zone given", () => {
  assert.equal(clockTime("2026-12-01T14:02:00Z", "UTC"), "14:02");
  assert.equal(clockTime("2026-12-01T14:02:00Z", "America/New_York"), "09:02");
  assert.equal(clockTime("not a time", "UTC"), "");
  assert.equal(clockTime(null, "UTC"), "");
});
