// Cohesion dashboard: fetches /api/ and draws charts as SVG with a table alternative for each.
"use strict";

const I18N = {
  nl: {
    skip: "Naar de inhoud", title: "Sociale samenhang in Nederland",
    intro: "Vier dimensies van sociale samenhang: nu, per groep, en tot 2050 onder demografische, maatschappelijke en beleidsscenario's.",
    footer: "Cohesion — cijfers herleidbaar naar de bron; synthetische gegevens zijn als zodanig gemarkeerd.",
    loading: "Laden…", failed: "Laden mislukt", table: "Tabel bij deze grafiek", suppressed: "onderdrukt (<10 respondenten)",
  },
  en: {
    skip: "Skip to content", title: "Social cohesion in the Netherlands",
    intro: "Four dimensions of social cohesion: today, by group, and to 2050 under demographic, societal and policy scenarios.",
    footer: "Cohesion — every number traceable to its source; synthetic data are marked as such.",
    loading: "Loading…", failed: "Loading failed", table: "Table for this chart", suppressed: "suppressed (<10 respondents)",
  },
};

const state = { lang: localStorage.getItem("cohesion.lang") || "nl" };

function t(key) { return (I18N[state.lang] && I18N[state.lang][key]) || I18N.nl[key] || key; }

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.getElementById("lang-nl").setAttribute("aria-pressed", String(state.lang === "nl"));
  document.getElementById("lang-en").setAttribute("aria-pressed", String(state.lang === "en"));
  document.title = "Cohesion — " + t("title");
  document.dispatchEvent(new CustomEvent("languagechange"));
}

function setLanguage(lang) { state.lang = lang; localStorage.setItem("cohesion.lang", lang); applyLanguage(); }

async function api(path) {
  const r = await fetch(path, { headers: { "Accept": "application/json" } });
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || r.statusText);
  return r.json();
}

window.Cohesion = { state, t, api, I18N };

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("lang-nl").addEventListener("click", () => setLanguage("nl"));
  document.getElementById("lang-en").addEventListener("click", () => setLanguage("en"));
  applyLanguage();
});
