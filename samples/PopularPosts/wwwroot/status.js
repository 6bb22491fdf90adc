// The status page: polls /api/status every second and shows rates over the last 5 s from successive snapshots.
// No framework, no build step.
"use strict";

const WINDOW_MS = 5000;
const history = []; // [{ at, status }]
let browsing = null;

const $ = (id) => document.getElementById(id);
const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n)) ? "-" : Number(n).toFixed(digits);
const pct = (r) => (r === null || r === undefined || Number.isNaN(r)) ? "-" : (100 * r).toFixed(1) + " %";

function seconds(s) {
  if (s === null || s === undefined) return "unknown";
  return s < 1 ? (1000 * s).toFixed(0) + " ms" : s.toFixed(2) + " s";
}

function row(tbody, cells, empty) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    const td = document.createElement("td");
    const value = typeof cell === "object" && cell !== null ? cell : { text: cell };
    td.textContent = value.text;
    if (value.num) td.className = "num";
    if (value.cls) td.classList.add(value.cls);
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
}

function fill(id, rows, emptyText, columns) {
  const tbody = $(id);
  tbody.replaceChildren();
  if (rows.length === 0) {
    row(tbody, [{ text: emptyText, cls: "muted" }, ...Array(columns - 1).fill("")]);
    return;
  }
  for (const cells of rows) row(tbody, cells);
}

// The value a counter had about WINDOW_MS ago (the oldest snapshot kept), for rates over the window.
function baseline() {
  return history.length > 1 ? history[0] : null;
}

function countOf(list, key) {
  const found = list.find((x) => x.key === key);
  return found ? found.count : 0;
}

function requestKeyed(t) {
  return t.requestsByResult.map((r) => ({ key: r.result + "/" + r.level, count: r.count, result: r.result, level: r.level }));
}

function fallbackKeyed(t) {
  return t.fallbacks.map((f) => ({ key: f.label, count: f.count }));
}

