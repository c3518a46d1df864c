/* Getting a scorecard's edits to the server: the transport and the autosave queue.
 *
 * fetch, timers, the clock and randomness are injected, so tests drive every path (debounce,
 * a request in flight, retries with back-off, a lost answer) without a browser or a network.
 * Nothing here touches the DOM or browser storage.
 */

export const DEBOUNCE_MS = 700;    // quiet time after the last keystroke before saving
export const MAX_WAIT_MS = 2000;   // never wait longer than this after the first unsaved change
export const RETRY_MIN_MS = 1000;
export const RETRY_MAX_MS = 30000;

/** The next wait when retrying: twice the last, between the bounds. */
export function nextDelay(previous, min = RETRY_MIN_MS, max = RETRY_MAX_MS) {
  return Math.min(max, Math.max(min, previous * 2));
}

/**
 * What a response means for the page.
 *
 * saved | conflict | locked | invalid | signed-out | retry | refused
 */
export function outcomeOf(result) {
  const { status, data } = result;
  if (status === 200) { return "saved"; }
  if (status === 409 && data && data.current) { return data.locked ? "locked" : "conflict"; }
  if (status === 422 && data && data.errors) { return "invalid"; }
  if (status === 401) { return "signed-out"; }
  if (status === 429 || status >= 500) { return "retry"; }
  return "refused";
}

/**
 * POST JSON with the CSRF token and an optional idempotency key.
 *
 * Resolves with {status, data}; rejects only when the network fails. A 400 that says the CSRF
 * token expired fetches a fresh token and sends once more with the same key. A reply that is not
 * JSON (a sign-in page, a proxy's error page) is read as signed out or server trouble.
 */
export function createTransport({ fetch, csrfUrl, token }) {
  let csrfToken = token || "";
  let signedOut = false;

  async function refreshToken() {
    const res = await fetch(csrfUrl, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    });
    if (res.status === 401) { signedOut = true; return; }
    if (!res.ok) { return; }
    const data = await res.json();
    csrfToken = (data && data.csrf_token) || csrfToken;
  }

  async function send(url, payload, key, retried = false) {
    const headers = {
      "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken,
    };
    if (key) { headers["Idempotency-Key"] = key; }
    const res = await fetch(url, {
      method: "POST", credentials: "same-origin", cache: "no-store", headers,
      body: JSON.stringify(payload),
    });
    const type = (res.headers && res.headers.get("Content-Type")) || "";
    if (!type.includes("application/json")) {
      return { status: res.redirected ? 401 : (res.status >= 500 ? res.status : 503), data: {} };
    }
    const data = (await res.json()) || {};
    if (res.status === 400 && data.csrf && !retried) {
      await refreshToken();
      return send(url, payload, key, true);
    }
    return { status: res.status, data };
  }

  async function get(url) {
    const res = await fetch(url, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    });
    const type = (res.headers && res.headers.get("Content-Type")) || "";
    if (!type.includes("application/json")) { return { status: res.redirected ? 401 : 503, data: {} }; }
    return { status: res.status, data: (await res.json()) || {} };
  }

  return {
    send, get, refreshToken,
    get token() { return csrfToken; },
    get signedOut() { return signedOut; },
  };
}

/**
 * The autosave queue: debounced, one request at a time, the same key for the same body.
 *
 * options:
 *   post(payload, key) -> Promise<{status, data}>   (rejects when the network fails)
 *   snapshot() -> {body, payload}   body: the canonical content string; payload: what to send
 *   lastSaved() -> string           the canonical content the server is known to hold
 *   canSave() -> boolean            false while a conflict is open, a submit runs, or read-only
 *   onAnswer(result, body)          a definite answer arrived (any status)
 *   onNetworkError()                the request never got an answer
 *   onActivity()                    something changed that the status line shows
 *   timers {setTimeout, clearTimeout}, now(), random(), newKey()
 */
export class AutoSaver {
  constructor(options) {
    this.o = options;
    this.timers = options.timers;
    this.saveTimer = null;
    this.firstChangeAt = 0;
    this.retryTimer = null;
    this.retryDelay = 0;
    this.retryFn = null;
    this.inFlight = null;
    this.queued = false;
    this.pendingBody = null;
    this.pendingKey = null;
  }

  /** An edit happened: save after a quiet spell, but never later than MAX_WAIT_MS. */
  changed() {
    if (!this.o.canSave()) { return; }
    const now = this.o.now();
    if (!this.saveTimer) { this.firstChangeAt = now; }
    this.timers.clearTimeout(this.saveTimer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstChangeAt + MAX_WAIT_MS - now));
    this.saveTimer = this.timers.setTimeout(() => { this.saveTimer = null; this.save(); }, wait);
  }

  /** Save now (or after the request in flight); resolves when this round is over. */
  save() {
    if (!this.o.canSave()) { return Promise.resolve(); }
    if (this.inFlight) { this.queued = true; return this.inFlight; }
    const { body, payload } = this.o.snapshot();
    if (body === this.o.lastSaved()) { this.o.onActivity(); return Promise.resolve(); }
    // A retry of the same content reuses its key, so a save whose answer was lost is not
    // applied twice; new content gets a new key.
    if (body !== this.pendingBody) { this.pendingBody = body; this.pendingKey = this.o.newKey(); }
    this.cancelRetry();
    this.inFlight = this.o.post(payload, this.pendingKey).then((result) => {
      this.inFlight = null;
      this.o.onAnswer(result, body);
    }, () => {
      this.inFlight = null;
      this.o.onNetworkError();
      this.retryLater(() => this.save());
    }).then(() => {
      if (this.queued) { this.queued = false; return this.save(); }
      return undefined;
    });
    this.o.onActivity();
    return this.inFlight;
  }

  /** Try again later, waiting twice as long each time (1 s up to 30 s, plus jitter). */
  retryLater(fn) {
    this.timers.clearTimeout(this.retryTimer);
    this.retryDelay = nextDelay(this.retryDelay);
    const wait = this.retryDelay + Math.floor(this.o.random() * 300);
    this.retryFn = fn;
    this.retryTimer = this.timers.setTimeout(() => { this.retryFn = null; fn(); }, wait);
    return wait;
  }

  /** The connection is back (or the tab regained focus): run what waits, at once. */
  retryNow() {
    const fn = this.retryFn;
    this.cancelRetry();
    this.retryDelay = 0;
    if (fn) { fn(); } else { this.save(); }
  }

  get waiting() { return this.retryFn !== null; }

  resetBackoff() { this.retryDelay = 0; }

  cancelRetry() {
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryFn = null;
  }

  cancelPending() {
    this.timers.clearTimeout(this.saveTimer);
    this.saveTimer = null;
  }

  /** Resolve once no save is pending or in flight (before a submit). */
  idle() {
    this.cancelPending();
    return this.inFlight ? this.inFlight.then(() => this.idle()) : Promise.resolve();
  }
}

/**
 * Tell other tabs of the same scorecard when this one saved, and hear when they did.
 *
 * `channel` is a BroadcastChannel (or anything with postMessage and onmessage). A message is
 * {tab, version}; `onNewer(version)` is called when another tab saved a newer version.
 */
export function createTabSignal(channel, tabId, onNewer) {
  if (!channel) { return { announce() {}, close() {} }; }
  channel.onmessage = (event) => {
    const data = event && event.data;
    if (!data || data.tab === tabId || typeof data.version !== "number") { return; }
    onNewer(data.version);
  };
  return {
    announce(version) { channel.postMessage({ tab: tabId, version }); },
    close() { channel.close(); },
  };
}
