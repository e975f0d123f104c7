// Cohesion dashboard: fetches /api/ data and the charts the server draws (one chart layer for report, CLI and
// dashboard: /api/...?format=svg), each chart with a table alternative (WCAG 1.1.1).
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
    trendsTitle: "Trends 2012–2024", indicator: "Indicator", value: "Waarde", slope: "helling (logit per jaar)", period: "Periode", trendsTable: "Tabel: fitte trends",
    trendsReal: "Echte gegevens: gepubliceerde landelijke CBS-reeksen (Sociale samenhang en welzijn, Kiesraad); gestippeld: trend op logitschaal.",
    realPanel: "Echte gegevens: RIVM/CBS Gezondheidsmonitor per buurt (schattingen voor kleine gebieden, volwassenen 18+).",
    provenance_real: "echte gegevens", provenance_synthetic: "SYNTHETISCH", provenance_derived: "afgeleid", noData: "geen gegevens",
    synthMeta: "Synthetische studies met de vorm van SCP's meta-analyse van 140 studies; geen echte studies.",
    composition: "samenstelling (demografie)", within: "binnen groepen (maatschappij)", interaction: "interactie", total: "totaal",
    dimension: "Dimensie", mean: "verwachting", lower: "ondergrens", upper: "bovengrens", group: "Groep", share: "Aandeel",
    suppressed: "onderdrukt (<10 respondenten)", age: "Leeftijd", male: "mannen", female: "vrouwen", totalPop: "Totale bevolking", edition: "editie",
    forestAlt: "Forestplot van de synthetische literatuursynthese: effectgroottes per studie en gepoolde schatting per domein.",
    loading: "Laden…", hoverHint: "Beweeg over of focus op een buurt om de waarde te zien.",
    popScenarios: "Bevolkingsscenario's (meer kiezen: Ctrl/Cmd)", scenarioHint: "Kies meerdere bevolkingsscenario's om ze in één grafiek te vergelijken.",
    byFactor: "Samenstellingsdeel naar factor", byFactorIntro: "Het samenstellingsdeel verdeeld over opleiding, leeftijd, herkomst en geslacht (Shapley; de vier tellen op tot het samenstellingsdeel).",
    education: "opleiding", ageF: "leeftijd", origin: "herkomst", sex: "geslacht", scenario: "Scenario",
    sensitivityTitle: "Gevoeligheid: welke aanname weegt het zwaarst?", sensitivityIntro: "Elke aanname afzonderlijk naar het lage en hoge eind van haar bereik; verschil in procentpunt in 2050 ten opzichte van de centrale projectie (eerste gekozen bevolkingsscenario).",
    assumption: "Aanname", low: "laag", high: "hoog", effectLow: "effect laag", effectHigh: "effect hoog",

    dataset: "Gegevens", datasetHint: "Eigen gegevens: importeer een bestand met cohesion data import; het verschijnt hier.",
    builtinDataset: "Ingebouwde synthetische steekproef", overall: "totaal", rows: "rijen",
    groupNames: { education3: "Opleiding", origin7: "Herkomst", age_group: "Leeftijd", sex: "Geslacht" },
    europeTitle: "Nederland in Europa", europeReal: "Echte gepubliceerde cijfers (ESS via CBS StatLine 80518NED, EVS/WVS); rangen en medianen zijn afgeleid.",
    caveatsTitle: "Kanttekeningen bij de vergelijking", country: "Land", rank: "Rang", interval: "95%-interval", source: "Bron",
    europeNoTrajectory: "Geen verloop: Nederland en de andere Europese landen hebben voor deze maat minder dan twee golven gemeen.",
    europeMissing: "geen waarde voor Nederland", europeRank: "plaats {rank} van {n} Europese landen; Europese mediaan {median}",
    europeTrajectoryCaption: "Nederland tegen de mediaan van de andere Europese landen", europeDotCaption: "Europese landen gerangschikt (Nederland gemarkeerd)",
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
    trendsTitle: "Trends 2012–2024", indicator: "Indicator", value: "Value", slope: "slope (logit per year)", period: "Period", trendsTable: "Table: fitted trends",
    trendsReal: "Real data: published CBS national series (Social cohesion and well-being, Kiesraad); dashed: trend on the logit scale.",
    realPanel: "Real data: RIVM/CBS Health Monitor by neighbourhood (small-area estimates, adults 18+).",
    provenance_real: "real data", provenance_synthetic: "SYNTHETIC", provenance_derived: "derived", noData: "no data",
    synthMeta: "Synthetic studies shaped like SCP's 140-study meta-analysis; not real studies.",
    composition: "composition (demographic)", within: "within groups (societal)", interaction: "interaction", total: "total",
    dimension: "Dimension", mean: "mean", lower: "lower", upper: "upper", group: "Group", share: "Share",
    suppressed: "suppressed (<10 respondents)", age: "Age", male: "men", female: "women", totalPop: "Total population", edition: "edition",
    forestAlt: "Forest plot of the synthetic literature synthesis: effect sizes by study and pooled estimate by domain.",
    loading: "Loading…", hoverHint: "Hover over or focus a buurt to see its value.",
    popScenarios: "Population scenarios (choose more: Ctrl/Cmd)", scenarioHint: "Choose several population scenarios to compare them in one chart.",
    byFactor: "Composition part by factor", byFactorIntro: "The composition part split into education, age, origin and sex (Shapley; the four add up to the composition part).",
    education: "education", ageF: "age", origin: "origin", sex: "sex", scenario: "Scenario",
    sensitivityTitle: "Sensitivity: which assumption matters most?", sensitivityIntro: "Each assumption in turn at the low and high end of its range; percentage-point difference in 2050 from the central projection (first population scenario chosen).",
    assumption: "Assumption", low: "low", high: "high", effectLow: "effect low", effectHigh: "effect high",

    dataset: "Data", datasetHint: "Your own data: import a file with cohesion data import; it appears here.",
    builtinDataset: "Built-in synthetic survey", overall: "overall", rows: "rows",
    groupNames: { education3: "Education", origin7: "Origin", age_group: "Age", sex: "Sex" },
    europeTitle: "The Netherlands in Europe", europeReal: "Real published figures (ESS via CBS StatLine 80518NED, EVS/WVS); ranks and medians are derived.",
    caveatsTitle: "Caveats of the comparison", country: "Country", rank: "Rank", interval: "95% interval", source: "Source",
    europeNoTrajectory: "No trajectory: the Netherlands and the other European countries have fewer than two waves in common on this measure.",
    europeMissing: "no value for the Netherlands", europeRank: "rank {rank} of {n} European countries; European median {median}",
    europeTrajectoryCaption: "The Netherlands against the median of the other European countries", europeDotCaption: "European countries ranked (the Netherlands highlighted)",
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

