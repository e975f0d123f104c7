// The buurt map for municipal analysts (issue 14 item 4): the geometry comes once as compact TopoJSON
// (/api/topology) and is drawn here; the values of a measure come separately (/api/map?format=json) with the classes
// and colours of the one chart layer. Search a gemeente or buurt, pan and zoom, a gemeente view and a buurt view,
// shapes focusable and operable by keyboard, a tooltip naming buurt, gemeente, value with unit, year, source and
// provenance, and a sortable table alternative. No external library: TopoJSON is decoded below (about 30 lines).
"use strict";

Object.assign(I18N.nl, {
  mapSearch: "Zoek een gemeente of buurt", mapSearchButton: "Zoek", mapNotFound: "Niets gevonden voor",
  mapZoomIn: "Inzoomen", mapZoomOut: "Uitzoomen", mapReset: "Heel Nederland", mapSkip: "Sla de kaart over (naar de tabel)",
  mapHelp: "Slepen of pijltjestoetsen: schuiven; scrollen of + en −: zoomen. Tab naar een buurt; focus toont de waarde, Enter opent de buurt.",
  mapViewNational: "Heel Nederland", mapViewGemeente: "Gemeente", mapViewBuurt: "Buurt", mapToGemeente: "Bekijk de gemeente",
  buurt: "Buurt", gemeenteCol: "Gemeente", code: "Code", periodCol: "Jaar", sourceCol: "Bron", rankInGemeente: "Rang in gemeente",
  mapTable: "Tabel bij de kaart", mapTableNational: "Tabel: alle buurten met een waarde", sortBy: "sorteer op",
  buurtenWithValue: "buurten met een waarde", medianOf: "mediaan", nationalMedian: "landelijke mediaan",
  rankOf: "{rank}e van {n} buurten in de gemeente (1 = hoogste)", boundaries: "Grenzen",
  mapNoValue: "geen waarde", legendTitle: "Legenda", provenanceCol: "Herkomst van de cijfers",
});
Object.assign(I18N.en, {
  mapSearch: "Search a gemeente (municipality) or buurt", mapSearchButton: "Search", mapNotFound: "Nothing found for",
  mapZoomIn: "Zoom in", mapZoomOut: "Zoom out", mapReset: "All of the Netherlands", mapSkip: "Skip the map (to the table)",
  mapHelp: "Drag or arrow keys: pan; scroll or + and −: zoom. Tab to a buurt; focus shows its value, Enter opens the buurt.",
  mapViewNational: "All of the Netherlands", mapViewGemeente: "Gemeente", mapViewBuurt: "Buurt", mapToGemeente: "View the gemeente",
  buurt: "Buurt", gemeenteCol: "Gemeente", code: "Code", periodCol: "Year", sourceCol: "Source", rankInGemeente: "Rank in gemeente",
  mapTable: "Table for the map", mapTableNational: "Table: every buurt with a value", sortBy: "sort by",
  buurtenWithValue: "buurten with a value", medianOf: "median", nationalMedian: "national median",
  rankOf: "{rank} of {n} buurten in the gemeente (1 = highest)", boundaries: "Boundaries",
  mapNoValue: "no value", legendTitle: "Legend", provenanceCol: "Provenance",
});

const SVGNS = "http://www.w3.org/2000/svg";
const COS52 = Math.cos(52 * Math.PI / 180);
const MAP_WIDTH = 900;
const mapState = { geo: null, values: null, view: { mode: "national", code: null }, box: null, sort: { key: "value", dir: -1 } };
const esc = s => String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const loc = () => state.lang === "en" ? "en-GB" : "nl-NL";

/** Decodes a quantised TopoJSON topology into SVG path strings per geometry (equirectangular, longitude × cos 52°,
 *  as the server's ChoroplethSvg projects), with a bounding box per geometry. */
function decodeTopology(topo, objectName, project) {
  const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
  const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
  const arcs = topo.arcs.map(arc => { let x = 0, y = 0; return arc.map(p => topo.transform ? [(x += p[0]) * sx + tx, (y += p[1]) * sy + ty] : p); });
  const ring = r => { const pts = []; r.forEach((i, k) => { const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i]; pts.push(...(k ? a.slice(1) : a)); }); return pts; };
  return topo.objects[objectName].geometries.map(g => {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { code: g.id, name: g.properties.n || null, parent: g.properties.p || null, rings: polys.flatMap(p => p.map(ring)) };
  });
}

