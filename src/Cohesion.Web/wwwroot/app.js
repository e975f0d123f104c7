// Cohesion dashboard: fetches /api/ and draws charts as SVG, each with a table alternative.
"use strict";

const I18N = {
  nl: {
    skip: "Naar de inhoud", title: "Sociale samenhang in Nederland",
    intro: "Vier dimensies van sociale samenhang: nu, per groep, en tot 2050 onder demografische, maatschappelijke en beleidsscenario's.",
    footer: "Cohesion — cijfers herleidbaar naar de bron; synthetische gegevens zijn als zodanig gemarkeerd.",
    explorer: "Scenarioverkenner: samenhang tot 2050", popScenario: "Bevolkingsscenario", societal: "Maatschappelijk scenario", policy: "Beleid",
    decomposition: "Ontleding van de verandering tot 2050", groupsTitle: "Groepen", groupBy: "Indeling", populationTitle: "Bevolking", year: "Jaar",
    mapTitle: "Buurtkaart", measure: "Maat", forestTitle: "Literatuur: forestplot", table: "Tabel bij deze grafiek",
    synthSurvey: "De groepsmodellen zijn geschat op een synthetische steekproef, gekalibreerd op gepubliceerde CBS/SCP-cijfers.",
    synthPanel: "SYNTHETISCH landelijk buurtpanel (echte buurtindeling 2014, gegenereerde waarden): geen waarnemingen.",
    realPanel: "Echte gegevens: RIVM/CBS Gezondheidsmonitor per buurt (schattingen voor kleine gebieden, volwassenen 18+).",
    provenance_real: "echte gegevens", provenance_synthetic: "SYNTHETISCH", provenance_derived: "afgeleid", noData: "geen gegevens",
    synthMeta: "Synthetische studies met de vorm van SCP's meta-analyse van 140 studies; geen echte studies.",
    composition: "samenstelling (demografie)", within: "binnen groepen (maatschappij)", interaction: "interactie", total: "totaal",
    dimension: "Dimensie", mean: "verwachting", lower: "ondergrens", upper: "bovengrens", group: "Groep", share: "Aandeel",
    suppressed: "onderdrukt (<10 respondenten)", age: "Leeftijd", male: "mannen", female: "vrouwen", totalPop: "Totale bevolking", edition: "editie",
    forestAlt: "Forestplot van de synthetische literatuursynthese: effectgroottes per studie en gepoolde schatting per domein.",
    loading: "Laden…", hoverHint: "Beweeg over of focus op een buurt om de waarde te zien.",
  },
  en: {
    skip: "Skip to content", title: "Social cohesion in the Netherlands",
    intro: "Four dimensions of social cohesion: today, by group, and to 2050 under demographic, societal and policy scenarios.",
    footer: "Cohesion — every number traceable to its source; synthetic data are marked as such.",
    explorer: "Scenario explorer: cohesion to 2050", popScenario: "Population scenario", societal: "Societal scenario", policy: "Policy",
    decomposition: "Decomposition of the change to 2050", groupsTitle: "Groups", groupBy: "Grouping", populationTitle: "Population", year: "Year",
    mapTitle: "Neighbourhood map", measure: "Measure", forestTitle: "Literature: forest plot", table: "Table for this chart",
    synthSurvey: "The group models are fitted on a synthetic survey calibrated to published CBS/SCP figures.",
    synthPanel: "SYNTHETIC national buurt panel (real 2014 buurt geography, generated values): not observations.",
    realPanel: "Real data: RIVM/CBS Health Monitor by neighbourhood (small-area estimates, adults 18+).",
    provenance_real: "real data", provenance_synthetic: "SYNTHETIC", provenance_derived: "derived", noData: "no data",
    synthMeta: "Synthetic studies shaped like SCP's 140-study meta-analysis; not real studies.",
    composition: "composition (demographic)", within: "within groups (societal)", interaction: "interaction", total: "total",
    dimension: "Dimension", mean: "mean", lower: "lower", upper: "upper", group: "Group", share: "Share",
    suppressed: "suppressed (<10 respondents)", age: "Age", male: "men", female: "women", totalPop: "Total population", edition: "edition",
    forestAlt: "Forest plot of the synthetic literature synthesis: effect sizes by study and pooled estimate by domain.",
    loading: "Loading…", hoverHint: "Hover over or focus a buurt to see its value.",
  },
};