async function svgText(path) {
  const r = await fetch(path, { headers: { "Accept": "image/svg+xml" } });
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || r.statusText);
  return r.text();
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

/** A figure holding a server-drawn chart (our own escaped SVG) under a caption. */
function chartFigure(fig, caption, svg) {
  fig.innerHTML = "";
  if (caption) { const cap = document.createElement("figcaption"); cap.textContent = caption; fig.appendChild(cap); }
  const holder = document.createElement("div"); holder.innerHTML = svg; fig.appendChild(holder);
  return fig;
}

function fillSelect(id, items, selected) {
  const sel = document.getElementById(id);
  const keep = sel.multiple ? [...sel.selectedOptions].map(o => o.value) : [sel.value];
  const wanted = keep.filter(k => k && items.some(i => i.id === k));
  sel.innerHTML = "";
  for (const it of items) {
    const o = document.createElement("option");
    o.value = it.id; o.textContent = it.text;
    sel.appendChild(o);
  }
  const chosen = wanted.length ? wanted : [selected];
  for (const o of sel.options) o.selected = chosen.includes(o.value);
}

const selectedScenarios = () => [...document.getElementById("scenario").selectedOptions].map(o => o.value);

function dimLabel(id) { const d = state.options.dimensions.find(x => x.id === id); return d ? label(d) : id; }

// Each view keeps a request counter: a slower, older response never overwrites a newer choice.
const latest = {};

