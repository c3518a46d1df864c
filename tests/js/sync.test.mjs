import { test } from "node:test";
import assert from "node:assert/strict";

import {
  AutoSaver, createTabSignal, createTransport, nextDelay, outcomeOf, DEBOUNCE_MS, MAX_WAIT_MS,
} from "../../interviewkit/static/js/scorecard/sync.js";

/** A clock and timers the test moves by hand. */
function fakeTime() {
  let now = 0;
  let seq = 0;
  const pending = new Map();
  return {
    now: () => now,
    timers: {
      setTimeout(fn, ms) { seq += 1; pending.set(seq, { at: now + ms, fn }); return seq; },
      clearTimeout(id) { pending.delete(id); },
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) { break; }
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = until;
      await flush();
    },
    get pending() { return pending.size; },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

function harness({ canSave = () => true } = {}) {
  const time = fakeTime();
  const calls = [];
  const answers = [];
  let content = "a";
  let saved = "";
  let keys = 0;
  const saver = new AutoSaver({
    post: (payload, key) => { const d = deferred(); calls.push({ payload, key, d }); return d.promise; },
    snapshot: () => ({ body: content, payload: { content } }),
    lastSaved: () => saved,
    canSave,
    onAnswer: (result, body) => { answers.push({ result, body }); if (result.status === 200) { saved = body; } },
    onNetworkError: () => answers.push({ network: true }),
    onActivity: () => {},
    timers: time.timers,
    now: time.now,
    random: () => 0,
    newKey: () => `k${(keys += 1)}`,
  });
  return {
    time, calls, answers, saver,
    type(text) { content = text; saver.changed(); },
    get saved() { return saved; },
  };
}

test("nextDelay doubles between the bounds", () => {
  assert.equal(nextDelay(0), 1000);
  assert.equal(nextDelay(1000), 2000);
  assert.equal(nextDelay(20000), 30000);
  assert.equal(nextDelay(30000), 30000);
});

test("outcomeOf reads every answer the server gives", () => {
  assert.equal(outcomeOf({ status: 200, data: {} }), "saved");
  assert.equal(outcomeOf({ status: 409, data: { current: {} } }), "conflict");
  assert.equal(outcomeOf({ status: 409, data: { current: {}, locked: true } }), "locked");
  assert.equal(outcomeOf({ status: 422, data: { errors: {} } }), "invalid");
  assert.equal(outcomeOf({ status: 401, data: {} }), "signed-out");
  assert.equal(outcomeOf({ status: 429, data: {} }), "retry");
  assert.equal(outcomeOf({ status: 503, data: {} }), "retry");
  assert.equal(outcomeOf({ status: 400, data: { error: "bad" } }), "refused");
});

test("typing is debounced, and a long burst still saves within the maximum wait", async () => {
  const h = harness();
  h.type("a");
  await h.time.advance(DEBOUNCE_MS - 1);
  assert.equal(h.calls.length, 0);
  await h.time.advance(1);
  assert.equal(h.calls.length, 1);
  h.calls[0].d.resolve({ status: 200, data: {} });
  await flush();

  const h2 = harness();
  for (let t = 0; t < MAX_WAIT_MS + 500; t += 300) { h2.type(`text ${t}`); await h2.time.advance(300); }
  assert.ok(h2.calls.length >= 1, "a save went out during a continuous burst");
});

test("one request at a time; edits made meanwhile go in the next one", async () => {
  const h = harness();
  h.type("first");
  await h.time.advance(DEBOUNCE_MS);
  assert.equal(h.calls.length, 1);
  h.type("second");
  await h.time.advance(DEBOUNCE_MS);
  assert.equal(h.calls.length, 1, "no second request while the first is in flight");
  h.calls[0].d.resolve({ status: 200, data: {} });
  await flush(); await flush();
  assert.equal(h.calls.length, 2);
  assert.deepEqual(h.calls[1].payload, { content: "second" });
  assert.notEqual(h.calls[1].key, h.calls[0].key);
});

test("a lost answer is retried with the same key and backs off", async () => {
  const h = harness();
  h.type("notes");
  await h.time.advance(DEBOUNCE_MS);
  h.calls[0].d.reject(new TypeError("network"));
  await flush(); await flush();
  assert.deepEqual(h.answers, [{ network: true }]);
  assert.ok(h.saver.waiting);
  await h.time.advance(999);
  assert.equal(h.calls.length, 1);
  await h.time.advance(1);
  assert.equal(h.calls.length, 2);
  assert.equal(h.calls[1].key, h.calls[0].key, "same content, same idempotency key");
  h.calls[1].d.reject(new TypeError("network"));
  await flush(); await flush();
  await h.time.advance(1999);
  assert.equal(h.calls.length, 2, "second wait is twice as long");
  await h.time.advance(1);
  assert.equal(h.calls.length, 3);
  h.calls[2].d.resolve({ status: 200, data: {} });
  await flush();
  assert.equal(h.saved, "notes");
});

test("retryNow sends at once when the connection returns", async () => {
  const h = harness();
  h.type("x");
  await h.time.advance(DEBOUNCE_MS);
  h.calls[0].d.reject(new TypeError("network"));
  await flush(); await flush();
  h.saver.retryNow();
  await flush();
  assert.equal(h.calls.length, 2);
  assert.equal(h.saver.waiting, false);
});

test("nothing is sent when the content is what the server has, or saving is paused", async () => {
  let allowed = false;
  const h = harness({ canSave: () => allowed });
  h.type("x");
  await h.time.advance(5000);
  assert.equal(h.calls.length, 0);
  allowed = true;
  h.type("x");
  await h.time.advance(DEBOUNCE_MS);
  h.calls[0].d.resolve({ status: 200, data: {} });
  await flush();
  await h.saver.save();
  assert.equal(h.calls.length, 1);
});

test("idle waits for the request in flight", async () => {
  const h = harness();
  h.type("y");
  await h.time.advance(DEBOUNCE_MS);
  let idle = false;
  h.saver.idle().then(() => { idle = true; });
  await flush();
  assert.equal(idle, false);
  h.calls[0].d.resolve({ status: 200, data: {} });
  await flush(); await flush(); await flush();
  assert.equal(idle, true);
});

function response(status, body, type = "application/json", redirected = false) {
  return { status, ok: status < 400, redirected,
    headers: { get: () => type }, json: async () => body };
}

test("transport refreshes an expired CSRF token once and resends with the same key", async () => {
  const seen = [];
  const replies = [response(400, { csrf: true }), response(200, { csrf_token: "new" }),
    response(200, { ok: true })];
  const fetch = async (url, init) => { seen.push({ url, init }); return replies.shift(); };
  const t = createTransport({ fetch, csrfUrl: "/csrf", token: "old" });
  const result = await t.send("/draft", { a: 1 }, "key-1");
  assert.equal(result.status, 200);
  assert.deepEqual(seen.map((s) => s.url), ["/draft", "/csrf", "/draft"]);
  assert.equal(seen[0].init.headers["X-CSRFToken"], "old");
  assert.equal(seen[2].init.headers["X-CSRFToken"], "new");
  assert.equal(seen[2].init.headers["Idempotency-Key"], "key-1");
  assert.equal(t.token, "new");
});

test("transport reads a sign-in page as signed out and a proxy error as retryable", async () => {
  const t1 = createTransport({ fetch: async () => response(200, null, "text/html", true), csrfUrl: "/c" });
  assert.equal((await t1.send("/d", {}, "k")).status, 401);
  const t2 = createTransport({ fetch: async () => response(502, null, "text/html"), csrfUrl: "/c" });
  assert.equal(outcomeOf(await t2.send("/d", {}, "k")), "retry");
  const t3 = createTransport({ fetch: async () => { throw new TypeError("offline"); }, csrfUrl: "/c" });
  await assert.rejects(t3.send("/d", {}, "k"));
});

test("tabs hear each other's saves but not their own", () => {
  const listeners = [];
  const bus = () => {
    const ch = { onmessage: null, postMessage(data) { listeners.filter((l) => l !== ch).forEach((l) => l.onmessage({ data })); }, close() {} };
    listeners.push(ch);
    return ch;
  };
  const heardA = [];
  const heardB = [];
  const a = createTabSignal(bus(), "A", (v) => heardA.push(v));
  createTabSignal(bus(), "B", (v) => heardB.push(v));
  a.announce(7);
  assert.deepEqual(heardB, [7]);
  assert.deepEqual(heardA, []);
  const none = createTabSignal(null, "C", () => {});
  none.announce(1);  // no BroadcastChannel: a no-op
});
