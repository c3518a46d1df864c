/* The scorecard page: autosave, offline retry, conflicts, flag proposals, submit, amend.
 *
 * Nothing typed is lost: edits live on the page until the server has them. Saves are
 * debounced, carry the version they were based on and an idempotency key, and retry with
 * exponential back-off while the network is down. Nothing is written to browser storage and
 * nothing typed is logged.
 */
(function () {
  "use strict";

  var root = document.getElementById("scorecard-app");
  if (!root) { return; }

  var DEBOUNCE_MS = 700;      // quiet time after the last keystroke before saving
  var MAX_WAIT_MS = 2000;     // never wait longer than this after the first unsaved change
  var RETRY_MIN_MS = 1000;
  var RETRY_MAX_MS = 30000;

  var initial = JSON.parse(document.getElementById("scorecard-initial").textContent);
  var urls = initial.urls;
  var fieldset = document.getElementById("scorecard-fields");
  var saveState = document.getElementById("save-state");
  var offlineBanner = document.getElementById("offline-banner");
  var signedOutBanner = document.getElementById("signed-out-banner");
  var proposalList = document.getElementById("proposals");
  var proposalsEmpty = document.getElementById("proposals-empty");
  var errorSummary = document.getElementById("error-summary");
  var errorList = document.getElementById("error-list");
  var conflictPanel = document.getElementById("conflict-panel");
  var submitBtn = document.getElementById("submit-btn");
  var amendBtn = document.getElementById("amend-btn");
  var amendSave = document.getElementById("amend-save");
  var amendCancel = document.getElementById("amend-cancel");

  var csrfToken = root.dataset.csrf || "";
  var mode = root.dataset.mode;            // edit | view | amend | locked
  var server = initial.scorecard;          // the last copy known to be on the server
  var version = server.version;
  var decisions = clone(server.flag_decisions || {});
  var proposals = initial.proposals || [];
  var lastSaved = canonical(contentOf(server));
  var lastSavedAt = server.updated_at;

  var saveTimer = null;
  var firstChangeAt = 0;
  var retryTimer = null;
  var retryDelay = 0;
  var inFlight = null;                     // promise of the request under way
  var queued = false;
  var pendingBody = null;                  // the body a draft key belongs to
  var pendingKey = null;
  var actionKey = uuid();                  // submit/amend: one key per form load
  var conflictOpen = false;
  var networkDown = !navigator.onLine;
  var signedOut = false;
  var leaving = false;
  var busy = false;                        // a submit or amendment is under way
  var proposalTimer = null;

  // --- small helpers ----------------------------------------------------------------------

  function clone(value) { return JSON.parse(JSON.stringify(value)); }

  function sortKeys(value) {
    if (Array.isArray(value)) { return value.map(sortKeys); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).sort().forEach(function (k) { out[k] = sortKeys(value[k]); });
      return out;
    }
    return value;
  }

  function canonical(content) { return JSON.stringify(sortKeys(content)); }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; getRandomValues works on plain http too.
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x < 16 ? "0" : "") + x.toString(16);
    }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" +
      h.slice(16, 20) + "-" + h.slice(20);
  }

  function hhmm(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return ""; }
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function show(node, visible) { if (node) { node.classList.toggle("d-none", !visible); } }

  // --- the form's content -------------------------------------------------------------------

  function criteria() {
    return Array.prototype.map.call(document.querySelectorAll(".criterion"), function (node) {
      return { id: node.dataset.criterion, name: node.dataset.name };
    });
  }

  /* Return a scorecard's content in the shape the form produces, for comparing. */
  function contentOf(card) {
    var evidence = {};
    Object.keys(card.evidence || {}).forEach(function (k) {
      if (card.evidence[k]) { evidence[k] = card.evidence[k]; }
    });
    var probes = {};
    Object.keys(card.probes || {}).forEach(function (k) {
      if (card.probes[k]) { probes[k] = card.probes[k]; }
    });
    return {
      ratings: clone(card.ratings || {}), evidence: evidence, probes: probes,
      observed: (card.observed || []).slice().sort(),
      flag_decisions: clone(card.flag_decisions || {}),
      notes: card.notes || "", recommendation: card.recommendation || null
    };
  }

  function collect() {
    var ratings = {};
    document.querySelectorAll(".rating-input:checked").forEach(function (input) {
      ratings[input.dataset.criterion] = input.value === "none" ? null : Number(input.value);
    });
    var evidence = {};
    document.querySelectorAll("textarea.evidence").forEach(function (area) {
      if (area.value) { evidence[area.dataset.evidence] = area.value; }
    });
    var probes = {};
    document.querySelectorAll(".probe-input:checked").forEach(function (input) {
      if (input.value) { probes[input.dataset.probe] = input.value; }
    });
    var observed = [];
    document.querySelectorAll(".flag-input:checked").forEach(function (input) {
      observed.push(input.value);
    });
    observed.sort();
    var rec = document.querySelector(".rec-input:checked");
    return {
      ratings: ratings, evidence: evidence, probes: probes, observed: observed,
      flag_decisions: clone(decisions),
      notes: document.getElementById("notes").value,
      recommendation: rec ? rec.value : null
    };
  }

  function applyContent(content) {
    document.querySelectorAll(".rating-input").forEach(function (input) {
      var has = Object.prototype.hasOwnProperty.call(content.ratings, input.dataset.criterion);
      var value = has ? content.ratings[input.dataset.criterion] : undefined;
      input.checked = has && (value === null ? input.value === "none" : input.value === String(value));
    });
    document.querySelectorAll("textarea.evidence").forEach(function (area) {
      area.value = content.evidence[area.dataset.evidence] || "";
    });
    document.querySelectorAll(".probe-input").forEach(function (input) {
      input.checked = (content.probes[input.dataset.probe] || "") === input.value;
    });
    document.querySelectorAll(".flag-input").forEach(function (input) {
      input.checked = content.observed.indexOf(input.value) !== -1;
    });
    document.querySelectorAll(".rec-input").forEach(function (input) {
      input.checked = input.value === content.recommendation;
    });
    document.getElementById("notes").value = content.notes || "";
    decisions = clone(content.flag_decisions || {});
    renderProposals(true);
  }

  function isDirty() { return canonical(collect()) !== lastSaved; }

  // --- status line ---------------------------------------------------------------------------

  function setStatus(text, kind) {
    saveState.textContent = text;
    saveState.dataset.state = kind;
  }

  function refreshStatus() {
    show(offlineBanner, networkDown);
    show(signedOutBanner, signedOut && !networkDown);
    if (mode === "view" || mode === "locked") { return; }
    if (inFlight) { setStatus("Saving…", "saving"); return; }
    if (isDirty()) {
      setStatus(networkDown ? "Offline: changes kept on this page" :
        (signedOut ? "Signed out: changes kept on this page" : "Unsaved changes"), "dirty");
      return;
    }
    setStatus(lastSavedAt ? "Saved " + hhmm(lastSavedAt) : "Nothing saved yet", "saved");
  }

  function showCardState(status) {
    var badge = document.getElementById("card-state");
    if (!badge || !status) { return; }
    badge.textContent = status === "submitted" ? "Submitted" : "Draft";
    badge.className = "badge card-state card-state-" + status;
  }

  function markOnline() {
    if (networkDown) { networkDown = false; }
    signedOut = false;
    retryDelay = 0;
  }

  function markOffline() { networkDown = true; }

  // --- talking to the server ---------------------------------------------------------------

  function refreshToken() {
    return fetch(urls.csrf, {
      credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
    }).then(function (res) {
      if (res.status === 401) { signedOut = true; return; }
      if (!res.ok) { return; }
      return res.json().then(function (data) { csrfToken = data.csrf_token || csrfToken; });
    });
  }

  /* POST JSON; resolve with {status, data}; reject only when the network fails. */
  function send(url, payload, key, retried) {
    var headers = {
      "Content-Type": "application/json", "Accept": "application/json",
      "X-CSRFToken": csrfToken
    };
    if (key) { headers["Idempotency-Key"] = key; }
    return fetch(url, {
      method: "POST", credentials: "same-origin", cache: "no-store", headers: headers,
      body: JSON.stringify(payload)
    }).then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // A sign-in page or a proxy's error page: treat it as signed out / server trouble.
        return { status: res.redirected ? 401 : (res.status >= 500 ? res.status : 503), data: {} };
      }
      return res.json().then(function (data) {
        if (res.status === 400 && data && data.csrf && !retried) {
          // The session was renewed elsewhere: fetch a fresh token and send again, same key.
          return refreshToken().then(function () { return send(url, payload, key, true); });
        }
        return { status: res.status, data: data || {} };
      });
    });
  }

  var retryFn = null;

  /* Try again later, waiting twice as long each time (1 s up to 30 s). */
  function scheduleRetry(fn) {
    clearTimeout(retryTimer);
    retryDelay = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, retryDelay * 2));
    var wait = retryDelay + Math.floor(Math.random() * 300);
    retryFn = fn;
    retryTimer = setTimeout(function () { retryFn = null; fn(); }, wait);
  }

  function retryNow() {
    var fn = retryFn;
    clearTimeout(retryTimer);
    retryFn = null;
    retryDelay = 0;
    if (fn) { fn(); } else if (mode === "edit" && !busy) { save(); }
  }

  // --- autosave ---------------------------------------------------------------------------

  function changed(event) {
    if (event && event.target && event.target.id) { clearFieldError(event.target); }
    if (mode === "amend") { scheduleProposals(); refreshStatus(); return; }
    if (mode !== "edit") { return; }
    refreshStatus();
    if (conflictOpen) { return; }
    var now = Date.now();
    if (!saveTimer) { firstChangeAt = now; }
    clearTimeout(saveTimer);
    var wait = Math.max(0, Math.min(DEBOUNCE_MS, firstChangeAt + MAX_WAIT_MS - now));
    saveTimer = setTimeout(function () { saveTimer = null; save(); }, wait);
  }

  function save() {
    if (mode !== "edit" || conflictOpen || busy) { return Promise.resolve(); }
    if (inFlight) { queued = true; return inFlight; }
    var content = collect();
    var body = canonical(content);
    if (body === lastSaved) { refreshStatus(); return Promise.resolve(); }
    if (body !== pendingBody) { pendingBody = body; pendingKey = uuid(); }
    var payload = Object.assign({ version: version }, content);
    clearTimeout(retryTimer);
    retryFn = null;
    inFlight = send(urls.draft, payload, pendingKey).then(function (result) {
      inFlight = null;
      handleSaved(result, body);
    }, function () {
      inFlight = null;
      markOffline();
      refreshStatus();
      scheduleRetry(save);
    }).then(function () {
      if (queued) { queued = false; return save(); }
      return undefined;
    });
    refreshStatus();
    return inFlight;
  }

  function handleSaved(result, body) {
    var data = result.data;
    if (result.status === 200) {
      markOnline();
      version = data.version;
      server = data.scorecard;
      lastSaved = canonical(contentOf(server));
      lastSavedAt = data.saved_at;
      showCardState(server.status);
      if (data.proposals) { proposals = data.proposals; renderProposals(false); }
      refreshStatus();
      if (isDirty()) { changed(); }
      return;
    }
    if (result.status === 409 && data.current) {
      markOnline();
      if (canonical(contentOf(data.current)) === body) {
        // Our own earlier attempt landed before its answer was lost: adopt it and go on.
        version = data.current.version;
        server = data.current;
        lastSaved = body;
        lastSavedAt = data.current.updated_at;
        refreshStatus();
        if (isDirty()) { changed(); }
        return;
      }
      openConflict(data.current, data.error);
      return;
    }
    if (result.status === 401) {
      signedOut = true;
      refreshStatus();
      scheduleRetry(save);
      return;
    }
    if (result.status === 429 || result.status >= 500) {
      refreshStatus();
      scheduleRetry(save);
      return;
    }
    markOnline();
    setStatus("Could not save: " + (data.error || "the server refused this change"), "error");
  }

  // --- flag proposals ------------------------------------------------------------------------

  function scheduleProposals() {
    clearTimeout(proposalTimer);
    proposalTimer = setTimeout(function () {
      send(urls.flags, collect(), null).then(function (result) {
        if (result.status === 200) { proposals = result.data.proposals || []; renderProposals(false); }
      }, function () { markOffline(); refreshStatus(); });
    }, DEBOUNCE_MS);
  }

  var proposalNodes = {};

  function proposalEditable() { return mode === "edit" || mode === "amend"; }

  function renderProposals(force) {
    var ids = proposals.map(function (p) { return p.id; });
    Object.keys(proposalNodes).forEach(function (id) {
      if (ids.indexOf(id) === -1 || force) {
        proposalNodes[id].remove();
        delete proposalNodes[id];
      }
    });
    proposals.forEach(function (p) {
      var node = proposalNodes[p.id];
      if (!node) {
        node = buildProposal(p);
        proposalNodes[p.id] = node;
      }
      node.querySelector(".because").textContent = p.because;
      proposalList.appendChild(node);  // keeps the server's order (most severe first)
    });
    show(proposalsEmpty, proposals.length === 0);
  }

  function buildProposal(p) {
    var li = el("li", "proposal card mb-2 sev-" + p.severity);
    li.dataset.flag = p.id;
    var body = el("div", "card-body");
    var head = el("div", "d-flex flex-wrap align-items-center gap-2 mb-1");
    head.appendChild(el("span", "badge sev-badge sev-badge-" + p.severity, p.severity));
    head.appendChild(el("strong", "proposal-label", p.label));
    body.appendChild(head);
    body.appendChild(el("p", "because small mb-2", p.because));
    var controls = el("div", "proposal-controls");
    body.appendChild(controls);
    var error = el("div", "field-error");
    error.dataset.errorFor = "flags." + p.id;
    body.appendChild(error);
    li.appendChild(body);
    drawDecision(li, p);
    return li;
  }

  function drawDecision(li, p) {
    var controls = li.querySelector(".proposal-controls");
    controls.replaceChildren();
    var decision = decisions[p.id];
    var editable = proposalEditable();
    if (!decision) {
      if (!editable) { controls.appendChild(el("p", "small text-muted mb-0", "Not answered.")); return; }
      var row = el("div", "d-flex flex-wrap gap-2");
      var confirm = el("button", "btn btn-outline-danger proposal-confirm", "Confirm flag");
      confirm.type = "button";
      confirm.addEventListener("click", function () { decide(li, p, "confirmed"); });
      var dismiss = el("button", "btn btn-outline-secondary proposal-dismiss", "Dismiss");
      dismiss.type = "button";
      dismiss.addEventListener("click", function () { decide(li, p, "dismissed"); });
      row.appendChild(confirm);
      row.appendChild(dismiss);
      controls.appendChild(row);
      return;
    }
    var state = el("div", "d-flex flex-wrap align-items-center gap-2");
    state.appendChild(el("span", "decision-state decision-" + decision.decision,
      decision.decision === "confirmed" ? "Confirmed" : "Dismissed"));
    if (editable) {
      var undo = el("button", "btn btn-link proposal-undo", "Change");
      undo.type = "button";
      undo.addEventListener("click", function () { decide(li, p, null); });
      state.appendChild(undo);
    }
    controls.appendChild(state);
    if (decision.decision === "dismissed") {
      var id = "dismiss-reason-" + p.id;
      var label = el("label", "form-label small mt-2", "Why dismiss it?");
      label.htmlFor = id;
      var area = el("textarea", "form-control dismiss-reason");
      area.id = id;
      area.rows = 2;
      area.value = decision.reason || "";
      area.disabled = !editable;
      area.addEventListener("input", function (event) {
        decisions[p.id].reason = area.value;
        changed(event);
      });
      controls.appendChild(label);
      controls.appendChild(area);
    }
  }

  function decide(li, p, decision) {
    if (decision === null) {
      delete decisions[p.id];
    } else {
      decisions[p.id] = { decision: decision, reason: "", because: p.because };
    }
    drawDecision(li, p);
    clearError("flags." + p.id);
    if (decision === "dismissed") { li.querySelector(".dismiss-reason").focus(); }
    changed();
  }

  // --- errors at the fields ------------------------------------------------------------------

  function clearError(key) {
    var node = document.querySelector('[data-error-for="' + cssEscape(key) + '"]');
    if (node) { node.textContent = ""; node.classList.remove("shown"); }
    var item = errorList.querySelector('[data-key="' + cssEscape(key) + '"]');
    if (item) { item.remove(); }
    if (!errorList.children.length) { show(errorSummary, false); }
  }

  function clearFieldError(target) {
    if (target.dataset.evidence) { clearError("evidence." + target.dataset.evidence); }
    if (target.dataset.criterion) { clearError("ratings." + target.dataset.criterion); }
    if (target.classList.contains("rec-input")) { clearError("recommendation"); }
    target.classList.remove("is-invalid");
  }

  function cssEscape(text) {
    return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/["\\]/g, "\\$&");
  }

  function fieldFor(key) {
    var parts = key.split(".");
    if (parts[0] === "evidence") { return document.getElementById("evidence-" + parts[1]); }
    if (parts[0] === "ratings") { return document.getElementById("rating-" + parts[1] + "-1"); }
    if (parts[0] === "recommendation") { return document.querySelector(".rec-input"); }
    if (parts[0] === "flags") {
      var li = proposalNodes[parts[1]];
      return li ? li.querySelector("button, textarea") : null;
    }
    return null;
  }

  function showErrors(errors) {
    document.querySelectorAll("[data-error-for]").forEach(function (node) {
      node.textContent = "";
      node.classList.remove("shown");
    });
    document.querySelectorAll(".is-invalid").forEach(function (n) { n.classList.remove("is-invalid"); });
    errorList.replaceChildren();
    Object.keys(errors).forEach(function (key) {
      var node = document.querySelector('[data-error-for="' + cssEscape(key) + '"]');
      if (node) { node.textContent = errors[key]; node.classList.add("shown"); }
      var field = fieldFor(key);
      if (field && field.tagName === "TEXTAREA") { field.classList.add("is-invalid"); }
      var item = el("li");
      item.dataset.key = key;
      if (field) {
        var link = el("a", null, errors[key]);
        link.href = "#";
        link.addEventListener("click", function (event) {
          event.preventDefault();
          field.focus();
          field.scrollIntoView({ block: "center" });
        });
        item.appendChild(link);
      } else {
        item.textContent = errors[key];
      }
      errorList.appendChild(item);
    });
    show(errorSummary, Object.keys(errors).length > 0);
    if (Object.keys(errors).length) {
      errorSummary.focus();
      errorSummary.scrollIntoView({ block: "start" });
    }
  }

  // --- submit and amend ----------------------------------------------------------------------

  function waitIdle() {
    clearTimeout(saveTimer);
    saveTimer = null;
    return inFlight ? inFlight.then(waitIdle) : Promise.resolve();
  }

  var submitKind = "submit";

  function act(kind, button, label) {
    if (busy || conflictOpen) { return; }
    busy = true;
    fieldset.disabled = true;  // what is sent is what was on the page at this moment
    button.disabled = true;
    button.textContent = kind === "submit" ? "Submitting…" : "Saving amendment…";
    clearTimeout(retryTimer);
    retryFn = null;
    waitIdle().then(function () { attempt(kind, button, label); });
  }

  function attempt(kind, button, label) {
    var content = collect();
    var payload = Object.assign({ version: version }, content);
    send(kind === "submit" ? urls.submit : urls.amend, payload, actionKey).then(
      function (result) { afterAct(kind, button, label, result, content); },
      function () {
        markOffline();
        refreshStatus();
        button.textContent = "Waiting for the connection…";
        // Same key: if the first attempt reached the server, the retry gets its answer.
        scheduleRetry(function () { attempt(kind, button, label); });
      });
  }

  function release(button, label) {
    busy = false;
    fieldset.disabled = !(mode === "edit" || mode === "amend");
    button.disabled = false;
    button.textContent = label;
  }

  function afterAct(kind, button, label, result, content) {
    var data = result.data;
    if (result.status === 200) {
      markOnline();
      lastSaved = canonical(content);
      leaving = true;
      window.location.assign(data.redirect || urls.page);
      return;
    }
    if (result.status === 401) {
      signedOut = true;
      refreshStatus();
      button.textContent = "Waiting for you to sign in…";
      scheduleRetry(function () { attempt(kind, button, label); });
      return;
    }
    if (result.status === 429 || result.status >= 500) {
      button.textContent = "Retrying…";
      scheduleRetry(function () { attempt(kind, button, label); });
      return;
    }
    markOnline();
    release(button, label);
    actionKey = uuid();  // a definite answer: the next attempt is a new request
    if (result.status === 422 && data.errors) {
      if (kind === "submit" && data.scorecard) {
        version = data.version;
        server = data.scorecard;
        lastSaved = canonical(contentOf(server));
        lastSavedAt = data.scorecard.updated_at;
      }
      showErrors(data.errors);
      refreshStatus();
      return;
    }
    if (result.status === 409 && data.current) {
      openConflict(data.current, data.error);
      return;
    }
    showErrors({ form: data.error || "The server refused this request." });
  }

  if (submitBtn) {
    submitBtn.addEventListener("click", function () {
      act(submitKind, submitBtn, submitKind === "submit" ? "Submit scorecard" : "Save amendment");
    });
  }

  if (amendBtn) {
    amendBtn.addEventListener("click", function () {
      mode = "amend";
      fieldset.disabled = false;
      show(amendBtn, false);
      show(amendSave, true);
      show(amendCancel, true);
      renderProposals(true);
      refreshStatus();
      var first = document.querySelector(".rating-input");
      if (first) { first.focus(); }
    });
    amendSave.addEventListener("click", function () {
      act("amend", amendSave, "Save amendment");
    });
    amendCancel.addEventListener("click", function () {
      if (isDirty() && !window.confirm("Discard the changes you made to this scorecard?")) {
        return;
      }
      leaving = true;
      window.location.assign(urls.page);
    });
  }

  // --- conflicts: both versions side by side --------------------------------------------------

  var conflictRows = [];
  var conflictCurrent = null;

  function ratingText(value, has) {
    if (!has) { return "Not rated"; }
    return value === null ? "No signal" : String(value);
  }

  function probeText(probeId, optionId) {
    if (!optionId) { return "Not asked"; }
    var input = document.getElementById("probe-" + probeId + "-" + optionId);
    return input ? input.dataset.label : optionId;
  }

  function flagsText(ids) {
    if (!ids.length) { return "None"; }
    return ids.map(function (id) {
      var input = document.getElementById("flag-" + id);
      return input ? input.dataset.label : id;
    }).join(", ");
  }

  function decisionsText(map) {
    var keys = Object.keys(map).sort();
    if (!keys.length) { return "None"; }
    return keys.map(function (k) {
      var d = map[k];
      return k + ": " + d.decision + (d.reason ? " (" + d.reason + ")" : "");
    }).join("; ");
  }

  function recText(rec) {
    if (!rec) { return "None"; }
    var input = document.getElementById("rec-" + rec);
    return input ? input.labels[0].textContent : rec;
  }

  function diffRows(mine, theirs) {
    var rows = [];
    function add(label, a, b, take) {
      if (canonical(a.value) !== canonical(b.value)) {
        rows.push({ label: label, mine: a.text, theirs: b.text, take: take });
      }
    }
    criteria().forEach(function (c) {
      var hasA = Object.prototype.hasOwnProperty.call(mine.ratings, c.id);
      var hasB = Object.prototype.hasOwnProperty.call(theirs.ratings, c.id);
      add("Rating: " + c.name,
        { value: hasA ? mine.ratings[c.id] : "unset", text: ratingText(mine.ratings[c.id], hasA) },
        { value: hasB ? theirs.ratings[c.id] : "unset", text: ratingText(theirs.ratings[c.id], hasB) },
        function (target, source) {
          if (Object.prototype.hasOwnProperty.call(source.ratings, c.id)) {
            target.ratings[c.id] = source.ratings[c.id];
          } else { delete target.ratings[c.id]; }
        });
      add("Evidence: " + c.name,
        { value: mine.evidence[c.id] || "", text: mine.evidence[c.id] || "(empty)" },
        { value: theirs.evidence[c.id] || "", text: theirs.evidence[c.id] || "(empty)" },
        function (target, source) { target.evidence[c.id] = source.evidence[c.id] || ""; });
    });
    document.querySelectorAll(".probe").forEach(function (node) {
      var id = node.dataset.probe;
      add("Probe: " + node.querySelector(".probe-question").textContent,
        { value: mine.probes[id] || "", text: probeText(id, mine.probes[id]) },
        { value: theirs.probes[id] || "", text: probeText(id, theirs.probes[id]) },
        function (target, source) { target.probes[id] = source.probes[id] || ""; });
    });
    add("Weak signals you noticed",
      { value: mine.observed, text: flagsText(mine.observed) },
      { value: theirs.observed, text: flagsText(theirs.observed) },
      function (target, source) { target.observed = source.observed.slice(); });
    add("Answers to proposed flags",
      { value: mine.flag_decisions, text: decisionsText(mine.flag_decisions) },
      { value: theirs.flag_decisions, text: decisionsText(theirs.flag_decisions) },
      function (target, source) { target.flag_decisions = clone(source.flag_decisions); });
    add("Notes",
      { value: mine.notes, text: mine.notes || "(empty)" },
      { value: theirs.notes, text: theirs.notes || "(empty)" },
      function (target, source) { target.notes = source.notes; });
    add("Overall recommendation",
      { value: mine.recommendation, text: recText(mine.recommendation) },
      { value: theirs.recommendation, text: recText(theirs.recommendation) },
      function (target, source) { target.recommendation = source.recommendation; });
    return rows;
  }

  function openConflict(current, message) {
    clearTimeout(saveTimer);
    saveTimer = null;
    clearTimeout(retryTimer);
    var mine = collect();
    var theirs = contentOf(current);
    conflictCurrent = current;
    conflictRows = diffRows(mine, theirs);
    if (!conflictRows.length) {
      // Same content under a newer version: nothing to choose.
      adoptServer(current);
      return;
    }
    conflictOpen = true;
    var container = document.getElementById("conflict-rows");
    container.replaceChildren();
    var savedWhen = current.updated_at ? " (saved " + hhmm(current.updated_at) + ")" : "";
    conflictRows.forEach(function (row, index) {
      var fs = el("fieldset", "conflict-row");
      fs.appendChild(el("legend", "h6", row.label));
      var grid = el("div", "conflict-choices");
      [["mine", "Yours, on this page", row.mine], ["theirs", "Saved version" + savedWhen, row.theirs]]
        .forEach(function (choice) {
          var id = "conflict-" + index + "-" + choice[0];
          var input = el("input", "btn-check");
          input.type = "radio";
          input.name = "conflict-" + index;
          input.id = id;
          input.value = choice[0];
          input.checked = choice[0] === "mine";
          var label = el("label", "btn btn-outline-dark conflict-choice");
          label.htmlFor = id;
          label.appendChild(el("span", "conflict-choice-title", choice[1]));
          label.appendChild(el("span", "conflict-choice-text", choice[2]));
          grid.appendChild(input);
          grid.appendChild(label);
        });
      fs.appendChild(grid);
      container.appendChild(fs);
    });
    if (message) { document.getElementById("conflict-text").textContent = message; }
    show(conflictPanel, true);
    conflictPanel.focus();
    conflictPanel.scrollIntoView({ block: "start" });
    setStatus("Changed elsewhere: choose what to keep", "conflict");
  }

  function adoptServer(current) {
    version = current.version;
    server = current;
    lastSaved = canonical(contentOf(current));
    lastSavedAt = current.updated_at;
    refreshStatus();
  }

  function chooseAll(which) {
    conflictRows.forEach(function (_, index) {
      document.getElementById("conflict-" + index + "-" + which).checked = true;
    });
  }

  function resolveConflict() {
    var merged = collect();
    var theirs = contentOf(conflictCurrent);
    conflictRows.forEach(function (row, index) {
      if (document.getElementById("conflict-" + index + "-theirs").checked) {
        row.take(merged, theirs);
      }
    });
    var current = conflictCurrent;
    conflictOpen = false;
    conflictCurrent = null;
    show(conflictPanel, false);
    version = current.version;
    server = current;
    lastSaved = canonical(contentOf(current));
    lastSavedAt = current.updated_at;
    applyContent(merged);
    if (current.status === "submitted" && mode === "edit") {
      // Submitted from another tab: what stays different is saved as an amendment.
      mode = "amend";
      submitKind = "amend";
      if (submitBtn) { submitBtn.textContent = "Save amendment"; }
    }
    refreshStatus();
    if (mode === "edit") { save(); }
  }

  document.getElementById("conflict-save").addEventListener("click", resolveConflict);
  document.getElementById("conflict-all-mine").addEventListener("click", function () {
    chooseAll("mine");
  });
  document.getElementById("conflict-all-theirs").addEventListener("click", function () {
    chooseAll("theirs");
  });

  // --- wiring ---------------------------------------------------------------------------------

  fieldset.addEventListener("input", changed);
  fieldset.addEventListener("change", changed);

  window.addEventListener("online", function () {
    networkDown = false;
    refreshStatus();
    retryNow();
  });
  window.addEventListener("offline", function () { markOffline(); refreshStatus(); });
  // Back from another tab (perhaps after signing in again): try what is waiting right away.
  window.addEventListener("focus", function () { if (retryFn) { retryNow(); } });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || mode === "view" || mode === "locked") { return undefined; }
    if (isDirty() || inFlight || busy) {
      event.preventDefault();
      event.returnValue = "";
      return "";
    }
    return undefined;
  });

  renderProposals(true);
  refreshStatus();
}());