async function renderProjection() {
  const scs = selectedScenarios(); if (!scs.length) return;
  const sc = scs.join(","), so = document.getElementById("societal").value, po = document.getElementById("policy").value;
  const q = `scenario=${encodeURIComponent(sc)}&societal=${encodeURIComponent(so)}&policy=${encodeURIComponent(po)}`;
  status(t("loading"));
  const n = (latest.projection = (latest.projection || 0) + 1);
  const data = await api(`/api/projection?${q}`);
  const svgs = await Promise.all(data.dimensions.map(dim => svgText(`/api/projection?${q}&format=svg&dimension=${encodeURIComponent(dim)}&lang=${state.lang}`)));
  const bars = await svgText(`/api/projection?${q}&format=svg&dimension=decomposition&lang=${state.lang}`);
  if (n !== latest.projection) return;
  const charts = document.getElementById("projection-charts");
  charts.innerHTML = "";
  charts.dataset.scenario = data.scenario; charts.dataset.societal = data.societal; charts.dataset.policy = data.policy;
  charts.dataset.scenarios = data.runs.map(r => r.scenario).join(",");
  data.dimensions.forEach((dim, i) => {
    const fig = chartFigure(document.createElement("figure"), dimLabel(dim), svgs[i]);
    fig.dataset.dimension = dim;
    charts.appendChild(fig);
  });
  const dc = document.getElementById("decomposition-chart");
  chartFigure(dc, null, bars);
  const rows = data.runs.flatMap(r => r.decomposition.map(d => [`${r.scenario} · ${dimLabel(d.dimension)}`, pct(d.start), pct(d.end), pp(d.total_change), pp(d.composition), pp(d.within), pp(d.interaction)]));
  dc.appendChild(tableAlternative(t("table"), [t("dimension"), "start", "2050", t("total"), t("composition"), t("within"), t("interaction")], rows, "decomposition-table"));
  const fw = document.getElementById("factor-table-wrap");
  fw.innerHTML = "";
  const frows = data.runs.flatMap(r => r.decomposition.map(d => [`${r.scenario} · ${dimLabel(d.dimension)}`, pp(d.composition),
    pp(d.composition_by_factor.education), pp(d.composition_by_factor.age), pp(d.composition_by_factor.origin), pp(d.composition_by_factor.sex)]));
  const ft = tableAlternative(t("byFactor"), [t("dimension"), t("composition"), t("education"), t("ageF"), t("origin"), t("sex")], frows, "factor-table");
  ft.open = true;
  fw.appendChild(ft);
  // the values by year of the first scenario: a table with the raw values in data attributes (traceable to the API)
  const wrap = document.getElementById("projection-table-wrap");
  wrap.innerHTML = "";
  const header = [t("year")].concat(data.dimensions.map(dimLabel));
  const trows = data.years.map(y => [String(y.year)].concat(y.dimensions.map(d => `${pct(d.mean)} (${pct(d.lower)}–${pct(d.upper)})`)));
  const details = tableAlternative(`${t("table")} (${data.scenario})`, header, trows, "projection-table");
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

async function renderSensitivity() {
  const sc = selectedScenarios()[0] || "midden", so = document.getElementById("societal").value, po = document.getElementById("policy").value;
  const q = `scenario=${encodeURIComponent(sc)}&societal=${encodeURIComponent(so)}&policy=${encodeURIComponent(po)}`;
  const n = (latest.sensitivity = (latest.sensitivity || 0) + 1);
  const fig = document.getElementById("sensitivity-chart");
  fig.setAttribute("aria-busy", "true");
  const [data, svg] = await Promise.all([api(`/api/sensitivity?${q}`), svgText(`/api/sensitivity?${q}&format=svg&lang=${state.lang}`)]);
  if (n !== latest.sensitivity) return;
  chartFigure(fig, `${sc} · ${so}${po !== "none" ? " · " + po : ""} (${data.provenance})`, svg);
  const label = id => { const i = data.inputs.find(x => x.input === id); return i ? (state.lang === "en" ? i.label_en : i.label_nl) : id; };
  const rows = data.sensitivity.filter(r => r.effect_low !== 0 || r.effect_high !== 0)
    .map(r => [label(r.input), dimLabel(r.dimension), String(+r.low.toPrecision(4)), String(+r.high.toPrecision(4)), pp(r.effect_low), pp(r.effect_high)]);
  fig.appendChild(tableAlternative(t("table"), [t("assumption"), t("dimension"), t("low"), t("high"), t("effectLow"), t("effectHigh")], rows, "sensitivity-table"));
  fig.dataset.ready = "true";
  fig.removeAttribute("aria-busy");
}

function datasetOf(name) { return (state.datasets || []).find(d => d.name === name); }
const groupName = col => (I18N[state.lang].groupNames || {})[col] || col;

function fillGroupBy() {
  const ds = datasetOf(document.getElementById("group-dataset").value);
  const cols = ds ? ds.group_columns : state.options.groups;
  fillSelect("group-by", cols.map(g => ({ id: g, text: groupName(g) })), cols.includes("education3") ? "education3" : cols[0]);
}

async function renderGroups() {
  const by = document.getElementById("group-by").value, dataset = document.getElementById("group-dataset").value || "builtin";
  const q = `dataset=${encodeURIComponent(dataset)}&by=${encodeURIComponent(by)}`;
  const n = (latest.groups = (latest.groups || 0) + 1);
  const [data, svg] = await Promise.all([api(`/api/groups?${q}`), svgText(`/api/groups?${q}&format=svg&lang=${state.lang}`)]);
  if (n !== latest.groups) return;
  const el = document.getElementById("groups-chart");
  el.innerHTML = "";
  const fig = chartFigure(document.createElement("figure"), null, svg);
  el.appendChild(fig);
  const ds = datasetOf(dataset);
  const note = document.getElementById("groups-provenance");
  note.className = data.provenance === "synthetic" ? "synthetic" : "real";
  note.dataset.provenance = data.provenance;
  note.textContent = `${t("provenance_" + data.provenance)}: ${dataset === "builtin" ? t("builtinDataset") : `${dataset} (${ds ? ds.source + ", " + num(ds.rows) + " " + t("rows") : ""})`}`;
  const groups = [...new Set(data.rows.filter(r => r.group != null).map(r => r.label))];
  const rows = data.rows.map(r => [dimLabel(r.dimension), r.group == null ? t("overall") : r.label, r.suppressed ? "✕ " + t("suppressed") : pct(r.estimate),
    r.suppressed ? "" : `${pct(r.ci_lower)}–${pct(r.ci_upper)}`, num(r.n)]);
  fig.appendChild(tableAlternative(t("table"), [t("dimension"), groupName(by), t("share"), "95%", "n"], rows, "groups-table"));
  el.dataset.groups = groups.length;
  el.dataset.dataset = data.dataset;
  el.dataset.by = by;
}

async function renderPopulation() {
  const sc = document.getElementById("pop-scenario").value, year = document.getElementById("pop-year").value;
  const q = `scenario=${encodeURIComponent(sc)}&year=${encodeURIComponent(year)}`;
  const n = (latest.population = (latest.population || 0) + 1);
  const [data, pyrSvg, totSvg] = await Promise.all([api(`/api/population?${q}`),
    svgText(`/api/population?${q}&format=svg&chart=pyramid&lang=${state.lang}`), svgText(`/api/population?${q}&format=svg&chart=totals&lang=${state.lang}`)]);
  if (n !== latest.population) return;
  const ed = `${t("edition")} ${data.edition}`;
  const pyr = chartFigure(document.getElementById("pyramid"), `${sc} (${ed}) ${year}: ${num(data.total)}`, pyrSvg);
  const bands = [];
  for (let a = 0; a < data.ages.length; a += 5) {
    const g = data.ages.slice(a, a + 5);
    bands.push([a >= 100 ? "100+" : `${a}–${a + 4}`, num(g.reduce((s, x) => s + x.male, 0)), num(g.reduce((s, x) => s + x.female, 0))]);
  }
  pyr.appendChild(tableAlternative(t("table"), [t("age"), t("male"), t("female")], bands, "pyramid-table"));
  const tot = chartFigure(document.getElementById("pop-totals"), `${t("totalPop")} (${ed})`, totSvg);
  tot.appendChild(tableAlternative(t("table"), [t("year"), t("totalPop")], data.totals.map(p => [String(p.year), num(p.total)])));
}

async function renderTrends() {
  const n = (latest.trends = (latest.trends || 0) + 1);
  const [data, svg] = await Promise.all([api("/api/trends"), svgText("/api/trends?format=svg")]);
  if (n !== latest.trends) return;
  const fig = document.getElementById("trends-chart");
  fig.innerHTML = svg;
  fig.dataset.provenance = data.provenance;
  const loc = state.lang === "en" ? "en-GB" : "nl-NL";
  const fmt = (v, d) => v == null ? "—" : v.toLocaleString(loc, { minimumFractionDigits: d, maximumFractionDigits: d });
  fig.appendChild(tableAlternative(t("table"), [t("indicator"), t("group"), t("year"), t("value") + " (%)"],
    data.series.map(p => [p.indicator, p.group, String(p.year), fmt(p.value, 1)]), "trends-series-table"));
  fig.appendChild(tableAlternative(t("trendsTable"), [t("indicator"), t("group"), t("period"), t("slope"), "se"],
    data.trends.map(x => [x.indicator, x.group, `${x.from}–${x.to}`, fmt(x.slope, 4), fmt(x.se, 4)]), "trends-fit-table"));
}

/** A value of a Europe measure as the charts label it: shares and percentages as %, 0-10 means with one decimal. */
function europeValue(v, unit) {
  if (v == null) return "—";
  const loc = state.lang === "en" ? "en-GB" : "nl-NL";
  const f = (x, d) => x.toLocaleString(loc, { minimumFractionDigits: d, maximumFractionDigits: d });
  return unit === "proportion" ? f(100 * v, 1) + "%" : unit === "percent" ? f(v, 1) + "%" : unit === "standardised_score" ? f(v, 2) : f(v, 1);
}

async function renderEurope() {
  const n = (latest.europe = (latest.europe || 0) + 1);
  const all = state.europe || (state.europe = await api("/api/europe"));
  const sel = document.getElementById("europe-measure");
  const en = state.lang === "en";
  fillSelect("europe-measure", all.measures.map(m => ({ id: m.id, text: `${en ? m.label_en : m.label_nl}, ${m.period}` })), all.measures[0].id);
  const id = sel.value, m = all.measures.find(x => x.id === id);
  const q = `measure=${encodeURIComponent(id)}&lang=${state.lang}`;
  const [dot, traj] = await Promise.all([svgText(`/api/europe?format=svg&chart=dot&${q}`),
    m.trajectory ? svgText(`/api/europe?format=svg&chart=trajectory&${q}`) : Promise.resolve(null)]);
  if (n !== latest.europe) return;
  const name = en ? all.reference_en : all.reference_nl, label = en ? m.label_en : m.label_nl;
  const summary = document.getElementById("europe-summary");
  summary.textContent = m.value == null ? `${name}, ${label} (${m.period}): ${t("europeMissing")}.`
    : `${name}, ${label} (${m.period}): ${europeValue(m.value, m.unit)} — ${t("europeRank").replace("{rank}", m.rank_europe).replace("{n}", m.n_europe).replace("{median}", europeValue(m.european_median, m.unit))}.`;
  const missing = document.getElementById("europe-missing");
  missing.hidden = m.value != null;
  missing.textContent = m.value == null ? `${t("europeMissing")}: ${en ? m.missing_en : m.missing_nl}` : "";
  const dotFig = chartFigure(document.getElementById("europe-dot"), `${t("europeDotCaption")}: ${label}, ${m.period}`, dot);
  dotFig.dataset.measure = id; dotFig.dataset.provenance = all.provenance;
  const trajFig = document.getElementById("europe-trajectory");
  if (traj) { chartFigure(trajFig, `${t("europeTrajectoryCaption")}: ${label}`, traj); trajFig.dataset.provenance = all.derived_provenance; }
  else { trajFig.innerHTML = ""; const p = document.createElement("p"); p.textContent = t("europeNoTrajectory"); trajFig.appendChild(p); trajFig.dataset.provenance = ""; }
  const rows = all.rows.filter(r => r.measure === id).map(r => [`${r.rank_europe}. ${en ? r.name_en : r.name_nl}${r.reference ? " ◀" : ""}`, r.country,
    europeValue(r.value, m.unit), r.ci_lower == null ? "—" : `${europeValue(r.ci_lower, m.unit)}–${europeValue(r.ci_upper, m.unit)}`, r.source, t("provenance_" + r.provenance)]);
  const wrap = document.getElementById("europe-table-wrap");
  wrap.innerHTML = "";
  const table = tableAlternative(`${t("table")}: ${label}, ${m.period} (${en ? m.intervals_en : m.intervals_nl})`,
    [t("country"), "Code", t("value"), t("interval"), t("source"), state.lang === "en" ? "Provenance" : "Herkomst van de cijfers"], rows, "europe-table");
  table.open = true;
  wrap.appendChild(table);
  const src = all.sources.filter(s => m.source.includes(s.label));
  document.getElementById("europe-source").textContent = `${t("source")}: ${m.source}. ${src.map(s => `${s.citation} (${s.licence}). ${en ? s.caveat_en : s.caveat_nl}`).join(" ")} ${en ? m.scale_en : m.scale_nl}.`;
  const ul = document.getElementById("europe-caveats");
  ul.innerHTML = "";
  for (const c of all.caveats) { const li = document.createElement("li"); li.dataset.caveat = c.id; li.textContent = en ? c.en : c.nl; ul.appendChild(li); }
  document.getElementById("europe").dataset.ready = "true";
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-label]").forEach(el => { el.setAttribute("aria-label", t(el.dataset.i18nLabel)); });
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
  fillSelect("group-dataset", (state.datasets || []).map(d => ({ id: d.name, text: d.builtin ? t("builtinDataset") : `${d.name} (${d.source})` })), "builtin");
  fillGroupBy();
  fillCompareControls();
  document.getElementById("edition-note").textContent = state.lang === "en" ? o.population_edition_en : o.population_edition_nl;
  const years = []; for (let y = 2025; y <= 2050; y += 5) years.push({ id: String(y), text: String(y) });
  fillSelect("pop-year", years, "2050");
  fillSelect("map-measure", o.map_measures.map(m => ({ id: m.id, text: label(m) })), o.map_default);
}

