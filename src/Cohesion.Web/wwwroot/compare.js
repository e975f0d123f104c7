// Two scenarios side by side (issue 14 item 3): a second combination of population scenario × societal scenario ×
// policy ("B") beside the explorer's choice ("A"), per dimension its chart from the one chart layer, and a table of
// both in 2050 with the difference. Computed on request (each combination is its own projection).
"use strict";

Object.assign(I18N.nl, {
  compareTitle: "Twee scenario's naast elkaar", compareButton: "Vergelijk A met B", compareA: "A", compareB: "B",
  compareIntro: "A is de keuze hierboven (eerste bevolkingsscenario); kies voor B een andere combinatie van bevolkingsscenario, maatschappelijk scenario en beleid.",
  compareScenario: "Bevolkingsscenario B", compareSocietal: "Maatschappelijk scenario B", comparePolicy: "Beleid B", difference: "verschil B − A",
});
Object.assign(I18N.en, {
  compareTitle: "Two scenarios side by side", compareButton: "Compare A with B", compareA: "A", compareB: "B",
  compareIntro: "A is the choice above (first population scenario); choose another combination of population scenario, societal scenario and policy for B.",
  compareScenario: "Population scenario B", compareSocietal: "Societal scenario B", comparePolicy: "Policy B", difference: "difference B − A",
});

const compareState = { shown: false };

function fillCompareControls() {
  const o = state.options;
  fillSelect("cmp-scenario", o.population_scenarios.map(s => ({ id: s.id, text: `${s.id} — ${label(s)}` })), "groei");
  fillSelect("cmp-societal", o.societal.map(s => ({ id: s.id, text: label(s) })), "estimated");
  fillSelect("cmp-policy", o.policies.map(s => ({ id: s.id, text: label(s) })), "none");
}

function comboOf(prefix) {
  const sc = prefix === "a" ? (selectedScenarios()[0] || "midden") : document.getElementById("cmp-scenario").value;
  const so = document.getElementById(prefix === "a" ? "societal" : "cmp-societal").value, po = document.getElementById(prefix === "a" ? "policy" : "cmp-policy").value;
  const name = id => { const all = state.options.societal.concat(state.options.policies, state.options.population_scenarios); const x = all.find(s => s.id === id); return x ? label(x) : id; };
  return { q: `scenario=${encodeURIComponent(sc)}&societal=${encodeURIComponent(so)}&policy=${encodeURIComponent(po)}`, text: `${sc} · ${name(so)} · ${name(po)}`, sc, so, po };
}

async function renderCompare() {
  if (!compareState.shown) return;
  const n = (latest.compare = (latest.compare || 0) + 1);
  const a = comboOf("a"), b = comboOf("b");
  const wrap = document.getElementById("compare-charts");
  wrap.setAttribute("aria-busy", "true");
  const [da, db] = await Promise.all([api(`/api/projection?${a.q}`), api(`/api/projection?${b.q}`)]);
  const svgs = await Promise.all(da.dimensions.flatMap(dim => [a, b].map(c => svgText(`/api/projection?${c.q}&format=svg&dimension=${encodeURIComponent(dim)}&lang=${state.lang}`))));
  if (n !== latest.compare) return;
  wrap.innerHTML = "";
  da.dimensions.forEach((dim, i) => {
    [[a, "a"], [b, "b"]].forEach(([c, k], j) => {
      const fig = chartFigure(document.createElement("figure"), `${t(k === "a" ? "compareA" : "compareB")}: ${c.text} — ${dimLabel(dim)}`, svgs[2 * i + j]);
      fig.dataset.side = k; fig.dataset.dimension = dim;
      wrap.appendChild(fig);
    });
  });
  const last = d => d.years[d.years.length - 1];
  const ya = last(da), yb = last(db);
  const rows = da.dimensions.map((dim, i) => {
    const x = ya.dimensions[i], y = yb.dimensions[i];
    return [dimLabel(dim), `${pct(x.mean)} (${pct(x.lower)}–${pct(x.upper)})`, `${pct(y.mean)} (${pct(y.lower)}–${pct(y.upper)})`, pp(y.mean - x.mean)];
  });
  const tw = document.getElementById("compare-table-wrap");
  tw.innerHTML = "";
  const table = tableAlternative(`${t("table")}: ${ya.year}`, [t("dimension"), `A: ${a.text}`, `B: ${b.text}`, t("difference")], rows, "compare-table");
  table.open = true;
  tw.appendChild(table);
  wrap.dataset.a = `${a.sc}|${a.so}|${a.po}`; wrap.dataset.b = `${b.sc}|${b.so}|${b.po}`;
  wrap.dataset.provenance = da.provenance;
  wrap.removeAttribute("aria-busy");
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("compare-button").addEventListener("click", () => {
    compareState.shown = true;
    document.getElementById("compare-button").setAttribute("aria-expanded", "true");
    renderCompare().catch(e => status(e.message));
  });
  for (const id of ["cmp-scenario", "cmp-societal", "cmp-policy", "scenario", "societal", "policy"])
    document.getElementById(id).addEventListener("change", () => renderCompare().catch(e => status(e.message)));
});