function projectAll(buurten, gemeenten) {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const f of buurten) for (const r of f.rings) for (const [lon, lat] of r) {
    const x = lon * COS52; if (x < minX) minX = x; if (x > maxX) maxX = x; if (lat < minY) minY = lat; if (lat > maxY) maxY = lat;
  }
  const scale = MAP_WIDTH / (maxX - minX);
  const toPath = f => {
    let d = "", bx0 = Infinity, bx1 = -Infinity, by0 = Infinity, by1 = -Infinity;
    for (const r of f.rings) {
      r.forEach(([lon, lat], i) => {
        const x = (lon * COS52 - minX) * scale, y = (maxY - lat) * scale;
        if (x < bx0) bx0 = x; if (x > bx1) bx1 = x; if (y < by0) by0 = y; if (y > by1) by1 = y;
        d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
      });
      d += "Z";
    }
    f.d = d; f.box = [bx0, by0, bx1 - bx0, by1 - by0]; delete f.rings;
  };
  buurten.forEach(toPath); gemeenten.forEach(toPath);
  return { width: MAP_WIDTH, height: (maxY - minY) * scale };
}

async function loadGeometry() {
  if (mapState.geo) return mapState.geo;
  const [bt, gt] = await Promise.all([api("/api/topology?level=buurt"), api("/api/topology?level=gemeente")]);
  const buurten = decodeTopology(bt, "buurt").filter(f => f.rings.length);
  const gemeenten = decodeTopology(gt, "gemeente").filter(f => f.rings.length);
  const size = projectAll(buurten, gemeenten);
  const names = bt.parents || {};
  for (const g of gemeenten) if (g.name) names[g.code] = names[g.code] || g.name;
  mapState.geo = { buurten, gemeenten, size, gemeenteNames: names, byCode: new Map(buurten.map(f => [f.code, f])) };
  return mapState.geo;
}

const gemeenteLabel = code => { const n = mapState.geo.gemeenteNames[code]; return n ? `${n} (${code})` : code; };

function mapUnit() { const v = mapState.values; return state.lang === "en" ? v.unit_en : v.unit_nl; }
function fmtValue(v) { return v == null ? t("mapNoValue") : `${Number(v).toLocaleString(loc(), { maximumFractionDigits: 1 })} ${mapUnit()}`; }

/** The text of a buurt's tooltip and accessible name: buurt, gemeente, value with unit, year, source and provenance. */
function buurtText(f, full) {
  const v = mapState.values.byCode.get(f.code);
  const name = `${f.name || f.code} (${f.code})`, where = f.parent ? `, gemeente ${gemeenteLabel(f.parent)}` : "";
  const value = v == null ? t("noData") : `${fmtValue(v.value)} — ${t("provenance_" + mapState.values.provenance)}`;
  const tail = full ? `; ${t("periodCol").toLowerCase()} ${mapState.values.period || "—"}; ${t("sourceCol").toLowerCase()}: ${mapState.values.source}` : "";
  return `${name}${where}: ${value}${v == null ? "" : tail}`;
}

function drawMap() {
  const { buurten, gemeenten, size } = mapState.geo;
  const holder = document.getElementById("map-svg");
  const parts = [`<svg xmlns="${SVGNS}" id="map-canvas" viewBox="0 0 ${size.width.toFixed(1)} ${size.height.toFixed(1)}" role="group" aria-labelledby="h-map" aria-describedby="map-help">`,
    `<defs><pattern id="map-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" class="hatch"/></pattern></defs><g id="map-areas">`];
  for (const f of buurten)
    parts.push(`<path id="${esc("m-" + f.code)}" data-code="${esc(f.code)}"${f.name ? ` data-name="${esc(f.name)}"` : ""}${f.parent ? ` data-gemeente="${esc(f.parent)}"` : ""} tabindex="0" role="button" d="${f.d}"/>`);
  parts.push(`</g><g id="map-gemeenten" aria-hidden="true">`);
  for (const g of gemeenten) parts.push(`<path data-gm="${esc(g.code)}" d="${g.d}"/>`);
  parts.push("</g></svg>");
  holder.querySelector(".map-canvas").innerHTML = parts.join("");
  mapState.paths = new Map([...holder.querySelectorAll("#map-areas path")].map(p => [p.dataset.code, p]));
  mapState.box = [0, 0, size.width, size.height];
  wireMap(holder);
}