async function renderAll() {
  try {
    await Promise.all([renderProjection(), renderEnsembles(), renderGroups(), renderPopulation(), renderTrends(), renderEurope(), renderMap()]);
    document.body.dataset.ready = "true";
    renderCompare().catch(e => status(e.message));
    renderSensitivity().catch(e => status(e.message)); // slower (dozens of projections): after the page is ready
  } catch (e) { status(e.message); document.getElementById("status").className = "error"; }
}

function setLanguage(lang) { state.lang = lang; localStorage.setItem("cohesion.lang", lang); applyLanguage(); }

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("lang-nl").addEventListener("click", () => setLanguage("nl"));
  document.getElementById("lang-en").addEventListener("click", () => setLanguage("en"));
  for (const id of ["scenario", "societal", "policy"]) document.getElementById(id).addEventListener("change", () => {
    renderProjection().catch(e => status(e.message));
    renderSensitivity().catch(e => status(e.message));
  });
  document.getElementById("group-by").addEventListener("change", () => renderGroups().catch(e => status(e.message)));
  document.getElementById("group-dataset").addEventListener("change", () => { fillGroupBy(); renderGroups().catch(e => status(e.message)); });
  for (const id of ["pop-scenario", "pop-year"]) document.getElementById(id).addEventListener("change", () => renderPopulation().catch(e => status(e.message)));
  document.getElementById("map-measure").addEventListener("change", () => renderMap().catch(e => status(e.message)));
  document.getElementById("europe-measure").addEventListener("change", () => renderEurope().catch(e => status(e.message)));
  try { [state.options, state.datasets] = await Promise.all([api("/api/options"), api("/api/datasets").then(d => d.datasets)]); } catch (e) { status(e.message); return; }
  applyLanguage();
});