function render(status) {
  const now = Date.now();
  history.push({ at: now, status });
  while (history.length > 2 && now - history[1].at >= WINDOW_MS) history.shift();
  const base = baseline();
  const span = base ? (now - base.at) / 1000 : null;
  const t = status.telemetry;

  $("mode").textContent = `topology: ${status.cache.topology} - ${status.cache.description}`;
  const banner = $("banner");
  if (t.instruments.length === 0) {
    banner.style.display = "block";
    banner.textContent = "The cache has published no metrics yet (no \"ResilientCaching\" meter instruments seen). Numbers appear with the first cache calls.";
  } else {
    banner.style.display = "none";
  }

  // Hit ratio and request rate.
  const reqs = requestKeyed(t);
  const baseReqs = base ? requestKeyed(base.status.telemetry) : [];
  const recent = reqs.map((r) => ({ ...r, recent: r.count - countOf(baseReqs, r.key) }));
  const recentTotal = recent.reduce((s, r) => s + r.recent, 0);
  const recentHits = recent.filter((r) => r.result === "hit").reduce((s, r) => s + r.recent, 0);
  $("hit-recent").textContent = base && recentTotal > 0 ? pct(recentHits / recentTotal) : "-";
  $("hit-total").textContent = `since start: ${pct(t.hitRatio)}`;
  $("req-rate").textContent = base && span > 0 ? fmt(recentTotal / span, 1) : "-";
  $("req-total").textContent = `${t.requests} since start`;
  fill("requests", recent.map((r) => [r.result, r.level, { text: base ? r.recent : "-", num: true }, { text: r.count, num: true }]), "no cache requests yet", 4);

  // Fallbacks.
  const fbs = fallbackKeyed(t);
  const baseFbs = base ? fallbackKeyed(base.status.telemetry) : [];
  const fbRecent = fbs.map((f) => ({ ...f, recent: f.count - countOf(baseFbs, f.key) }));
  const fbRecentTotal = fbRecent.reduce((s, f) => s + f.recent, 0);
  $("fb-recent").textContent = base ? fbRecentTotal : "-";
  $("fb-recent").className = "value " + (fbRecentTotal > 0 ? "warn" : "ok");
  $("fb-total").textContent = `${fbs.reduce((s, f) => s + f.count, 0)} since start`;
  fill("fallbacks", fbRecent.map((f) => [f.key || "(none)", { text: base ? f.recent : "-", num: true, cls: f.recent > 0 ? "warn" : undefined }, { text: f.count, num: true }]), "no fallback so far", 3);

  // Replica lag.
  fill("lag", t.replicaLag.map((l) => [
    l.server,
    { text: seconds(l.seconds), num: true, cls: l.seconds === null || l.seconds > 1 ? "bad" : "ok" },
    { text: l.bytes === null ? "-" : l.bytes + " B", num: true },
  ]), "no replica reported", 3);

  // Failovers.
  $("failover-count").textContent = Math.max(t.failovers, status.failovers.length);
  const last = status.failovers[0];
  $("failover-last").textContent = last ? `last: ${new Date(last.detectedAt).toLocaleTimeString()} -> ${last.newMaster}` : "none so far";
  fill("failovers", status.failovers.map((f) => [
    new Date(f.detectedAt).toLocaleTimeString(),
    `${f.previousMaster ?? "?"} -> ${f.newMaster}`,
    f.detectedBy,
    { text: f.writesUnavailableMilliseconds === null ? "no write failed" : fmt(f.writesUnavailableMilliseconds) + " ms", num: true },
  ]), "no failover so far", 4);

  // Circuits, monitored nodes, processes.
  fill("circuits", t.circuits.map((c) => [c.circuit, c.server ?? "", { text: c.stateName, cls: c.state === 0 ? "ok" : c.state === 1 ? "warn" : "bad" }]), "no circuit reported", 3);
  fill("nodes", status.topology.map((n) => [
    n.endPoint,
    n.role,
    { text: n.isReachable ? "yes" : "no", cls: n.isReachable ? "ok" : "bad" },
    { text: n.role === "Master" ? "" : seconds(n.lagSeconds), num: true },
  ]), "none (memory only, or not polled yet)", 4);
  fill("processes", status.chaos.processes.map((p) => [
    p.kind + (p.isChaosTarget ? " (chaos target)" : ""),
    p.endPoint,
    { text: !p.isRunning ? "killed" : p.isPaused ? "paused" : p.replicationHeld ? "running, replication held" : "running", cls: !p.isRunning || p.isPaused ? "bad" : p.replicationHeld ? "warn" : "ok" },
  ]), "none launched", 3);

  $("db-reads").textContent = status.databaseReads;
  $("deferred").textContent = `${status.deferredNotifications} deferred notifications`;

  // Chaos buttons apply only to a launched topology; replication buttons only with proxies.
  $("chaos-note").textContent = status.chaos.message;
  for (const button of document.querySelectorAll("button[data-chaos]")) {
    button.disabled = !status.chaos.available || (button.dataset.proxies === "1" && !status.chaos.replicationProxies);
    button.title = button.disabled ? (status.chaos.available ? "only with --topology replication" : status.chaos.message) : "POST /chaos/" + button.dataset.chaos;
  }
}

async function poll() {
  try {
    const response = await fetch("/api/status", { cache: "no-store" });
    if (response.ok) render(await response.json());
  } catch (e) {
    $("mode").textContent = "the app does not answer: " + e;
  } finally {
    setTimeout(poll, 1000);
  }
}

async function chaos(action) {
  const out = $("chaos-result");
  out.className = "muted";
  out.textContent = `POST /chaos/${action}...`;
  try {
    const response = await fetch("/chaos/" + action, { method: "POST" });
    const body = await response.json();
    out.className = response.ok ? "ok" : "bad";
    out.textContent = `${response.status}: ${body.message}`;
  } catch (e) {
    out.className = "bad";
    out.textContent = String(e);
  }
}

// Reads posts from the page itself, 10 requests/s, so the numbers move without another client.
function toggleBrowsing() {
  const button = $("browse");
  if (browsing) {
    clearInterval(browsing);
    browsing = null;
    button.textContent = "Browse posts from this page: off";
    return;
  }
  let i = 0;
  browsing = setInterval(() => {
    i++;
    fetch(i % 5 === 0 ? "/posts/popular" : "/posts/" + ((i % 4) + 1), { cache: "no-store" }).catch(() => {});
  }, 100);
  button.textContent = "Browse posts from this page: on (10/s)";
}

for (const button of document.querySelectorAll("button[data-chaos]")) {
  button.addEventListener("click", () => chaos(button.dataset.chaos));
}
$("browse").addEventListener("click", toggleBrowsing);
poll();