function colourMap() {
  const vals = mapState.values;
  document.getElementById("map-hatch").querySelector("line").setAttribute("stroke", vals.missing_hatch);
  for (const f of mapState.geo.buurten) {
    const p = mapState.paths.get(f.code), v = vals.byCode.get(f.code);
    p.setAttribute("fill", v == null || v.class < 0 ? "url(#map-hatch)" : vals.classes[v.class].colour);
    if (v == null) p.removeAttribute("data-value"); else p.dataset.value = v.value;
    p.dataset.context = f.parent ? `gemeente ${gemeenteLabel(f.parent)}` : "";
    p.setAttribute("aria-label", buurtText(f, false));
  }
}

function setViewBox(box) {
  const { width, height } = mapState.geo.size;
  const w = Math.min(Math.max(box[2], width / 400), width * 1.2), h = w * height / width;
  const cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
  mapState.box = [Math.min(Math.max(cx - w / 2, -w / 2), width - w / 2), Math.min(Math.max(cy - h / 2, -h / 2), height - h / 2), w, h];
  const svg = document.getElementById("map-canvas");
  svg.setAttribute("viewBox", mapState.box.map(x => x.toFixed(2)).join(" "));
  document.getElementById("map-svg").dataset.zoom = (width / w).toFixed(2);
}

function zoomBy(factor, cx, cy) {
  const [x, y, w, h] = mapState.box;
  cx = cx ?? x + w / 2; cy = cy ?? y + h / 2;
  const nw = w / factor;
  setViewBox([cx - (cx - x) / factor, cy - (cy - y) / factor, nw, nw * h / w].map((v, i) => i < 2 ? v : v));
}

function panBy(dx, dy) { const [x, y, w, h] = mapState.box; setViewBox([x + dx * w, y + dy * h, w, h]); }

function zoomTo(box, pad = 0.15) {
  const { width, height } = mapState.geo.size;
  let [x, y, w, h] = box;
  const aspect = width / height;
  w = Math.max(w, 2); h = Math.max(h, 2);
  if (w / h < aspect) { const nw = h * aspect; x -= (nw - w) / 2; w = nw; } else { const nh = w / aspect; y -= (nh - h) / 2; h = nh; }
  setViewBox([x - w * pad, y - h * pad, w * (1 + 2 * pad), h * (1 + 2 * pad)]);
}

function unionBox(features) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const f of features) { x0 = Math.min(x0, f.box[0]); y0 = Math.min(y0, f.box[1]); x1 = Math.max(x1, f.box[0] + f.box[2]); y1 = Math.max(y1, f.box[1] + f.box[3]); }
  return [x0, y0, x1 - x0, y1 - y0];
}

function showTip(path, clientX, clientY) {
  const f = mapState.geo.byCode.get(path.dataset.code);
  const tip = document.getElementById("map-tooltip");
  tip.textContent = buurtText(f, true);
  tip.hidden = false;
  const wrap = document.getElementById("map-svg").getBoundingClientRect();
  if (clientX == null) { const r = path.getBoundingClientRect(); clientX = r.left + r.width / 2; clientY = r.bottom; }
  tip.style.left = Math.max(0, Math.min(clientX - wrap.left + 12, wrap.width - tip.offsetWidth)) + "px";
  tip.style.top = Math.max(0, clientY - wrap.top + 12) + "px";
}

