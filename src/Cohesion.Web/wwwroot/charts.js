// Small SVG chart helpers for the dashboard. Each chart comes with a table alternative (WCAG 1.1.1).
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#42145f", "#8fcae7", "#ca005d", "#673327"];

function el(name, attrs, parent) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function niceTicks(min, max, count) {
  const span = max - min || 1;
  const step0 = Math.pow(10, Math.floor(Math.log10(span / count)));
  const err = (span / count) / step0;
  const step = step0 * (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1);
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) ticks.push(+v.toFixed(10));
  return ticks;
}

/** Line chart with optional bands. series: [{name, points:[{x, y, lo, hi}]}]. fmt formats y values. */
function lineChart(series, opts) {
  const W = opts.width || 640, H = opts.height || 320, m = { l: 56, r: 16, t: 16, b: 40 };
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.title || "" });
  el("title", {}, svg).textContent = opts.title || "";
  const xs = series.flatMap(s => s.points.map(p => p.x));
  const ys = series.flatMap(s => s.points.flatMap(p => [p.y, p.lo ?? p.y, p.hi ?? p.y])).filter(v => v != null);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [opts.yMin ?? Math.min(...ys), opts.yMax ?? Math.max(...ys)];
  const pad = (y1 - y0) * 0.08 || 0.01; y0 -= pad; y1 += pad;
  const X = x => m.l + (x - x0) / (x1 - x0 || 1) * (W - m.l - m.r);
  const Y = y => H - m.b - (y - y0) / (y1 - y0 || 1) * (H - m.t - m.b);
  const fmt = opts.fmt || (v => v.toFixed(2));
  for (const t of niceTicks(y0, y1, 5)) {
    el("line", { x1: m.l, x2: W - m.r, y1: Y(t), y2: Y(t), stroke: "#e0e0e0" }, svg);
    el("text", { x: m.l - 6, y: Y(t) + 4, "text-anchor": "end", "font-size": 11, fill: "#333" }, svg).textContent = fmt(t);
  }
  for (const t of niceTicks(x0, x1, 6)) {
    el("text", { x: X(t), y: H - m.b + 16, "text-anchor": "middle", "font-size": 11, fill: "#333" }, svg).textContent = t;
  }
  el("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, stroke: "#333" }, svg);
  series.forEach((s, i) => {
    const c = s.color || PALETTE[i % PALETTE.length];
    const banded = s.points.filter(p => p.lo != null && p.hi != null);
    if (banded.length > 1) {
      const d = banded.map((p, j) => `${j ? "L" : "M"}${X(p.x)},${Y(p.hi)}`).join("") +
        banded.slice().reverse().map(p => `L${X(p.x)},${Y(p.lo)}`).join("") + "Z";
      el("path", { d, fill: c, "fill-opacity": 0.15, stroke: "none" }, svg);
    }
    const d = s.points.map((p, j) => `${j ? "L" : "M"}${X(p.x)},${Y(p.y)}`).join("");
    el("path", { d, fill: "none", stroke: c, "stroke-width": 2.5, "data-series": s.name }, svg);
  });
  const legend = el("g", { transform: `translate(${m.l + 8},${m.t + 4})` }, svg);
  series.forEach((s, i) => {
    const c = s.color || PALETTE[i % PALETTE.length];
    el("rect", { x: 0, y: i * 16, width: 12, height: 4, fill: c }, legend);
    el("text", { x: 16, y: i * 16 + 6, "font-size": 11, fill: "#1a1a1a" }, legend).textContent = s.name;
  });
  return svg;
}

/** Horizontal bar chart. bars: [{label, value}] with values that may be negative. */
function barChart(bars, opts) {
  const W = opts.width || 640, rowH = 26, m = { l: opts.left || 340, r: 70, t: 10, b: 24 };
  const H = m.t + m.b + rowH * bars.length;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.title || "" });
  el("title", {}, svg).textContent = opts.title || "";
  const vals = bars.map(b => b.value).concat([0]);
  const [v0, v1] = [Math.min(...vals), Math.max(...vals)];
  const X = v => m.l + (v - v0) / (v1 - v0 || 1) * (W - m.l - m.r);
  const fmt = opts.fmt || (v => v.toFixed(3));
  bars.forEach((b, i) => {
    const y = m.t + i * rowH;
    el("text", { x: m.l - 8, y: y + rowH / 2 + 4, "text-anchor": "end", "font-size": 12, fill: "#1a1a1a" }, svg).textContent = b.label;
    const xa = X(Math.min(0, b.value)), xb = X(Math.max(0, b.value));
    el("rect", { x: xa, y: y + 4, width: Math.max(1, xb - xa), height: rowH - 8, fill: b.color || (b.value < 0 ? "#e17000" : "#01689b") }, svg);
    el("text", { x: xb + 4, y: y + rowH / 2 + 4, "font-size": 11, fill: "#333" }, svg).textContent = fmt(b.value);
  });
  el("line", { x1: X(0), x2: X(0), y1: m.t, y2: H - m.b, stroke: "#333" }, svg);
  return svg;
}

/** Population pyramid: ages [{age, male, female}] (counts), male to the left. */
function pyramid(ages, opts) {
  const W = opts.width || 640, H = opts.height || 420, m = { l: 40, r: 40, t: 20, b: 30 }, mid = W / 2;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.title || "" });
  el("title", {}, svg).textContent = opts.title || "";
  const max = Math.max(...ages.flatMap(a => [a.male, a.female])) || 1;
  const rowH = (H - m.t - m.b) / ages.length;
  const S = v => v / max * (mid - m.l - 20);
  ages.forEach((a, i) => {
    const y = H - m.b - (i + 1) * rowH;
    el("rect", { x: mid - S(a.male), y, width: S(a.male), height: Math.max(1, rowH - 0.5), fill: "#01689b" }, svg);
    el("rect", { x: mid, y, width: S(a.female), height: Math.max(1, rowH - 0.5), fill: "#e17000" }, svg);
    if (a.age % 10 === 0) el("text", { x: m.l - 6, y: y + rowH, "text-anchor": "end", "font-size": 10, fill: "#333" }, svg).textContent = a.age;
  });
  el("text", { x: mid - 10, y: H - 8, "text-anchor": "end", "font-size": 12, fill: "#01689b" }, svg).textContent = opts.maleLabel || "male";
  el("text", { x: mid + 10, y: H - 8, "font-size": 12, fill: "#e17000" }, svg).textContent = opts.femaleLabel || "female";
  return svg;
}

/** A table alternative for a chart, inside a <details>. rows: array of arrays; header: array. */
function tableAlternative(summaryText, header, rows, id) {
  const d = document.createElement("details");
  const s = document.createElement("summary"); s.textContent = summaryText; d.appendChild(s);
  const table = document.createElement("table"); if (id) table.id = id;
  const thead = table.createTHead().insertRow();
  header.forEach(h => { const th = document.createElement("th"); th.scope = "col"; th.textContent = h; thead.appendChild(th); });
  const tb = table.createTBody();
  rows.forEach(r => { const tr = tb.insertRow(); r.forEach((c, j) => { const td = document.createElement(j ? "td" : "th"); if (!j) td.scope = "row"; td.textContent = c; tr.appendChild(td); }); });
  d.appendChild(table);
  return d;
}

window.CohesionCharts = { lineChart, barChart, pyramid, tableAlternative, PALETTE };
