// Ensembles from the catalogue (issue 16 item 5): what 'cohesion simulate [--stochastic N] --catalogue NAME' stored,
// read through /api/ensembles. Per dimension the bands over the years, drawn by the server's chart layer (the panel of
// the report's fan charts: /api/ensembles/NAME?format=svg), the manifest, the provenance and a table alternative.
"use strict";

Object.assign(I18N.nl, {
  ensemblesTitle: "Ensembles uit de catalogus", ensemble: "Ensemble",
  ensemblesIntro: "Ensembles die cohesion simulate in de catalogus heeft opgeslagen: per dimensie de band over de jaren, met wat het ensemble heeft gedraaid.",
  ensemblesEmpty: "De catalogus bevat nog geen ensembles. Maak er een met",
  ensemblesEmptyServe: "en start het dashboard op die catalogus met",
  ensembleTrajectories: "trajecten", ensembleNone: "geen", ensembleRun: "Run",
  mTrajectories: "Demografische trajecten", mSeed: "Seed", mScenario: "Bevolkingsscenario('s)", mSocietal: "Maatschappelijk scenario", mPolicy: "Beleid",
  mCalibration: "Kalibratie", mMethod: "Methode", mYears: "Jaren", mReps: "Coëfficiënttrekkingen", mScale: "Schaal microsimulatie", mData: "Gegevens", mVersion: "Versie",
  mCoefficientsYes: "ja, trekking r op traject r", mCoefficientsNo: "nee, puntschattingen", mNoTrajectories: "geen (deterministische demografie)",
  ensembleSynthetic: "SYNTHETISCH: de groepsmodellen zijn geschat op synthetische gegevens ({data}); de bevolking komt uit de demografische module. De banden zijn afgeleid, geen waarnemingen.",
  ensembleDerived: "Afgeleid: de groepsmodellen zijn geschat op {data}; de bevolking komt uit de demografische module. De banden zijn een projectie, geen waarnemingen.",
  ensembleBands: "Band {label}: 95%-interval over de replicaties.",
});
Object.assign(I18N.en, {
  ensemblesTitle: "Ensembles from the catalogue", ensemble: "Ensemble",
  ensemblesIntro: "Ensembles that cohesion simulate stored in the catalogue: per dimension the band over the years, with what the ensemble ran.",
  ensemblesEmpty: "The catalogue holds no ensembles yet. Make one with",
  ensemblesEmptyServe: "and start the dashboard on that catalogue with",
  ensembleTrajectories: "trajectories", ensembleNone: "none", ensembleRun: "Run",
  mTrajectories: "Demographic trajectories", mSeed: "Seed", mScenario: "Population scenario(s)", mSocietal: "Societal scenario", mPolicy: "Policy",
  mCalibration: "Calibration", mMethod: "Method", mYears: "Years", mReps: "Coefficient draws", mScale: "Microsimulation scale", mData: "Data", mVersion: "Version",
  mCoefficientsYes: "yes, draw r on trajectory r", mCoefficientsNo: "no, point estimates", mNoTrajectories: "none (deterministic demography)",
  ensembleSynthetic: "SYNTHETIC: the group models are fitted on synthetic data ({data}); the population comes from the demography module. The bands are derived, not observations.",
  ensembleDerived: "Derived: the group models are fitted on {data}; the population comes from the demography module. The bands are a projection, not observations.",
  ensembleBands: "Band {label}: 95% interval over the replications.",
});

const ensembleState = { list: null };

/** The catalogue's ensembles, or in words that there are none and the commands that make and serve one. */
async function renderEnsembles() {
  const n = (latest.ensembles = (latest.ensembles || 0) + 1);
  const empty = document.getElementById("ensembles-empty"), body = document.getElementById("ensembles-body");
  let list;
  try { list = await api("/api/ensembles"); }
  catch (e) { if (n === latest.ensembles) { body.hidden = true; empty.hidden = false; empty.className = "error"; empty.textContent = e.message; } return; }
  if (n !== latest.ensembles) return;
  ensembleState.list = list;
  document.getElementById("ensembles").dataset.count = list.ensembles.length;
  if (!list.ensembles.length) {
    body.hidden = true; empty.hidden = false; empty.className = "";
    const name = state.lang === "en" ? "my_ensemble" : "mijn_ensemble";
    empty.innerHTML = "";
    const p = document.createElement("p");
    const code = text => { const c = document.createElement("code"); c.textContent = text; return c; };
    p.append(t("ensemblesEmpty") + " ", code(`cohesion simulate --stochastic 100 --calibrate wpp2022 --catalogue ${name} --db cohesion.duckdb`),
      " " + t("ensemblesEmptyServe") + " ", code("cohesion serve --db cohesion.duckdb"), ".");
    p.id = "ensembles-empty-text";
    empty.appendChild(p);
    document.getElementById("ensembles").dataset.ready = "true";
    return;
  }
  empty.hidden = true; body.hidden = false;
  fillSelect("ensemble-name", list.ensembles.map(e => ({ id: e.name,
    text: `${e.name} — ${state.lang === "en" ? e.label_en : e.label_nl}${e.manifest.trajectories ? ` (${num(e.manifest.trajectories)} ${t("ensembleTrajectories")})` : ""}` })), list.ensembles[0].name);
  await renderEnsemble();
}