function wireMap(holder) {
  const svg = document.getElementById("map-canvas");
  svg.addEventListener("mousemove", e => { const p = e.target.closest("path[data-code]"); if (p) showTip(p, e.clientX, e.clientY); });
  svg.addEventListener("mouseover", e => { const p = e.target.closest("path[data-code]"); if (p) showTip(p, e.clientX, e.clientY); });
  svg.addEventListener("focusin", e => { const p = e.target.closest("path[data-code]"); if (p) showTip(p); });
  svg.addEventListener("mouseleave", () => { if (!svg.contains(document.activeElement)) document.getElementById("map-tooltip").hidden = true; });
  svg.addEventListener("click", e => { const p = e.target.closest("path[data-code]"); if (p && !mapState.dragged) setMapView("buurt", p.dataset.code); });
  svg.addEventListener("keydown", e => {
    const p = e.target.closest("path[data-code]");
    if (p && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); setMapView("buurt", p.dataset.code); p.focus({ preventScroll: true }); showTip(p); return; }
    const pans = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
    if (pans[e.key]) { e.preventDefault(); panBy(...pans[e.key]); }
    else if (e.key === "+" || e.key === "=") { e.preventDefault(); zoomBy(1.5); }
    else if (e.key === "-") { e.preventDefault(); zoomBy(1 / 1.5); }
  });
  const toMap = (cx, cy) => { const r = svg.getBoundingClientRect(), [x, y, w, h] = mapState.box; return [x + (cx - r.left) / r.width * w, y + (cy - r.top) / r.height * h]; };
  svg.addEventListener("wheel", e => { e.preventDefault(); const [mx, my] = toMap(e.clientX, e.clientY); zoomBy(e.deltaY < 0 ? 1.25 : 0.8, mx, my); }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", e => { drag = { x: e.clientX, y: e.clientY, box: mapState.box.slice() }; mapState.dragged = false; });
  svg.addEventListener("pointermove", e => {
    if (!drag || !(e.buttons & 1)) return;
    const r = svg.getBoundingClientRect(), dx = (e.clientX - drag.x) / r.width * drag.box[2], dy = (e.clientY - drag.y) / r.height * drag.box[3];
    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 4) { mapState.dragged = true; svg.setPointerCapture(e.pointerId); }
    if (mapState.dragged) setViewBox([drag.box[0] - dx, drag.box[1] - dy, drag.box[2], drag.box[3]]);
  });
  svg.addEventListener("pointerup", () => { drag = null; setTimeout(() => { mapState.dragged = false; }, 0); });
}

/** National, gemeente or buurt view: zoom, highlight, the summary line, the detail card and the table. */
function setMapView(mode, code) {
  mapState.view = { mode, code };
  const geo = mapState.geo, vals = mapState.values;
  const gm = mode === "gemeente" ? code : mode === "buurt" ? (geo.byCode.get(code) || {}).parent : null;
  for (const [c, p] of mapState.paths) {
    const f = geo.byCode.get(c);
    p.classList.toggle("outside", !!gm && f.parent !== gm);
    p.classList.toggle("selected", mode === "buurt" && c === code);
  }
  const holder = document.getElementById("map-svg");
  holder.dataset.view = mode; holder.dataset.code = code || "";
  const inGm = gm ? geo.buurten.filter(f => f.parent === gm) : geo.buurten;
  if (mode === "national") setViewBox([0, 0, geo.size.width, geo.size.height]);
  else if (mode === "gemeente") zoomTo(unionBox(inGm), 0.05);
  else zoomTo(geo.byCode.get(code).box, 1.2);
  const median = xs => { const s = xs.slice().sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null; };
  const nat = median(vals.values.map(v => v.value));
  const withValue = inGm.map(f => vals.byCode.get(f.code)).filter(v => v != null);
  const summary = document.getElementById("map-view");
  const label = state.lang === "en" ? vals.label_en : vals.label_nl;
  if (mode === "national") summary.textContent = `${t("mapViewNational")}: ${label}, ${vals.period || ""} — ${num(vals.values.length)} ${t("buurtenWithValue")}, ${t("medianOf")} ${fmtValue(nat)}.`;
  else summary.textContent = `${t("mapViewGemeente")} ${gemeenteLabel(gm)}: ${withValue.length} ${t("buurtenWithValue")}, ${t("medianOf")} ${fmtValue(median(withValue.map(v => v.value)))} (${t("nationalMedian")} ${fmtValue(nat)}).`;
  const detail = document.getElementById("map-detail");
  detail.innerHTML = "";
  detail.hidden = mode !== "buurt";
  if (mode === "buurt") {
    const f = geo.byCode.get(code), v = vals.byCode.get(code);
    const ranked = withValue.slice().sort((a, b) => b.value - a.value);
    const h = document.createElement("h3"); h.textContent = `${t("mapViewBuurt")} ${f.name || code} (${code})`; detail.appendChild(h);
    const dl = document.createElement("dl");
    const add = (k, val) => { const dt = document.createElement("dt"); dt.textContent = k; const dd = document.createElement("dd"); dd.textContent = val; dl.append(dt, dd); };
    add(t("gemeenteCol"), f.parent ? gemeenteLabel(f.parent) : "—");
    add(label, v ? fmtValue(v.value) : t("noData"));
    if (v) add(t("rankInGemeente"), t("rankOf").replace("{rank}", ranked.indexOf(v) + 1).replace("{n}", ranked.length));
    add(t("periodCol"), vals.period || "—");
    add(t("sourceCol"), vals.source);
    add(t("provenanceCol"), t("provenance_" + vals.provenance));
    detail.appendChild(dl);
    if (f.parent) {
      const b = document.createElement("button"); b.type = "button"; b.id = "map-to-gemeente"; b.textContent = `${t("mapToGemeente")} ${gemeenteLabel(f.parent)}`;
      b.addEventListener("click", () => setMapView("gemeente", f.parent)); detail.appendChild(b);
    }
  }
  renderMapTable(gm, mode);
}