const state = { lang: localStorage.getItem("cohesion.lang") || "nl", options: null };
const t = key => (I18N[state.lang] && I18N[state.lang][key]) || I18N.nl[key] || key;
const pct = v => v == null ? "—" : (100 * v).toLocaleString(state.lang === "en" ? "en-GB" : "nl-NL", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + "%";
const pp = v => (v >= 0 ? "+" : "") + (100 * v).toLocaleString(state.lang === "en" ? "en-GB" : "nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " pp";
const num = v => Math.round(v).toLocaleString(state.lang === "en" ? "en-GB" : "nl-NL");
const label = o => o[state.lang] || o.en || o.id;
const status = msg => { document.getElementById("status").textContent = msg || ""; };

async function api(path) {
  const r = await fetch(path, { headers: { "Accept": "application/json" } });
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || r.statusText);
  return r.json();
}

function fillSelect(id, items, selected) {
  const sel = document.getElementById(id);
  const keep = sel.value || selected;
  sel.innerHTML = "";
  for (const it of items) {
    const o = document.createElement("option");
    o.value = it.id; o.textContent = it.text;
    sel.appendChild(o);
  }
  if (keep && items.some(i => i.id === keep)) sel.value = keep;
}

function dimLabel(id) { const d = state.options.dimensions.find(x => x.id === id); return d ? label(d) : id; }

// Each view keeps a request counter: a slower, older response never overwrites a newer choice.
const latest = {};
async function fresh(view, path) {
  const n = (latest[view] = (latest[view] || 0) + 1);
  const data = await api(path);
  return n === latest[view] ? data : null;
}

async function renderProjection() {
  const sc = document.getElementById("scenario").value, so = document.getElementById("societal").value, po = document.getElementById("policy").value;
  status(t("loading"));
  const data = await fresh("projection", `/api/projection?scenario=${encodeURIComponent(sc)}&societal=${encodeURIComponent(so)}&policy=${encodeURIComponent(po)}`);
  if (!data) return;
  const charts = document.getElementById("projection-charts");
  charts.innerHTML = "";
  charts.dataset.scenario = data.scenario; charts.dataset.societal = data.societal; charts.dataset.policy = data.policy;
  for (const dim of data.dimensions) {
    const fig = document.createElement("figure");
    const cap = document.createElement("figcaption"); cap.textContent = dimLabel(dim); fig.appendChild(cap);
    const points = data.years.map(y => { const d = y.dimensions.find(x => x.id === dim); return { x: y.year, y: d.mean, lo: d.lower, hi: d.upper }; });
    fig.appendChild(CohesionCharts.lineChart([{ name: `${data.scenario} (${t("edition")} ${data.edition}) · ${data.societal}${data.policy !== "none" ? " · " + data.policy : ""}`, points }],
      { title: dimLabel(dim), fmt: v => (100 * v).toFixed(1) + "%", width: 520, height: 260 }));
    fig.dataset.dimension = dim;
    charts.appendChild(fig);
  }
  const bars = [];
  for (const d of data.decomposition) {
    bars.push({ label: `${dimLabel(d.dimension)}: ${t("composition")}`, value: d.composition, color: "#01689b" });
    bars.push({ label: `${dimLabel(d.dimension)}: ${t("within")}`, value: d.within, color: "#e17000" });
  }
  const dc = document.getElementById("decomposition-chart");
  dc.innerHTML = "";
  dc.appendChild(CohesionCharts.barChart(bars, { title: t("decomposition"), fmt: pp, width: 760 }));
  const rows = data.decomposition.map(d => [dimLabel(d.dimension), pct(d.start), pct(d.end), pp(d.total_change), pp(d.composition), pp(d.within), pp(d.interaction)]);
  dc.appendChild(CohesionCharts.tableAlternative(t("table"), [t("dimension"), "start", "2050", t("total"), t("composition"), t("within"), t("interaction")], rows, "decomposition-table"));
  // the values by year: a table with the raw values in data attributes (traceable to the API)
  const wrap = document.getElementById("projection-table-wrap");
  wrap.innerHTML = "";
  const header = [t("year")].concat(data.dimensions.map(dimLabel));
  const trows = data.years.map(y => [String(y.year)].concat(y.dimensions.map(d => `${pct(d.mean)} (${pct(d.lower)}–${pct(d.upper)})`)));
  const details = CohesionCharts.tableAlternative(t("table"), header, trows, "projection-table");
  details.open = true;
  const body = details.querySelector("tbody");
  data.years.forEach((y, i) => y.dimensions.forEach((d, j) => {
    const cell = body.rows[i].cells[j + 1];
    cell.dataset.year = y.year; cell.dataset.dimension = d.id; cell.dataset.mean = d.mean;
    cell.id = `proj-${y.year}-${d.id}`;
  }));
  wrap.appendChild(details);
  status("");
}

async function renderGroups() {
  const by = document.getElementById("group-by").value;
  const data = await fresh("groups", `/api/groups?by=${encodeURIComponent(by)}`);
  if (!data) return;
  const el = document.getElementById("groups-chart");
  el.innerHTML = "";
  const groups = [...new Set(data.rows.filter(r => r.group != null).map(r => r.label))];
  const bars = [];
  for (const r of data.rows.filter(r => r.group != null && !r.suppressed)) bars.push({ label: `${dimLabel(r.dimension)} — ${r.label}`, value: r.estimate });
  el.appendChild(CohesionCharts.barChart(bars, { title: t("groupsTitle"), fmt: pct, width: 760 }));
  const rows = data.rows.filter(r => r.group != null).map(r => [dimLabel(r.dimension), r.label, r.suppressed ? "✕ " + t("suppressed") : pct(r.estimate),
    r.suppressed ? "" : `${pct(r.ci_lower)}–${pct(r.ci_upper)}`, num(r.n)]);
  el.appendChild(CohesionCharts.tableAlternative(t("table"), [t("dimension"), t("group"), t("share"), "95%", "n"], rows, "groups-table"));
  el.dataset.groups = groups.length;
}

async function renderPopulation() {
  const sc = document.getElementById("pop-scenario").value, year = document.getElementById("pop-year").value;
  const data = await fresh("population", `/api/population?scenario=${encodeURIComponent(sc)}&year=${encodeURIComponent(year)}`);
  if (!data) return;
  const pyr = document.getElementById("pyramid");
  pyr.innerHTML = "";
  const ed = `${t("edition")} ${data.edition}`;
  const cap = document.createElement("figcaption"); cap.textContent = `${sc} (${ed}) ${year}: ${num(data.total)}`; pyr.appendChild(cap);
  pyr.appendChild(CohesionCharts.pyramid(data.ages, { title: `${sc} (${ed}) ${year}`, maleLabel: t("male"), femaleLabel: t("female") }));
  const bands = [];
  for (let a = 0; a < data.ages.length; a += 5) {
    const g = data.ages.slice(a, a + 5);
    bands.push([a >= 100 ? "100+" : `${a}–${a + 4}`, num(g.reduce((s, x) => s + x.male, 0)), num(g.reduce((s, x) => s + x.female, 0))]);
  }
  pyr.appendChild(CohesionCharts.tableAlternative(t("table"), [t("age"), t("male"), t("female")], bands, "pyramid-table"));
  const tot = document.getElementById("pop-totals");
  tot.innerHTML = "";
  const cap2 = document.createElement("figcaption"); cap2.textContent = `${t("totalPop")} (${ed})`; tot.appendChild(cap2);
  tot.appendChild(CohesionCharts.lineChart([{ name: `${sc} (${ed})`, points: data.totals.map(p => ({ x: p.year, y: p.total / 1e6 })) }], { title: `${t("totalPop")} (${ed})`, fmt: v => v.toFixed(1) + " M", width: 420, height: 260 }));
  tot.appendChild(CohesionCharts.tableAlternative(t("table"), [t("year"), t("totalPop")], data.totals.map(p => [String(p.year), num(p.total)])));
}

function mapMeasure(id) { return state.options.map_measures.find(m => m.id === id); }

async function renderMap() {
  const m = document.getElementById("map-measure").value;
  const measure = mapMeasure(m);
  const n = (latest.map = (latest.map || 0) + 1);
  const r = await fetch(`/api/map?measure=${encodeURIComponent(m)}`);
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || r.statusText);
  const svg = await r.text();
  const provenance = r.headers.get("X-Cohesion-Provenance") || measure.provenance;
  if (n !== latest.map) return;
  const note = document.getElementById("map-provenance");
  note.className = provenance === "synthetic" ? "synthetic" : "real";
  note.dataset.provenance = provenance;
  note.textContent = `${t("provenance_" + provenance)}: ${provenance === "synthetic" ? t("synthPanel") : t("realPanel")}`;
  const holder = document.getElementById("map-svg");
  holder.innerHTML = svg;
  holder.dataset.measure = m;
  holder.dataset.provenance = provenance;
  const tip = document.getElementById("map-tooltip");
  tip.textContent = t("hoverHint");
  const unit = state.lang === "en" ? measure.unit_en : measure.unit_nl;
  holder.onmouseover = holder.onfocusin = e => {
    const p = e.target.closest("path[data-code]");
    if (!p) return;
    const v = p.dataset.value;
    const where = p.dataset.context ? `, ${p.dataset.context}` : "";
    const value = v === undefined ? t("noData")
      : `${Number(v).toLocaleString(state.lang === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: 3 })} ${unit} — ${t("provenance_" + provenance)}`;
    tip.textContent = `${p.dataset.name || p.dataset.code} (${p.dataset.code})${where}: ${value}`;
  };
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.getElementById("lang-nl").setAttribute("aria-pressed", String(state.lang === "nl"));
  document.getElementById("lang-en").setAttribute("aria-pressed", String(state.lang === "en"));
  document.getElementById("forest-img").alt = t("forestAlt");
  document.title = "Cohesion — " + t("title");
  if (state.options) { fillControls(); renderAll(); }
}

