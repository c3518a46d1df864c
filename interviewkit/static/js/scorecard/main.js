/* The scorecard page: autosave, offline retry, conflicts, flag proposals, submit, amend.
 *
 * Nothing typed is lost: edits live on the page until the server has them. Saves are
 * debounced, carry the version they were based on and an idempotency key, and retry with
 * exponential back-off while the network is down. Another tab or device saving a newer version
 * is noticed (at once in the same browser, on focus otherwise) and shown side by side. Nothing
 * is written to browser storage and nothing typed is logged.
 */

import {
  canonical, clone, contentOf, diffContent, resolveContent, uuid, clockTime,
} from "./content.js";
import { AutoSaver, createTabSignal, createTransport, outcomeOf, DEBOUNCE_MS } from "./sync.js";
import {
  applyContent, chooseEverywhere, clearError, collect as readForm, conflictChoices,
  drawConflict, el, pageShape, show, showErrors,
} from "./view.js";

const root = document.getElementById("scorecard-app");

if (root) { start(root); }

function start(root) {
  const initial = JSON.parse(document.getElementById("scorecard-initial").textContent);
  const urls = initial.urls;
  const timeZone = root.dataset.timeZone || undefined;
  // The zone's short name (EST, CET), so "Saved 14:02" reads like the interview time beside it.
  const zoneSuffix = root.dataset.zoneAbbr ? ` ${root.dataset.zoneAbbr}` : "";
  const fieldset = document.getElementById("scorecard-fields");
  const saveState = document.getElementById("save-state");
  const offlineBanner = document.getElementById("offline-banner");
  const signedOutBanner = document.getElementById("signed-out-banner");
  const proposalList = document.getElementById("proposals");
  const proposalsEmpty = document.getElementById("proposals-empty");
  const conflictPanel = document.getElementById("conflict-panel");
  const submitBtn = document.getElementById("submit-btn");
  const amendBtn = document.getElementById("amend-btn");
  const amendSave = document.getElementById("amend-save");
  const amendCancel = document.getElementById("amend-cancel");

  const transport = createTransport({
    fetch: window.fetch.bind(window), csrfUrl: urls.csrf, token: root.dataset.csrf || "",
  });
  const newKey = () => uuid(window.crypto);

  let mode = root.dataset.mode;            // edit | view | amend | locked
  let server = initial.scorecard;          // the last copy known to be on the server
  let version = server.version;
  let decisions = clone(server.flag_decisions || {});
  let proposals = initial.proposals || [];
  let lastSaved = canonical(contentOf(server));
  let lastSavedAt = server.updated_at;
  let actionKey = newKey();                // submit/amend: one key per attempt
  let conflictOpen = false;
  let conflictRows = [];
  let conflictCurrent = null;
  let networkDown = !navigator.onLine;
  let signedOut = false;
  let leaving = false;
  let busy = false;                        // a submit or amendment is under way
  let proposalTimer = null;
  let submitKind = "submit";
  let updatedElsewhere = false;            // the page was refreshed from another tab's save

  const collect = () => readForm(decisions);
  const isDirty = () => canonical(collect()) !== lastSaved;

  const saver = new AutoSaver({
    post: (payload, key) => transport.send(urls.draft, payload, key),
    snapshot: () => {
      const content = collect();
      return { body: canonical(content), payload: Object.assign({ version }, content) };
    },
    lastSaved: () => lastSaved,
    canSave: () => mode === "edit" && !conflictOpen && !busy,
    onAnswer: handleSaved,
    onNetworkError: () => { markOffline(); refreshStatus(); },
    onActivity: () => refreshStatus(),
    timers: { setTimeout: window.setTimeout.bind(window), clearTimeout: window.clearTimeout.bind(window) },
    now: () => Date.now(),
    random: Math.random,
    newKey,
  });

  const tabs = createTabSignal(
    typeof BroadcastChannel === "function" ? new BroadcastChannel(`scorecard-${urls.page}`) : null,
    newKey(), (newer) => { if (newer > version) { checkServer(); } });

  // --- status line -------------------------------------------------------------------------

  function setStatus(text, kind) {
    saveState.textContent = text;
    saveState.dataset.state = kind;
  }

  function refreshStatus() {
    show(offlineBanner, networkDown);
    show(signedOutBanner, (signedOut || transport.signedOut) && !networkDown);
    if (conflictOpen) { setStatus("Changed elsewhere: choose what to keep", "conflict"); return; }
    if (mode === "view" || mode === "locked") { return; }
    if (saver.inFlight) { setStatus("Saving…", "saving"); return; }
    if (isDirty()) {
      setStatus(networkDown ? "Offline: changes kept on this page"
        : (signedOut ? "Signed out: changes kept on this page" : "Unsaved changes"), "dirty");
      return;
    }
    const saved = lastSavedAt ? `Saved ${clockTime(lastSavedAt, timeZone)}${zoneSuffix}` : "Nothing saved yet";
    setStatus(updatedElsewhere ? `${saved} in another tab or device: this page now shows it`
      : saved, "saved");
  }

  function showCardState(status) {
    const badge = document.getElementById("card-state");
    if (!badge || !status) { return; }
    badge.textContent = status === "submitted" ? "Submitted" : "Draft";
    badge.className = `badge card-state card-state-${status}`;
  }

  function markOnline() { networkDown = false; signedOut = false; saver.resetBackoff(); }
  function markOffline() { networkDown = true; }

  function adopt(current) {
    version = current.version;
    server = current;
    lastSaved = canonical(contentOf(current));
    lastSavedAt = current.updated_at;
  }

  // --- autosave ------------------------------------------------------------------------------

  function changed(event) {
    updatedElsewhere = false;
    if (event && event.target && event.target.id) { clearFieldError(event.target); }
    if (mode === "amend") { scheduleProposals(); refreshStatus(); return; }
    if (mode !== "edit") { return; }
    refreshStatus();
    saver.changed();
    scheduleProposals();  // read apart from the save: autosave stays a plain write
  }

  function handleSaved(result, body) {
    const { data } = result;
    const outcome = outcomeOf(result);
    if (outcome === "saved") {
      markOnline();
      adopt(data.scorecard);
      version = data.version;
      lastSavedAt = data.saved_at;
      showCardState(server.status);
      tabs.announce(version);
      if (data.proposals) { proposals = data.proposals; renderProposals(false); }
      refreshStatus();
      if (isDirty()) { changed(); }
      return;
    }
    if (outcome === "conflict" || outcome === "locked") {
      markOnline();
      if (canonical(contentOf(data.current)) === body) {
        // Our own earlier attempt landed before its answer was lost: adopt it and go on.
        adopt(data.current);
        refreshStatus();
        if (isDirty()) { changed(); }
        return;
      }
      openConflict(data.current, data.error);
      return;
    }
    if (outcome === "signed-out") {
      signedOut = true;
      refreshStatus();
      saver.retryLater(() => saver.save());
      return;
    }
    if (outcome === "retry") {
      refreshStatus();
      saver.retryLater(() => saver.save());
      return;
    }
    markOnline();
    setStatus(`Could not save: ${data.error || "the server refused this change"}`, "error");
  }

  /** Ask the server for its copy; if it is newer than ours, show it (never overwrite). */
  function checkServer() {
    if (mode === "locked" || busy || conflictOpen || !urls.current) { return; }
    transport.get(urls.current).then((result) => {
      if (result.status !== 200 || !result.data.scorecard) { return; }
      const current = result.data.scorecard;
      if (!current.version || current.version <= version) { return; }
      if (saver.inFlight) { return; }  // its answer will tell us
      if (canonical(contentOf(current)) === canonical(collect())) { adopt(current); refreshStatus(); return; }
      if (mode === "view") { leaving = true; window.location.reload(); return; }
      if (mode === "edit" && !isDirty()) {
        // Nothing unsaved here: show what the other tab saved instead of a stale copy.
        adopt(current);
        applyContent(contentOf(current));
        decisions = clone(current.flag_decisions || {});
        renderProposals(true);
        updatedElsewhere = true;
        refreshStatus();
        return;
      }
      openConflict(current, "This page is out of date: another tab or device saved a newer "
        + "version of this scorecard. Nothing was overwritten. For each difference below, "
        + "choose which version to keep (or keep both), then save.");
    }, () => {});
  }

  // --- flag proposals ------------------------------------------------------------------------

  function scheduleProposals() {
    clearTimeout(proposalTimer);
    proposalTimer = setTimeout(() => {
      transport.send(urls.flags, collect(), null).then((result) => {
        if (result.status === 200) { proposals = result.data.proposals || []; renderProposals(false); }
      }, () => { markOffline(); refreshStatus(); });
    }, DEBOUNCE_MS);
  }

  const proposalNodes = {};
  const proposalEditable = () => mode === "edit" || mode === "amend";

  function renderProposals(force) {
    const ids = proposals.map((p) => p.id);
    for (const id of Object.keys(proposalNodes)) {
      if (ids.indexOf(id) === -1 || force) {
        proposalNodes[id].remove();
        delete proposalNodes[id];
      }
    }
    for (const p of proposals) {
      let node = proposalNodes[p.id];
      if (!node) {
        node = buildProposal(p);
        proposalNodes[p.id] = node;
      }
      node.querySelector(".because").textContent = p.because;
      proposalList.appendChild(node);  // keeps the server's order (most severe first)
    }
    show(proposalsEmpty, proposals.length === 0);
  }

  function buildProposal(p) {
    const li = el("li", `proposal card mb-2 sev-${p.severity}`);
    li.dataset.flag = p.id;
    const body = el("div", "card-body");
    const head = el("div", "d-flex flex-wrap align-items-center gap-2 mb-1");
    head.appendChild(el("span", `badge sev-badge sev-badge-${p.severity}`, p.severity));
    head.appendChild(el("strong", "proposal-label", p.label));
    body.appendChild(head);
    body.appendChild(el("p", "because small mb-2", p.because));
    body.appendChild(el("div", "proposal-controls"));
    const error = el("div", "field-error");
    error.dataset.errorFor = `flags.${p.id}`;
    body.appendChild(error);
    li.appendChild(body);
    drawDecision(li, p);
    return li;
  }

  function drawDecision(li, p) {
    const controls = li.querySelector(".proposal-controls");
    controls.replaceChildren();
    const decision = decisions[p.id];
    const editable = proposalEditable();
    if (!decision) {
      if (!editable) { controls.appendChild(el("p", "small text-muted mb-0", "Not answered.")); return; }
      const row = el("div", "d-flex flex-wrap gap-2");
      const confirm = el("button", "btn btn-outline-danger proposal-confirm", "Confirm flag");
      confirm.type = "button";
      confirm.addEventListener("click", () => decide(li, p, "confirmed"));
      const dismiss = el("button", "btn btn-outline-secondary proposal-dismiss", "Dismiss");
      dismiss.type = "button";
      dismiss.addEventListener("click", () => decide(li, p, "dismissed"));
      row.append(confirm, dismiss);
      controls.appendChild(row);
      return;
    }
    const state = el("div", "d-flex flex-wrap align-items-center gap-2");
    state.appendChild(el("span", `decision-state decision-${decision.decision}`,
      decision.decision === "confirmed" ? "Confirmed" : "Dismissed"));
    if (editable) {
      const undo = el("button", "btn btn-link proposal-undo", "Change");
      undo.type = "button";
      undo.addEventListener("click", () => decide(li, p, null));
      state.appendChild(undo);
    }
    controls.appendChild(state);
    if (decision.decision === "dismissed") {
      const id = `dismiss-reason-${p.id}`;
      const label = el("label", "form-label small mt-2", "Why dismiss it?");
      label.htmlFor = id;
      const area = el("textarea", "form-control dismiss-reason");
      area.id = id;
      area.rows = 2;
      area.value = decision.reason || "";
      area.disabled = !editable;
      area.addEventListener("input", (event) => {
        decisions[p.id].reason = area.value;
        changed(event);
      });
      controls.append(label, area);
    }
  }

  function decide(li, p, decision) {
    if (decision === null) {
      delete decisions[p.id];
    } else {
      decisions[p.id] = { decision, reason: "", because: p.because };
    }
    drawDecision(li, p);
    clearError(`flags.${p.id}`);
    if (decision === "dismissed") { li.querySelector(".dismiss-reason").focus(); }
    changed();
  }

  function clearFieldError(target) {
    if (target.dataset.evidence) { clearError(`evidence.${target.dataset.evidence}`); }
    if (target.dataset.criterion) { clearError(`ratings.${target.dataset.criterion}`); }
    if (target.classList.contains("rec-input")) { clearError("recommendation"); }
    target.classList.remove("is-invalid");
  }

  // --- submit and amend ----------------------------------------------------------------------

  function act(kind, button, label) {
    if (busy || conflictOpen) { return; }
    if (kind === "submit" && root.dataset.startsAt && Date.parse(root.dataset.startsAt) > Date.now()) {
      const when = root.dataset.startsLabel || "its start time";
      if (!window.confirm(`This interview has not started yet (it starts ${when}). `
        + "Submit the scorecard anyway?")) { return; }
    }
    busy = true;
    fieldset.disabled = true;  // what is sent is what was on the page at this moment
    button.disabled = true;
    button.textContent = kind === "submit" ? "Submitting…" : "Saving amendment…";
    saver.cancelRetry();
    saver.idle().then(() => attempt(kind, button, label));
  }

  function attempt(kind, button, label) {
    const content = collect();
    const payload = Object.assign({ version }, content);
    transport.send(kind === "submit" ? urls.submit : urls.amend, payload, actionKey).then(
      (result) => afterAct(kind, button, label, result, content),
      () => {
        markOffline();
        refreshStatus();
        button.textContent = "Waiting for the connection…";
        // Same key: if the first attempt reached the server, the retry gets its answer.
        saver.retryLater(() => attempt(kind, button, label));
      });
  }

  function release(button, label) {
    busy = false;
    fieldset.disabled = !(mode === "edit" || mode === "amend");
    button.disabled = false;
    button.textContent = label;
  }

  function afterAct(kind, button, label, result, content) {
    const { data } = result;
    const outcome = outcomeOf(result);
    if (outcome === "saved") {
      markOnline();
      lastSaved = canonical(content);
      leaving = true;
      tabs.announce(data.version);
      const target = new URL(data.redirect || urls.page, window.location.href);
      target.searchParams.set("done", kind === "submit" ? "submitted" : "amended");
      window.location.assign(target.toString());
      return;
    }
    if (outcome === "signed-out") {
      signedOut = true;
      refreshStatus();
      button.textContent = "Waiting for you to sign in…";
      saver.retryLater(() => attempt(kind, button, label));
      return;
    }
    if (outcome === "retry") {
      button.textContent = "Retrying…";
      saver.retryLater(() => attempt(kind, button, label));
      return;
    }
    markOnline();
    release(button, label);
    actionKey = newKey();  // a definite answer: the next attempt is a new request
    if (outcome === "invalid") {
      if (kind === "submit" && data.scorecard) {
        adopt(data.scorecard);
        version = data.version;
      }
      showErrors(data.errors, proposalNodes);
      refreshStatus();
      return;
    }
    if (outcome === "conflict" || outcome === "locked") {
      openConflict(data.current, data.error);
      return;
    }
    showErrors({ form: data.error || "The server refused this request." }, proposalNodes);
  }

  if (submitBtn) {
    submitBtn.addEventListener("click", () => {
      act(submitKind, submitBtn, submitKind === "submit" ? "Submit scorecard" : "Save amendment");
    });
  }

  if (amendBtn) {
    amendBtn.addEventListener("click", () => {
      mode = "amend";
      fieldset.disabled = false;
      show(amendBtn, false);
      show(amendSave, true);
      show(amendCancel, true);
      renderProposals(true);
      refreshStatus();
      const first = document.querySelector(".rating-input");
      if (first) { first.focus(); }
    });
    amendSave.addEventListener("click", () => act("amend", amendSave, "Save amendment"));
    amendCancel.addEventListener("click", () => {
      if (isDirty() && !window.confirm("Discard the changes you made to this scorecard?")) {
        return;
      }
      leaving = true;
      window.location.assign(urls.page);
    });
  }

  // --- conflicts: both versions side by side --------------------------------------------------

  function openConflict(current, message) {
    saver.cancelPending();
    saver.cancelRetry();
    const mine = collect();
    const theirs = contentOf(current);
    const rows = diffContent(mine, theirs, pageShape());
    if (!rows.length) {
      // Same content under a newer version: nothing to choose.
      adopt(current);
      refreshStatus();
      return;
    }
    conflictCurrent = current;
    conflictRows = rows;
    conflictOpen = true;
    drawConflict(rows, clockTime(current.updated_at, timeZone));
    if (message) { document.getElementById("conflict-text").textContent = message; }
    show(conflictPanel, true);
    conflictPanel.focus({ preventScroll: true });
    conflictPanel.scrollIntoView({ block: "start" });
    refreshStatus();
  }

  function resolveConflict() {
    const merged = resolveContent(collect(), contentOf(conflictCurrent), conflictRows,
      conflictChoices(conflictRows));
    const current = conflictCurrent;
    conflictOpen = false;
    conflictCurrent = null;
    show(conflictPanel, false);
    adopt(current);
    applyContent(merged);
    decisions = clone(merged.flag_decisions || {});
    renderProposals(true);
    if (current.status === "submitted" && mode === "edit") {
      // Submitted from another tab: what stays different is saved as an amendment.
      mode = "amend";
      submitKind = "amend";
      if (submitBtn) { submitBtn.textContent = "Save amendment"; }
    }
    refreshStatus();
    if (mode === "edit") { saver.save(); }
  }

  document.getElementById("conflict-save").addEventListener("click", resolveConflict);
  document.getElementById("conflict-all-mine").addEventListener("click",
    () => chooseEverywhere(conflictRows, "mine"));
  document.getElementById("conflict-all-theirs").addEventListener("click",
    () => chooseEverywhere(conflictRows, "theirs"));
  const bothAll = document.getElementById("conflict-all-both");
  if (bothAll) { bothAll.addEventListener("click", () => chooseEverywhere(conflictRows, "both")); }

  // --- notes within reach: the drawer tab in portrait ------------------------------------------

  const notesPanel = document.getElementById("notes-panel");
  const notesToggle = document.getElementById("notes-toggle");
  if (notesPanel && notesToggle) {
    notesToggle.addEventListener("click", () => {
      const open = !notesPanel.classList.contains("open");
      notesPanel.classList.toggle("open", open);
      notesToggle.setAttribute("aria-expanded", String(open));
      if (open) { document.getElementById("notes").focus({ preventScroll: true }); }
    });
  }

  // Keep headings clear of the sticky status bar when scrolled to.
  const bar = document.getElementById("save-bar");
  const setBarHeight = () => {
    if (bar) { document.documentElement.style.setProperty("--save-bar-h", `${bar.offsetHeight}px`); }
  };
  setBarHeight();
  window.addEventListener("resize", setBarHeight);

  // --- wiring ---------------------------------------------------------------------------------

  fieldset.addEventListener("input", changed);
  fieldset.addEventListener("change", changed);

  window.addEventListener("online", () => {
    networkDown = false;
    refreshStatus();
    if (mode === "edit" && !busy) { saver.retryNow(); }
  });
  window.addEventListener("offline", () => { markOffline(); refreshStatus(); });
  // Back from another tab (perhaps after signing in again): try what is waiting right away,
  // and find out whether another tab or device saved meanwhile.
  window.addEventListener("focus", () => {
    if (saver.waiting) { saver.retryNow(); return; }
    checkServer();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !saver.waiting) { checkServer(); }
  });
  window.addEventListener("beforeunload", (event) => {
    if (leaving || mode === "view" || mode === "locked") { return undefined; }
    if (isDirty() || saver.inFlight || busy) {
      event.preventDefault();
      event.returnValue = "";
      return "";
    }
    return undefined;
  });

  root.dataset.ready = "true";
  renderProposals(true);
  refreshStatus();
  // Words typed before this script ran (a slow connection), or a form the browser restored
  // on reload, differ from the server's copy with no input event to come: save them now.
  if (mode === "edit" && isDirty()) {
    saver.changed();
    scheduleProposals();
  } else if (initial.proposals_pending && mode === "edit") { scheduleProposals(); }
}