function renderMapTable(gm, mode) {
  const geo = mapState.geo, vals = mapState.values;
  const rows = (gm ? geo.buurten.filter(f => f.parent === gm) : geo.buurten.filter(f => vals.byCode.has(f.code)))
    .map(f => ({ code: f.code, name: f.name || f.code, gemeente: f.parent ? (geo.gemeenteNames[f.parent] || f.parent) : "", value: vals.byCode.has(f.code) ? vals.byCode.get(f.code).value : null }));
  const { key, dir } = mapState.sort;
  rows.sort((a, b) => {
    const x = a[key], y = b[key];
    if (x == null && y == null) return 0; if (x == null) return 1; if (y == null) return -1;
    return (typeof x === "number" ? x - y : String(x).localeCompare(String(y), loc())) * dir;
  });
  const wrap = document.getElementById("map-table-wrap");
  const wasOpen = wrap.querySelector("details") ? wrap.querySelector("details").open : false;
  wrap.innerHTML = "";
  const details = document.createElement("details");
  details.open = mode !== "national" || wasOpen;
  const s = document.createElement("summary");
  s.textContent = gm ? `${t("mapTable")}: gemeente ${gemeenteLabel(gm)} (${rows.length})` : `${t("mapTableNational")} (${rows.length})`;
  details.appendChild(s);
  const fill = () => {
    const table = document.createElement("table"); table.id = "map-table";
    const cap = document.createElement("caption"); cap.textContent = `${state.lang === "en" ? vals.label_en : vals.label_nl} (${mapUnit()}), ${vals.period || ""}; ${t("provenance_" + vals.provenance)}`; table.appendChild(cap);
    const head = table.createTHead().insertRow();
    for (const [k, text] of [["name", t("buurt")], ["code", t("code")], ["gemeente", t("gemeenteCol")], ["value", `${t("value")} (${mapUnit()})`]]) {
      const th = document.createElement("th"); th.scope = "col";
      th.setAttribute("aria-sort", k === key ? (dir > 0 ? "ascending" : "descending") : "none");
      const b = document.createElement("button"); b.type = "button"; b.dataset.sort = k; b.textContent = text;
      b.setAttribute("aria-label", `${text}, ${t("sortBy")}`);
      b.addEventListener("click", () => { mapState.sort = { key: k, dir: k === key ? -dir : (k === "value" ? -1 : 1) }; renderMapTable(gm, mode); wrap.querySelector(`button[data-sort="${k}"]`).focus(); });
      th.appendChild(b); head.appendChild(th);
    }
    const body = table.createTBody();
    const html = rows.map(r => `<tr data-code="${esc(r.code)}"><th scope="row">${esc(r.name)}</th><td>${esc(r.code)}</td><td>${esc(r.gemeente)}</td><td data-value="${r.value ?? ""}">${esc(r.value == null ? t("mapNoValue") : Number(r.value).toLocaleString(loc(), { maximumFractionDigits: 1 }))}</td></tr>`);
    body.innerHTML = html.join("");
    details.appendChild(table);
  };
  // the national table has some 11,000 rows: built when it is opened
  if (details.open) fill(); else details.addEventListener("toggle", () => { if (details.open && !details.querySelector("table")) fill(); }, { once: false });
  wrap.appendChild(details);
}