function fillControls() {
  const o = state.options;
  fillSelect("scenario", o.population_scenarios.map(s => ({ id: s.id, text: `${s.id} — ${label(s)}` })), "midden");
  fillSelect("pop-scenario", o.population_scenarios.map(s => ({ id: s.id, text: `${s.id} — ${label(s)}` })), "midden");
  fillSelect("societal", o.societal.map(s => ({ id: s.id, text: label(s) })), "estimated");
  fillSelect("policy", o.policies.map(s => ({ id: s.id, text: label(s) })), "none");
  fillSelect("group-by", o.groups.map(g => ({ id: g, text: g })), "education3");
  const years = []; for (let y = 2025; y <= 2050; y += 5) years.push({ id: String(y), text: String(y) });
  fillSelect("pop-year", years, "2050");
  fillSelect("map-measure", o.map_measures.map(m => ({ id: m.id, text: label(m) })), o.map_default);
}

async function renderAll() {
  try {
    await Promise.all([renderProjection(), renderGroups(), renderPopulation(), renderMap()]);
    document.body.dataset.ready = "true";
  } catch (e) { status(e.message); document.getElementById("status").className = "error"; }
}

function setLanguage(lang) { state.lang = lang; localStorage.setItem("cohesion.lang", lang); applyLanguage(); }

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("lang-nl").addEventListener("click", () => setLanguage("nl"));
  document.getElementById("lang-en").addEventListener("click", () => setLanguage("en"));
  for (const id of ["scenario", "societal", "policy"]) document.getElementById(id).addEventListener("change", () => renderProjection().catch(e => status(e.message)));
  document.getElementById("group-by").addEventListener("change", () => renderGroups().catch(e => status(e.message)));
  for (const id of ["pop-scenario", "pop-year"]) document.getElementById(id).addEventListener("change", () => renderPopulation().catch(e => status(e.message)));
  document.getElementById("map-measure").addEventListener("change", () => renderMap().catch(e => status(e.message)));
  try { state.options = await api("/api/options"); } catch (e) { status(e.message); return; }
  applyLanguage();
});