async function renderEnsemble() {
  const name = document.getElementById("ensemble-name").value;
  const n = (latest.ensemble = (latest.ensemble || 0) + 1);
  const charts = document.getElementById("ensemble-charts");
  charts.setAttribute("aria-busy", "true");
  const q = `/api/ensembles/${encodeURIComponent(name)}`;
  const data = await api(q);
  const svgs = await Promise.all(data.dimensions.map(dim => svgText(`${q}?format=svg&dimension=${encodeURIComponent(dim)}&lang=${state.lang}`)));
  if (n !== latest.ensemble) return;
  const en = state.lang === "en", e = data.ensemble, m = e.manifest, label = en ? e.label_en : e.label_nl;

  const prov = document.getElementById("ensemble-provenance");
  prov.className = data.provenance === "synthetic" ? "synthetic" : "real";
  prov.dataset.provenance = data.provenance;
  prov.textContent = t(data.provenance === "synthetic" ? "ensembleSynthetic" : "ensembleDerived").replace("{data}", m.data || "—") + " "
    + t("ensembleBands").replace("{label}", label);

  const dl = document.getElementById("ensemble-manifest");
  dl.innerHTML = "";
  const list = v => Array.isArray(v) ? v.join(", ") : (v == null ? t("ensembleNone") : String(v));
  const items = [
    ["trajectories", t("mTrajectories"), m.trajectories ? num(m.trajectories) : t("mNoTrajectories")],
    ["seed", t("mSeed"), String(m.seed)],
    ["scenarios", t("mScenario"), `${list(m.scenarios)} (${t("edition")} ${m.edition})`],
    ["societal", t("mSocietal"), list(m.societal)],
    ["policy", t("mPolicy"), list(m.policy)],
    ["calibration", t("mCalibration"), m.calibration == null || m.calibration === "none" ? t("ensembleNone") : m.calibration],
    ["method", t("mMethod"), m.method + (m.method === "micro" && m.scale != null ? ` (${t("mScale").toLowerCase()} ${m.scale.toLocaleString(en ? "en-GB" : "nl-NL")})` : "")],
    ["coefficient_draws", t("mReps"), m.demographic_uncertainty ? t(m.coefficient_draws ? "mCoefficientsYes" : "mCoefficientsNo") : num(m.reps || 0)],
    ["years", t("mYears"), `${data.runs[0].years[0].year}–${data.runs[0].years[data.runs[0].years.length - 1].year}`],
    ["data", t("mData"), `${list(m.data)} · ${t("provenance_" + data.provenance)}`],
    ["version", t("mVersion"), `cohesion ${list(m.version)}`],
  ];
  for (const [key, k, v] of items) {
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v; dd.dataset.field = key;
    dl.append(dt, dd);
  }

  charts.innerHTML = "";
  data.dimensions.forEach((dim, i) => {
    const fig = chartFigure(document.createElement("figure"), `${dimLabel(dim)} — ${label}`, svgs[i]);
    fig.dataset.dimension = dim; fig.dataset.provenance = data.provenance;
    charts.appendChild(fig);
  });
  charts.dataset.ensemble = name;
  charts.dataset.provenance = data.provenance;

  // the table alternative: one row per (run,) year and dimension, the band's mean and bounds as shown in the charts
  const many = data.runs.length > 1;
  const runName = r => `${r.scenario} · ${r.societal}${r.policy !== "none" ? " · " + r.policy : ""}`;
  const rows = [], raw = [];
  for (const r of data.runs) for (const y of r.years) for (const dim of data.dimensions) {
    const b = y.dimensions[dim];
    rows.push([many ? `${runName(r)} · ${y.year}` : String(y.year), dimLabel(dim), pct(b.mean), pct(b.lower), pct(b.upper)]);
    raw.push({ year: y.year, dimension: dim, b });
  }
  const wrap = document.getElementById("ensemble-table-wrap");
  wrap.innerHTML = "";
  const details = tableAlternative(`${t("table")}: ${name}, ${label}`, [many ? `${t("ensembleRun")} · ${t("year")}` : t("year"), t("dimension"), t("mean"), t("lower"), t("upper")], rows, "ensemble-table");
  details.querySelectorAll("tbody tr").forEach((tr, i) => {
    tr.dataset.year = raw[i].year; tr.dataset.dimension = raw[i].dimension;
    tr.dataset.mean = raw[i].b.mean; tr.dataset.lower = raw[i].b.lower; tr.dataset.upper = raw[i].b.upper;
  });
  wrap.appendChild(details);
  charts.removeAttribute("aria-busy");
  document.getElementById("ensembles").dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("ensemble-name").addEventListener("change", () => renderEnsemble().catch(e => status(e.message)));
});