function renderLegend() {
  const vals = mapState.values, el = document.getElementById("map-legend");
  el.innerHTML = "";
  const h = document.createElement("p"); h.className = "legend-title"; h.textContent = `${t("legendTitle")}: ${mapUnit()}`; el.appendChild(h);
  const ul = document.createElement("ul");
  for (const c of vals.classes) {
    const li = document.createElement("li"); const sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = c.colour; sw.setAttribute("aria-hidden", "true");
    li.append(sw, `${Number(c.lower).toLocaleString(loc(), { maximumFractionDigits: 1 })} – ${Number(c.upper).toLocaleString(loc(), { maximumFractionDigits: 1 })}`); ul.appendChild(li);
  }
  const li = document.createElement("li"); const sw = document.createElement("span"); sw.className = "swatch hatched"; sw.setAttribute("aria-hidden", "true");
  li.append(sw, t("noData")); ul.appendChild(li);
  el.appendChild(ul);
  const src = document.createElement("p"); src.className = "hint"; src.textContent = `${t("sourceCol")}: ${vals.source}`; el.appendChild(src);
}

function fillSearchList() {
  const list = document.getElementById("map-search-list"), q = document.getElementById("map-search").value.trim().toLowerCase();
  const geo = mapState.geo; if (!geo) return;
  const opts = Object.entries(geo.gemeenteNames).filter(([, n]) => !q || n.toLowerCase().startsWith(q)).slice(0, 15).map(([c, n]) => `gemeente ${n}`);
  if (q.length >= 2) opts.push(...geo.buurten.filter(f => (f.name || "").toLowerCase().startsWith(q) || f.code.toLowerCase() === q).slice(0, 15)
    .map(f => `${f.name || f.code} (${f.code})`));
  list.innerHTML = opts.map(o => `<option value="${esc(o)}"></option>`).join("");
}

/** A gemeente name (with or without "gemeente"), a GM code, a buurt name or a BU code → a view. */
function searchMap(text) {
  const geo = mapState.geo, q = text.trim().replace(/^gemeente\s+/i, "").toLowerCase();
  const code = (q.match(/\((bu\d{8}|gm\d{4})\)$/) || [])[1] || q;
  const gm = Object.entries(geo.gemeenteNames).find(([c, n]) => c.toLowerCase() === code || n.toLowerCase() === q);
  if (gm) return setMapView("gemeente", gm[0]);
  const bu = geo.buurten.find(f => f.code.toLowerCase() === code) || geo.buurten.find(f => (f.name || "").toLowerCase() === q)
    || geo.buurten.find(f => (f.name || "").toLowerCase().startsWith(q));
  if (bu) { setMapView("buurt", bu.code); const p = mapState.paths.get(bu.code); p.focus({ preventScroll: true }); showTip(p); return; }
  document.getElementById("map-view").textContent = `${t("mapNotFound")} “${text}”.`;
}

async function renderMap() {
  const m = document.getElementById("map-measure").value;
  const n = (latest.map = (latest.map || 0) + 1);
  const [geo, vals] = await Promise.all([loadGeometry(), api(`/api/map?measure=${encodeURIComponent(m)}&format=json`)]);
  if (n !== latest.map) return;
  vals.byCode = new Map(vals.values.map(v => [v.code, v]));
  mapState.values = vals;
  if (!document.getElementById("map-canvas")) drawMap();
  colourMap();
  const note = document.getElementById("map-provenance");
  note.className = vals.provenance === "synthetic" ? "synthetic" : "real";
  note.dataset.provenance = vals.provenance;
  note.textContent = `${t("provenance_" + vals.provenance)}: ${vals.provenance === "synthetic" ? t("synthPanel") : t("realPanel")}`;
  const holder = document.getElementById("map-svg");
  holder.dataset.measure = m;
  holder.dataset.provenance = vals.provenance;
  const tip = document.getElementById("map-tooltip");
  tip.hidden = true;
  document.getElementById("map-help").textContent = t("mapHelp");
  renderLegend();
  const v = mapState.view;
  setMapView(v.mode, v.code);
  if (v.mode === "national") setViewBox(mapState.box);
  holder.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("map-search").addEventListener("input", fillSearchList);
  document.getElementById("map-search-form").addEventListener("submit", e => { e.preventDefault(); if (mapState.geo) searchMap(document.getElementById("map-search").value); });
  document.getElementById("map-zoom-in").addEventListener("click", () => zoomBy(1.5));
  document.getElementById("map-zoom-out").addEventListener("click", () => zoomBy(1 / 1.5));
  document.getElementById("map-reset").addEventListener("click", () => setMapView("national", null));
});
