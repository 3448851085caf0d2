/* detente dashboard: vanilla JS, hash routing, hand-drawn SVG charts. No network access
   beyond this server's own /api. All user data goes into the page as text nodes, never HTML. */
"use strict";

const QUAD = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };
const ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
  "05": "Diplomatic cooperation", "06": "Material cooperation", "07": "Provide aid", "08": "Yield",
  "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten", "14": "Protest",
  "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
  "20": "Unconventional mass violence",
};
const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const FACTUALITY = ["asserted", "claimed", "negated", "denied", "planned", "hypothetical"];
const PAGE = 50;
const SVGNS = "http://www.w3.org/2000/svg";

const view = document.getElementById("view");
let navToken = 0;
let serverStatus = null;

/* ---------- small DOM helpers ---------- */
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, kids);
  return el;
}
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVGNS, tag);
  setAttrs(el, attrs);
  append(el, kids);
  return el;
}
function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}
function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
}
function show(...nodes) { view.replaceChildren(...nodes.flat().filter(Boolean)); }
function loading(msg) { return h("p", { class: "loading", role: "status", text: msg || "Loading…" }); }
function errorBox(err) { return h("div", { class: "error", role: "alert", text: err.message || String(err) }); }
function fmt(n) { return n === null || n === undefined ? "—" : Number(n).toLocaleString("en"); }

/* ---------- the API ---------- */
async function api(path, options) {
  let res;
  try {
    res = await fetch(path, options);
  } catch (e) {
    throw new Error("Cannot reach the detente server. Is `detente serve` still running?");
  }
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? body.error : `The server answered ${res.status} ${res.statusText}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}
function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  const str = p.toString();
  return str ? "?" + str : "";
}

/* ---------- routing ---------- */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "events", arg: parts.slice(1).join("/"), params: new URLSearchParams(query || "") };
}
function go(name, params, arg) {
  const path = "#/" + name + (arg ? "/" + encodeURIComponent(arg) : "");
  location.hash = path + qs(params || {});
}
async function route() {
  const token = ++navToken;
  const r = parseHash();
  document.querySelectorAll("[data-nav]").forEach((a) => {
    const active = a.dataset.nav === r.name || (r.name === "event" && a.dataset.nav === "events")
      || (r.name === "article" && a.dataset.nav === "events");
    a.classList.toggle("active", active);
  });
  const views = { events: viewEvents, event: viewEvent, article: viewArticle, dyad: viewDyad, network: viewNetwork, code: viewCode };
  const fn = views[r.name] || viewNotFound;
  try {
    await fn(r, () => token === navToken);
  } catch (err) {
    if (token === navToken) show(h("h1", { text: "Something went wrong" }), errorBox(err));
  }
  view.focus({ preventScroll: true });
}
window.addEventListener("hashchange", route);

async function loadStatus() {
  const el = document.getElementById("status");
  try {
    serverStatus = await api("/api/status");
    el.replaceChildren(
      h("span", { text: `${fmt(serverStatus.events)} events` }),
      h("span", { class: "pill", text: serverStatus.writable ? "writable" : "read-only", title: `store: ${serverStatus.db}` }),
    );
  } catch (err) {
    el.textContent = "server unreachable";
  }
}

function emptyStore() {
  return h("div", { class: "empty" },
    h("strong", { text: "No events yet" }),
    "Run ", h("code", { text: "detente ingest PATH --db FILE" }),
    " to code articles into this store, then ", h("code", { text: "detente serve --db FILE" }), " and reload. ",
    "Meanwhile you can try ", h("a", { href: "#/code", text: "Code this text" }), ".");
}

/* ---------- shared renderers ---------- */
function actorCell(a) {
  if (!a) return h("span", { class: "muted", text: "—" });
  const sub = [a.country, a.sector, a.org].filter(Boolean).join(" · ");
  return h("span", { class: "actor" }, a.name || a.text || "?", sub ? h("small", { text: sub }) : null);
}
function actorKey(a) { return a ? (a.country || a.org || a.sector || null) : null; }
function eventName(ev) {
  const root = ev.cameo_root || (ev.cameo || "").slice(0, 2);
  return ev.cameo_name || ev.event_name || ROOTS[root] || "";
}
function quadChip(q) { return q ? h("span", { class: `chip q${q}`, text: QUAD[q] || `Quad ${q}` }) : null; }
function factChip(f) { return h("span", { class: `chip fact-${f}`, text: f }); }
function evidenceSnippet(ev) {
  const e = ev.evidence || {};
  const sent = e.sentence || "";
  const trig = e.trigger || "";
  const max = 220;
  let start = 0;
  const i = trig ? sent.toLowerCase().indexOf(trig.toLowerCase()) : -1;
  if (sent.length > max && i > max / 2) start = Math.max(0, i - max / 2);
  let text = sent.slice(start, start + max);
  const pre = start > 0 ? "…" : "", post = start + max < sent.length ? "…" : "";
  const j = trig ? text.toLowerCase().indexOf(trig.toLowerCase()) : -1;
  if (j < 0) return [pre + text + post];
  return [pre + text.slice(0, j), h("b", { text: text.slice(j, j + trig.length) }), text.slice(j + trig.length) + post];
}
function eventTable(items) {
  const rows = items.map((ev) => h("tr", {
    tabindex: "0", "data-event-id": ev.event_id,
    onclick: () => go("event", null, ev.event_id),
    onkeydown: (e) => { if (e.key === "Enter") go("event", null, ev.event_id); },
  },
  h("td", { class: "date", text: ev.date || "undated" }),
  h("td", {}, actorCell(ev.source)),
  h("td", { class: "ev" }, h("span", { class: "code", text: ev.cameo }), h("span", { class: "chip", text: ev.plover || "" }),
    h("span", { class: "ev-name", text: eventName(ev) })),
  h("td", {}, actorCell(ev.target)),
  h("td", {}, factChip(ev.factuality)),
  h("td", { class: "num", text: ev.goldstein === null || ev.goldstein === undefined ? "—" : ev.goldstein.toFixed(1) }),
  h("td", { class: "evidence" }, evidenceSnippet(ev))));
  return h("table", { class: "events" },
    h("thead", {}, h("tr", {}, ["Date", "Source", "Event", "Target", "Factuality", "Goldstein", "Evidence"].map(
      (t) => h("th", { text: t, class: t === "Goldstein" ? "num" : null })))),
    h("tbody", {}, rows));
}

/* Paint `text` into `container`, wrapping each span {start, end, cls, key} in <mark>.
   Overlapping spans nest their classes; offsets outside the text are ignored. */
function highlight(container, text, spans) {
  const valid = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end)
    && sp.start >= 0 && sp.end <= text.length && sp.end > sp.start);
  const cuts = new Set([0, text.length]);
  valid.forEach((sp) => { cuts.add(sp.start); cuts.add(sp.end); });
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const cover = valid.filter((sp) => sp.start <= a && sp.end >= b);
    if (!cover.length) { frag.appendChild(document.createTextNode(piece)); continue; }
    const classes = [...new Set(cover.map((sp) => sp.cls))];
    const keys = [...new Set(cover.map((sp) => sp.key).filter((k) => k !== undefined))];
    const mark = h("mark", { class: classes.join(" "), "data-keys": keys.join(" "),
      title: classes.map((c) => c.replace("hl-", "")).filter((c) => c !== "evidence").join(", ") || null });
    mark.textContent = piece;
    frag.appendChild(mark);
  }
  container.replaceChildren(frag);
}
function eventSpans(ev, text, key) {
  const e = ev.evidence || {};
  const spans = [];
  if (Number.isInteger(e.start)) spans.push({ start: e.start, end: e.end, cls: "hl-evidence", key });
  if (ev.source && Number.isInteger(ev.source.start)) spans.push({ start: ev.source.start, end: ev.source.end, cls: "hl-source", key });
  if (ev.target && Number.isInteger(ev.target.start)) spans.push({ start: ev.target.start, end: ev.target.end, cls: "hl-target", key });
  let ts = e.trigger_start, te = e.trigger_end;
  if (!Number.isInteger(ts) && e.trigger && text) {  // no trigger offsets: find the word in its sentence
    const i = text.indexOf(e.trigger, Number.isInteger(e.start) ? e.start : 0);
    if (i >= 0 && (!Number.isInteger(e.end) || i < e.end)) { ts = i; te = i + e.trigger.length; }
  }
  if (Number.isInteger(ts)) spans.push({ start: ts, end: te, cls: "hl-trigger", key });
  return spans;
}
function legend() {
  return h("div", { class: "legend" },
    h("span", {}, h("i", { class: "hl-source" }), "source actor"),
    h("span", {}, h("i", { class: "hl-target" }), "target actor"),
    h("span", {}, h("i", { class: "hl-trigger" }), "trigger"),
    h("span", {}, h("i", { class: "hl-evidence" }), "evidence sentence"));
}
function scrollToMark(box, selector) {
  const m = box.querySelector(selector);
  if (m) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - box.clientHeight / 3);
}

/* ---------- Events: search + table ---------- */
async function viewEvents(r, current) {
  const p = r.params;
  const offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
  const field = (name, label, attrs) => h("label", {}, label, h("input", { name, value: p.get(name) || "", ...attrs }));
  const select = (name, label, options, names) => h("label", {}, label, h("select", { name },
    h("option", { value: "", text: "any" }),
    options.map((o) => h("option", { value: o, text: names ? `${o} ${names[o]}` : o, selected: p.get(name) === o }))));
  const form = h("form", { class: "filters", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    go("events", data);
  } },
  field("text", "Search evidence", { type: "search", placeholder: "e.g. sanctions" }),
  field("actor", "Actor", { placeholder: "e.g. Putin" }),
  field("country", "Country", { placeholder: "e.g. RUS", maxlength: "3" }),
  select("root", "CAMEO root", Object.keys(ROOTS), ROOTS),
  select("plover", "PLOVER", PLOVER),
  select("factuality", "Factuality", FACTUALITY),
  field("date_from", "From", { placeholder: "YYYY-MM-DD" }),
  field("date_to", "To", { placeholder: "YYYY-MM-DD" }),
  h("div", { class: "buttons" }, h("button", { type: "submit", text: "Search" }),
    h("button", { type: "button", class: "ghost", text: "Reset", onclick: () => go("events", {}) })));
  const results = h("div", {}, loading("Loading events…"));
  show(h("h1", {}, "Events ", h("span", { class: "sub", text: "coded from the news, newest first" })), form, results);

  const filters = {};
  for (const k of ["text", "actor", "country", "root", "plover", "factuality", "date_from", "date_to", "code", "sort"]) {
    if (p.get(k)) filters[k] = p.get(k);
  }
  let page;
  try {
    page = await api("/api/events" + qs({ ...filters, limit: PAGE, offset }));
  } catch (err) {
    if (current()) results.replaceChildren(errorBox(err));
    return;
  }
  if (!current()) return;
  if (!page.total) {
    const filtered = Object.keys(filters).length > 0;
    results.replaceChildren(filtered
      ? h("div", { class: "empty" }, h("strong", { text: "No events match these filters" }),
        "Try fewer filters or a wider date range. ", h("a", { href: "#/events", text: "Clear all filters" }))
      : emptyStore());
    return;
  }
  const last = Math.min(offset + page.items.length, page.total);
  const pager = h("div", { class: "pager" },
    h("span", { text: `${fmt(offset + 1)}–${fmt(last)} of ${fmt(page.total)} events` }),
    h("span", { class: "buttons" },
      h("button", { class: "ghost", text: "← Previous", disabled: offset === 0,
        onclick: () => go("events", { ...filters, offset: Math.max(0, offset - PAGE) || null }) }),
      h("button", { class: "ghost", text: "Next →", disabled: last >= page.total,
        onclick: () => go("events", { ...filters, offset: offset + PAGE }) })));
  results.replaceChildren(eventTable(page.items), pager);
}

/* ---------- One event: the article with its evidence highlighted ---------- */
async function viewEvent(r, current) {
  const id = r.arg;
  show(loading("Loading the event…"));
  let ev;
  try {
    ev = await api("/api/events/" + encodeURIComponent(id));
  } catch (err) {
    if (!current()) return;
    show(h("h1", { text: "Event not found" }), errorBox(err), h("p", {}, h("a", { href: "#/events", text: "← Back to events" })));
    return;
  }
  // The stored event is a happening; its representative mention carries the offsets.
  const mentions = ev.mentions || [];
  const rep = mentions.find((m) => m.mention_id === (ev.evidence || {}).mention_id) || mentions[0] || null;
  const articleId = rep ? rep.article_id : ev.article_id;
  let article = null;
  if (articleId) {
    try { article = await api("/api/articles/" + encodeURIComponent(articleId)); } catch (err) { article = null; }
  }
  if (!current()) return;
  const a = actorKey(ev.source), b = actorKey(ev.target);
  const headline = h("div", { class: "headline" },
    actorCell(ev.source), h("span", { class: "arrow", text: "→" }),
    h("span", {}, h("span", { class: "code", text: ev.cameo }), eventName(ev)),
    h("span", { class: "arrow", text: "→" }), actorCell(ev.target));
  const loc = ev.location ? [ev.location.name, ev.location.country].filter(Boolean).join(", ") : "—";
  const attributed = (rep && rep.attributed_to) || ev.attributed_to;
  const facts = h("dl", { class: "facts" },
    h("dt", { text: "Date" }), h("dd", { text: ev.date ? `${ev.date} (${ev.date_precision})` : "unknown" }),
    h("dt", { text: "CAMEO" }), h("dd", { text: `${ev.cameo} · root ${ev.cameo_root} ${ROOTS[ev.cameo_root] || ""}` }),
    h("dt", { text: "PLOVER" }), h("dd", { text: ev.plover || "—" }),
    h("dt", { text: "Quad class" }), h("dd", {}, quadChip(ev.quad_class) || "—"),
    h("dt", { text: "Goldstein" }), h("dd", { text: ev.goldstein === null || ev.goldstein === undefined ? "—" : ev.goldstein.toFixed(1) }),
    h("dt", { text: "Factuality" }), h("dd", {}, factChip(ev.factuality)),
    h("dt", { text: "Attributed to" }), h("dd", {}, attributed ? actorCell(attributed) : "—"),
    h("dt", { text: "Location" }), h("dd", { text: loc }),
    h("dt", { text: "Confidence" }), h("dd", { text: ev.confidence === null || ev.confidence === undefined ? "—" : ev.confidence.toFixed(2) }),
    h("dt", { text: "Event id" }), h("dd", { class: "mono", text: ev.event_id }));
  const side = h("aside", {},
    h("div", { class: "panel" }, facts,
      a && b ? h("p", {}, h("a", { href: "#/dyad" + qs({ a, b }), text: `Timeline ${a} – ${b} →` })) : null),
    mentionsPanel(ev));

  let articlePanel;
  if (article && article.text) {
    const box = h("div", { class: "article-text", id: "article-text" });
    highlight(box, article.text, eventSpans(rep || ev, article.text, "0"));
    const meta = [article.source, article.published].filter(Boolean).join(" · ");
    articlePanel = h("section", { class: "panel" },
      h("h2", { text: article.title || article.article_id }),
      h("div", { class: "article-meta" }, meta,
        article.url ? [" · ", h("a", { href: article.url, rel: "noopener noreferrer", target: "_blank", text: "original" })] : null,
        " · ", h("a", { href: "#/article/" + encodeURIComponent(article.article_id), text: "all events in this article" })),
      legend(), box);
    show(h("p", {}, h("a", { href: "#/events", text: "← Events" })), headline, h("div", { class: "event-grid" }, articlePanel, side));
    scrollToMark(box, "mark.hl-trigger");
  } else {
    articlePanel = h("section", { class: "panel" }, h("h2", { text: "Evidence" }),
      h("p", { class: "hint", text: "The article text is not in this store; here is the sentence the event was coded from." }),
      h("blockquote", {}, evidenceSnippet(ev)));
    show(h("p", {}, h("a", { href: "#/events", text: "← Events" })), headline, h("div", { class: "event-grid" }, articlePanel, side));
  }
}
function mentionsPanel(ev) {
  const mentions = ev.mentions || [];
  if (!mentions.length) return null;
  return h("div", { class: "panel", id: "mentions" },
    h("h2", { text: `Reported ${mentions.length} time${mentions.length === 1 ? "" : "s"}` }),
    h("ul", { class: "mentions" }, mentions.map((m) => {
      const e = m.evidence || {};
      return h("li", {},
        h("div", {}, h("a", { href: "#/article/" + encodeURIComponent(m.article_id), text: m.title || m.article_id }),
          m.outlet ? h("span", { class: "sub", text: ` · ${m.outlet}` }) : null,
          m.published ? h("span", { class: "sub", text: ` · ${String(m.published).slice(0, 10)}` }) : null,
          m.factuality !== ev.factuality ? [" ", factChip(m.factuality)] : null),
        h("div", { class: "hint", text: e.sentence || "" }));
    })));
}

/* ---------- One article: its text and every coded event ---------- */
async function viewArticle(r, current) {
  show(loading("Loading the article…"));
  let article;
  try {
    article = await api("/api/articles/" + encodeURIComponent(r.arg));
  } catch (err) {
    if (current()) show(h("h1", { text: "Article not found" }), errorBox(err));
    return;
  }
  if (!current()) return;
  const meta = [article.source, article.published].filter(Boolean).join(" · ");
  show(h("p", {}, h("a", { href: "#/events", text: "← Events" })),
    h("h1", { text: article.title || article.article_id }),
    h("div", { class: "article-meta" }, meta,
      article.url ? [" · ", h("a", { href: article.url, rel: "noopener noreferrer", target: "_blank", text: "original" })] : null),
    codedTextView(article.text, article.mentions || [], true));
}

/* The text with every event highlighted, beside a list of event cards; a click on a card
   brings its event forward. Shared by the article page and "Code this text". */
function codedTextView(text, events, linkEvents) {
  const box = h("div", { class: "article-text", id: "coded-text" });
  const all = events.flatMap((ev, i) => eventSpans(ev, text, String(i)));
  highlight(box, text, all);
  const cards = events.map((ev, i) => h("div", { class: "event-card", tabindex: "0", "data-index": String(i),
    onclick: () => focusEvent(i) },
  h("div", {}, h("span", { class: "actor", text: (ev.source && (ev.source.name || ev.source.text)) || "?" }), " → ",
    h("span", { class: "code", text: ev.cameo }), h("span", { class: "chip", text: ev.plover || "" }), " → ",
    h("span", { class: "actor", text: (ev.target && (ev.target.name || ev.target.text)) || "—" }), " ", factChip(ev.factuality),
    linkEvents && ev.cluster_id ? [" ", h("a", { href: "#/event/" + encodeURIComponent(ev.cluster_id), text: "open",
      onclick: (e) => e.stopPropagation() })] : null),
  h("div", { class: "sent" }, evidenceSnippet(ev))));
  function focusEvent(i) {
    highlight(box, text, eventSpans(events[i], text, String(i)));
    cards.forEach((c, j) => c.classList.toggle("active", i === j));
    scrollToMark(box, "mark.hl-trigger");
  }
  const summary = events.length
    ? h("p", { class: "hint", text: `${events.length} event${events.length === 1 ? "" : "s"}; click one to show only its actors and trigger.` })
    : h("div", { class: "empty" }, h("strong", { text: "No events found in this text" }),
      "detente codes sentences in which one actor does something to another, such as “Russia's foreign minister met his Malian counterpart”.");
  return h("div", { class: "code-grid" },
    h("section", { class: "panel" }, legend(), box),
    h("section", {}, summary, h("div", { class: "event-cards" }, cards)));
}

/* ---------- Dyad: cooperation / conflict over time ---------- */
async function viewDyad(r, current) {
  const a = (r.params.get("a") || "").toUpperCase(), b = (r.params.get("b") || "").toUpperCase();
  const df = r.params.get("date_from") || "", dt = r.params.get("date_to") || "";
  const form = h("form", { class: "inline", onsubmit: (e) => {
    e.preventDefault();
    go("dyad", Object.fromEntries(new FormData(form).entries()));
  } },
  h("label", {}, "Actor A", h("input", { name: "a", value: a, placeholder: "e.g. RUS", size: "8", list: "actor-keys", required: true })),
  h("label", {}, "Actor B", h("input", { name: "b", value: b, placeholder: "e.g. UKR", size: "8", list: "actor-keys", required: true })),
  h("label", {}, "From", h("input", { name: "date_from", value: df, placeholder: "YYYY-MM", size: "10" })),
  h("label", {}, "To", h("input", { name: "date_to", value: dt, placeholder: "YYYY-MM", size: "10" })),
  h("button", { type: "submit", text: "Show timeline" }));
  const datalist = h("datalist", { id: "actor-keys" });
  const pairs = h("div", { class: "pairs" });
  const body = h("div", {});
  show(h("h1", {}, "Dyads ", h("span", { class: "sub", text: "cooperation and conflict between two actors, month by month" })),
    form, datalist, pairs, body);

  api("/api/pairs?limit=12").then((list) => {
    if (!current()) return;
    const links = (list || []).filter((p) => p.a && p.b).map((p) => h("a", { href: "#/dyad" + qs({ a: p.a, b: p.b }),
      text: `${p.a} – ${p.b} (${fmt(p.n_events)})` }));
    pairs.replaceChildren(...(links.length ? [h("span", { class: "hint", text: "Busiest pairs:" }), ...links] : []));
  }).catch(() => {});
  api("/api/actors?limit=200").then((list) => {
    if (!current()) return;
    const keys = [...new Set((list || []).map((x) => x.key).filter((k) => k && k !== "?"))];
    datalist.replaceChildren(...keys.map((k) => h("option", { value: k })));
  }).catch(() => {});

  if (!a || !b) {
    body.replaceChildren(h("div", { class: "empty" }, h("strong", { text: "Pick two actors" }),
      "Type two country codes (RUS, UKR, CAF…) or organisation codes (UNO, NATO), or click a busy pair above."));
    return;
  }
  body.replaceChildren(loading(`Loading ${a} – ${b}…`));
  let d;
  try {
    d = await api("/api/dyad" + qs({ a, b, date_from: df, date_to: dt }));
  } catch (err) {
    if (current()) body.replaceChildren(errorBox(err));
    return;
  }
  if (!current()) return;
  const total = d.totals ? d.totals.n_events : 0;
  if (!total) {
    body.replaceChildren(h("div", { class: "empty" }, h("strong", { text: `No events between ${a} and ${b}` }),
      "Check the codes, widen the dates, or pick one of the busiest pairs above."));
    return;
  }
  const months = d.months.filter((m) => m.month);
  const undated = total - months.reduce((n, m) => n + m.n_events, 0);
  const t = d.totals;
  const summary = `${fmt(t.cooperation)} cooperative, ${fmt(t.conflict)} conflictual` +
    (t.goldstein_mean === null || t.goldstein_mean === undefined ? "" : ` · mean Goldstein ${Number(t.goldstein_mean).toFixed(1)}`) +
    (t.first_day ? ` · ${t.first_day} to ${t.last_day}` : "");
  body.replaceChildren(
    h("section", { class: "panel chart", id: "dyad-chart" },
      h("h2", {}, `${d.a} – ${d.b}: ${fmt(total)} event${total === 1 ? "" : "s"} `, h("span", { class: "sub", text: summary })),
      months.length ? timelineChart(months) : h("p", { class: "hint", text: "None of these events has a date to chart." }),
      h("div", { class: "chart-legend" },
        [1, 2, 3, 4].map((q) => h("span", {}, h("i", { class: `q${q}` }), QUAD[q])),
        h("span", {}, h("i", { class: "gl" }), "mean Goldstein (right axis, −10 … +10)")),
      undated > 0 ? h("p", { class: "hint", text: `${undated} undated event${undated === 1 ? " is" : "s are"} not in the chart.` }) : null),
    h("h2", {}, "Events ", h("span", { class: "sub", text: d.top_events.length < total
      ? `the ${d.top_events.length} most reported of ${fmt(total)}` : "" })),
    eventTable(d.top_events));
}

function monthsBetween(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1; if (m > 12) { m = 1; y += 1; }
    if (out.length > 600) break;
  }
  return out;
}
function niceMax(v) {
  if (v <= 5) return 5;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= v) return k * p;
  return 10 * p;
}
let tipEl = null;
function tip(evt, text) {
  if (!tipEl) { tipEl = h("div", { class: "tip", role: "tooltip" }); document.body.appendChild(tipEl); }
  if (!text) { tipEl.hidden = true; return; }
  tipEl.hidden = false;
  tipEl.textContent = text;
  tipEl.style.left = Math.min(evt.clientX + 14, window.innerWidth - 220) + "px";
  tipEl.style.top = evt.clientY + 14 + "px";
}
/* Stacked monthly bars by QuadClass, with the mean Goldstein score as a line. */
function timelineChart(months) {
  const byMonth = Object.fromEntries(months.map((m) => [m.month, m]));
  const all = monthsBetween(months[0].month, months[months.length - 1].month);
  const W = 1000, H = 320, L = 46, R = 46, T = 14, B = 40;
  const iw = W - L - R, ih = H - T - B;
  const ymax = niceMax(Math.max(...months.map((m) => m.n_events)));
  const bw = iw / all.length;
  const y = (v) => T + ih - (v / ymax) * ih;
  const gy = (g) => T + ih / 2 - (g / 10) * (ih / 2);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Monthly events by QuadClass with mean Goldstein" });
  const grid = s("g", { class: "grid" });
  const axis = s("g", { class: "axis" });
  for (let i = 0; i <= 5; i++) {
    const v = (ymax / 5) * i, yy = y(v);
    grid.appendChild(s("line", { x1: L, x2: W - R, y1: yy, y2: yy }));
    axis.appendChild(s("text", { x: L - 6, y: yy + 4, "text-anchor": "end", text: Number.isInteger(v) ? v : v.toFixed(1) }));
  }
  for (const g of [-10, -5, 0, 5, 10]) axis.appendChild(s("text", { x: W - R + 6, y: gy(g) + 4, text: (g > 0 ? "+" : "") + g }));
  axis.appendChild(s("line", { x1: L, x2: W - R, y1: T + ih, y2: T + ih }));
  const step = Math.max(1, Math.ceil(all.length / 14));
  all.forEach((m, i) => {
    if (i % step) return;
    const x = L + bw * i + bw / 2;
    axis.appendChild(s("line", { x1: x, x2: x, y1: T + ih, y2: T + ih + 4 }));
    axis.appendChild(s("text", { x, y: T + ih + 18, "text-anchor": "middle", text: m }));
  });
  axis.appendChild(s("text", { x: 12, y: T + ih / 2, transform: `rotate(-90 12 ${T + ih / 2})`, "text-anchor": "middle", text: "events" }));
  svg.append(grid, axis, s("line", { class: "zero", x1: L, x2: W - R, y1: gy(0), y2: gy(0) }));
  const bars = s("g", {});
  const pts = [];
  all.forEach((month, i) => {
    const m = byMonth[month];
    if (!m) return;
    let base = 0;
    const x = L + bw * i + bw * 0.12, w = Math.max(1, bw * 0.76);
    const label = `${month}: ${m.n_events} event${m.n_events === 1 ? "" : "s"}\n` +
      [1, 2, 3, 4].map((q) => `${QUAD[q]}: ${m["quad" + q] || 0}`).join("\n") +
      (m.goldstein_mean === null || m.goldstein_mean === undefined ? "" : `\nmean Goldstein ${m.goldstein_mean}`);
    for (const q of [1, 2, 3, 4]) {
      const n = m["quad" + q] || 0;
      if (!n) continue;
      bars.appendChild(s("rect", { class: `bar-q${q}`, x, width: w, y: y(base + n), height: y(base) - y(base + n), "data-month": month,
        onmousemove: (e) => tip(e, label), onmouseleave: (e) => tip(e, null) }));
      base += n;
    }
    if (m.goldstein_mean !== null && m.goldstein_mean !== undefined) pts.push([L + bw * i + bw / 2, gy(m.goldstein_mean), label, i]);
  });
  svg.appendChild(bars);
  // the line breaks over months with no events rather than inventing a trend across them
  const d = pts.map((p, i) => (i && pts[i - 1][3] === p[3] - 1 ? "L" : "M") + p[0].toFixed(1) + " " + p[1].toFixed(1)).join(" ");
  if (pts.length > 1) svg.appendChild(s("path", { class: "gline", d }));
  pts.forEach((p) => svg.appendChild(s("circle", { class: "gdot", cx: p[0], cy: p[1], r: 3.5,
    onmousemove: (e) => tip(e, p[2]), onmouseleave: (e) => tip(e, null) })));
  return svg;
}

/* ---------- Network: actors and who acts on whom ---------- */
async function viewNetwork(r, current) {
  const df = r.params.get("date_from") || "", dt = r.params.get("date_to") || "", mw = r.params.get("min_weight") || "1";
  const form = h("form", { class: "inline", onsubmit: (e) => {
    e.preventDefault();
    go("network", Object.fromEntries(new FormData(form).entries()));
  } },
  h("label", {}, "From", h("input", { name: "date_from", value: df, placeholder: "YYYY-MM-DD", size: "11" })),
  h("label", {}, "To", h("input", { name: "date_to", value: dt, placeholder: "YYYY-MM-DD", size: "11" })),
  h("label", {}, "Min. events per link", h("input", { name: "min_weight", value: mw, type: "number", min: "1", class: "narrow" })),
  h("button", { type: "submit", text: "Draw" }));
  const body = h("div", {}, loading("Loading the network…"));
  show(h("h1", {}, "Network ", h("span", { class: "sub", text: "actors linked by the events between them" })), form, body);
  let net;
  try {
    net = await api("/api/network" + qs({ date_from: df, date_to: dt, min_weight: mw }));
  } catch (err) {
    if (current()) body.replaceChildren(errorBox(err));
    return;
  }
  if (!current()) return;
  if (!net.nodes.length || !net.edges.length) {
    body.replaceChildren(serverStatus && serverStatus.events === 0 ? emptyStore()
      : h("div", { class: "empty" }, h("strong", { text: "No links in this period" }), "Widen the dates or lower the minimum."));
    return;
  }
  body.replaceChildren(h("section", { class: "panel network" }, networkChart(net),
    h("div", { class: "chart-legend" },
      h("span", { text: "Circle size: events involving the actor · line width: events between the pair · line colour: mean Goldstein, red (conflict) to green (cooperation). Click an actor for its events, a line for the pair's timeline." }))));
}
function goldsteinColour(g) {
  if (g === null || g === undefined) return "#8892a6";
  const t = Math.max(-1, Math.min(1, g / 7));
  const mix = (c1, c2, k) => c1.map((c, i) => Math.round(c + (c2[i] - c) * k));
  const grey = [150, 156, 168], red = [192, 57, 43], green = [30, 123, 60];
  const c = t < 0 ? mix(grey, red, -t) : mix(grey, green, t);
  return `rgb(${c.join(",")})`;
}
/* A small force layout: spring edges, repelling nodes, run to rest before drawing. */
function networkChart(net) {
  const W = 1000, H = 560;
  const nodes = [...net.nodes].sort((x, y) => (y.n_events || 0) - (x.n_events || 0)).slice(0, 80);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  // the store's edges are directed; draw one line per pair, its weight the sum of both ways
  const pairs = new Map();
  for (const e of net.edges) {
    if (!index.has(e.source) || !index.has(e.target) || e.source === e.target) continue;
    const [a, b] = [e.source, e.target].sort();
    const p = pairs.get(a + "|" + b) || { source: a, target: b, weight: 0, gsum: 0, gn: 0 };
    p.weight += e.weight;
    if (e.goldstein_mean !== null && e.goldstein_mean !== undefined) { p.gsum += e.goldstein_mean * e.weight; p.gn += e.weight; }
    pairs.set(a + "|" + b, p);
  }
  const edges = [...pairs.values()].map((p) => ({ ...p, goldstein_mean: p.gn ? p.gsum / p.gn : null }));
  const maxW = Math.max(...edges.map((e) => e.weight), 1);
  const maxN = Math.max(...nodes.map((n) => n.n_events || 1), 1);
  const pos = nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    return { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a) };
  });
  const k = Math.sqrt((W * H) / Math.max(nodes.length, 1)) * 0.75;
  for (let it = 0, temp = W / 8; it < 300; it++, temp *= 0.985) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(Math.hypot(dx, dy), 0.01), f = (k * k) / d;
        dx /= d; dy /= d;
        disp[i].x += dx * f; disp[i].y += dy * f; disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const e of edges) {
      const i = index.get(e.source), j = index.get(e.target);
      let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
      const d = Math.max(Math.hypot(dx, dy), 0.01), f = ((d * d) / k) * (0.5 + e.weight / maxW);
      dx /= d; dy /= d;
      disp[i].x -= dx * f; disp[i].y -= dy * f; disp[j].x += dx * f; disp[j].y += dy * f;
    }
    pos.forEach((p, i) => {
      // a gentle pull to the centre keeps unlinked actors on the canvas
      disp[i].x += (W / 2 - p.x) * 0.05 * k / 10; disp[i].y += (H / 2 - p.y) * 0.05 * k / 10;
      const d = Math.max(Math.hypot(disp[i].x, disp[i].y), 0.01), step = Math.min(d, temp);
      p.x = Math.min(W - 40, Math.max(40, p.x + (disp[i].x / d) * step));
      p.y = Math.min(H - 30, Math.max(30, p.y + (disp[i].y / d) * step));
    });
  }
  // fit the drawing to the canvas, leaving room for labels
  const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const f = Math.min((W - 160) / Math.max(x1 - x0, 1), (H - 120) / Math.max(y1 - y0, 1), 1.6);
  pos.forEach((p) => {  // one scale for both axes, centred: no distortion
    p.x = W / 2 + (p.x - (x0 + x1) / 2) * f;
    p.y = H / 2 + 10 + (p.y - (y0 + y1) / 2) * f;
  });
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Actor network" });
  const eg = s("g", {});
  for (const e of edges) {
    const p = pos[index.get(e.source)], q = pos[index.get(e.target)];
    const label = `${e.source} – ${e.target}: ${e.weight} events` +
      (e.goldstein_mean === null || e.goldstein_mean === undefined ? "" : `, mean Goldstein ${Number(e.goldstein_mean).toFixed(1)}`);
    const line = s("line", { class: "edge", x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: goldsteinColour(e.goldstein_mean),
      "stroke-width": (1 + 7 * Math.sqrt(e.weight / maxW)).toFixed(1), "stroke-opacity": "0.65",
      onclick: () => go("dyad", { a: e.source, b: e.target }),
      onmousemove: (ev) => tip(ev, label), onmouseleave: (ev) => tip(ev, null) });
    line.style.cursor = "pointer";
    eg.appendChild(line);
  }
  const ng = s("g", {});
  nodes.forEach((n, i) => {
    const rr = 6 + 16 * Math.sqrt((n.n_events || 1) / maxN);
    const target = { actor: n.id };  // a key: ISO3 country, org or sector code
    ng.appendChild(s("g", { class: "node", "data-id": n.id, onclick: () => go("events", target),
      onmousemove: (ev) => tip(ev, `${n.label || n.id}: ${n.n_events || 0} events`), onmouseleave: (ev) => tip(ev, null) },
    s("circle", { cx: pos[i].x, cy: pos[i].y, r: rr.toFixed(1) }),
    s("text", { x: pos[i].x, y: pos[i].y - rr - 4, "text-anchor": "middle", text: n.id })));
  });
  svg.append(eg, ng);
  return svg;
}

/* ---------- Code this text ---------- */
const SAMPLE = "KAMPALA, March 3 (Detente sample) - Uganda's foreign minister met his Kenyan counterpart " +
  "in Nairobi on Monday and the two governments agreed to reopen the border crossing at Busia.\n\n" +
  "Separately, Kenyan police arrested twelve opposition supporters during a protest in Kisumu, " +
  "and the opposition accused the government of trying to silence its critics.";
function viewCode(r, current) {
  const text = h("textarea", { id: "code-text", name: "text", placeholder: "Paste a news article here…",
    "aria-label": "Article text" });
  const published = h("input", { id: "code-published", name: "published", placeholder: "YYYY-MM-DD", size: "11" });
  const button = h("button", { type: "submit", id: "code-run", text: "Code this text" });
  const out = h("div", { id: "code-result" }, h("p", { class: "hint",
    text: "Paste an article (or use the sample), then press “Code this text”. Nothing is stored." }));
  const form = h("form", { onsubmit: async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { out.replaceChildren(errorBox(new Error("Paste some text first."))); return; }
    button.disabled = true;
    out.replaceChildren(loading("Coding… the first request loads the language model, which can take 10–20 seconds."));
    try {
      const res = await api("/api/extract", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text.value, published: published.value.trim() || null }) });
      if (!current()) return;
      out.replaceChildren(codedTextView(res.text, res.events, false));
    } catch (err) {
      if (current()) out.replaceChildren(errorBox(err));
    } finally {
      button.disabled = false;
    }
  } },
  text,
  h("div", { class: "inline" },
    h("label", {}, "Published ", published),
    button,
    h("button", { type: "button", class: "ghost", text: "Use a sample", onclick: () => { text.value = SAMPLE; published.value = "2025-03-03"; } })));
  show(h("h1", {}, "Code this text ", h("span", { class: "sub", text: "see the events detente finds in an article" })),
    h("section", { class: "panel" }, form), h("h2", { text: "Events" }), out);
}

function viewNotFound() {
  show(h("h1", { text: "Page not found" }), h("p", {}, h("a", { href: "#/events", text: "Go to events" })));
}

loadStatus();
route();
