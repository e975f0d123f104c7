/* Downloads for every chart and table of a page (issue 14): one script for the report (inline) and the dashboard
   (/downloads.js). Every <figure> with a chart gets [data-download="svg"] and [data-download="png"]; every <table>
   gets [data-download="csv"] and [data-download="xlsx"] in its caption. Hooks the page already has (the report's,
   rendered with links to its files) are kept; links with an href download as themselves. SVG is the inline chart
   serialised (or the image's source), PNG that SVG drawn on a canvas at twice its size on white, CSV and xlsx the
   table's cells as shown (numbers in the page's language become numeric cells; Dutch CSV is ';'-separated with
   decimal commas and a BOM, so it opens in columns in Dutch Excel). No network requests beyond an <img>'s own source. */
(function () {
  "use strict";
  var words = {
    nl: { figure: "Figuur downloaden:", table: "Tabel downloaden:", sheet: "Tabel" },
    en: { figure: "Download figure:", table: "Download table:", sheet: "Table" }
  };
  function lang() { return document.documentElement.lang === "en" ? "en" : "nl"; }

  function save(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name; a.hidden = true;
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 5000);
  }

  function slug(s, fallback) {
    var v = String(s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return v || fallback;
  }

  function figureName(fig) {
    var cap = fig.querySelector("figcaption");
    return slug(fig.id || fig.dataset.dimension || (cap && cap.textContent), "figure");
  }

  function tableName(table) {
    var details = table.closest("details"), summary = details && details.querySelector("summary");
    var cap = table.querySelector("caption .dl-title");
    return slug(table.id || (summary && summary.textContent) || (cap && cap.textContent), "table");
  }

  function chartOf(fig) { return fig.querySelector("svg") || fig.querySelector("img"); }

  function svgSource(fig) {
    var el = chartOf(fig);
    if (el && el.tagName.toLowerCase() === "svg") {
      var c = el.cloneNode(true);
      c.setAttribute("xmlns", "http://www.w3.org/2000/svg");
      return Promise.resolve(new XMLSerializer().serializeToString(c));
    }
    if (el) return fetch(el.currentSrc || el.src).then(function (r) { return r.text(); });
    return Promise.reject(new Error("no chart in this figure"));
  }

  /* The chart's size from its root's width and height (the project's SVG always has both), else as laid out. */
  function size(fig, svgText) {
    var root = (/<svg\b[^>]*>/.exec(svgText) || [""])[0];
    var w = /\swidth="([0-9.]+)"/.exec(root), h = /\sheight="([0-9.]+)"/.exec(root);
    if (w && h) return [parseFloat(w[1]), parseFloat(h[1])];
    var r = chartOf(fig).getBoundingClientRect();
    return [r.width || 800, r.height || 600];
  }

  function png(fig, name) {
    return svgSource(fig).then(function (text) {
      var wh = size(fig, text), k = 2;
      return new Promise(function (resolve, reject) {
        var img = new Image();
        img.onload = function () {
          var c = document.createElement("canvas");
          c.width = Math.round(wh[0] * k); c.height = Math.round(wh[1] * k);
          var g = c.getContext("2d");
          g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
          g.drawImage(img, 0, 0, c.width, c.height);
          c.toBlob(function (b) { if (b) { save(name, b); resolve(); } else reject(new Error("canvas")); }, "image/png");
        };
        img.onerror = function () { reject(new Error("the chart could not be drawn")); };
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
      });
    });
  }

  /* The table's cells as shown: header rows then body rows, without the download links. */
  function cells(table) {
    var rows = [];
    for (var i = 0; i < table.rows.length; i++) {
      var row = table.rows[i], out = [];
      for (var j = 0; j < row.cells.length; j++) out.push(row.cells[j].textContent.replace(/\s+/g, " ").trim());
      rows.push(out);
    }
    return rows;
  }

  /* A number as the page's language writes it ("1.234,5", "69,5%", "−0,12"; "1,234.5" in English), else null. */
  function number(s, l) {
    var t = s.replace(/\u2212/g, "-").replace(/\s/g, "");
    var pct = /%$/.test(t);
    if (pct) t = t.slice(0, -1);
    var ok = l === "en" ? /^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/ : /^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
    if (!ok.test(t)) return null;
    t = l === "en" ? t.replace(/,/g, "") : t.replace(/\./g, "").replace(",", ".");
    var v = parseFloat(t);
    return isFinite(v) ? { v: pct ? v / 100 : v, pct: pct } : null;
  }

  function csv(table) {
    var l = lang(), sep = l === "en" ? "," : ";";
    var q = function (s) { return s.indexOf(sep) >= 0 || /["\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    var lines = cells(table).map(function (r) {
      return r.map(function (c) {
        var n = number(c, l);
        if (n && !n.pct) return l === "en" ? String(n.v) : String(n.v).replace(".", ",");
        return q(c);
      }).join(sep);
    });
    return new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
  }

  /* A minimal xlsx (SpreadsheetML in a stored zip): inline strings, numeric cells, percentages as 0.0%. */
  var crcTable = null;
  function crc32(bytes) {
    if (!crcTable) {
      crcTable = new Uint32Array(256);
      for (var n = 0; n < 256; n++) { var c = n; for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; crcTable[n] = c >>> 0; }
    }
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
    return (crc ^ 0xFFFFFFFF) >>> 0;
  }

  function zip(files) {
    var enc = new TextEncoder(), parts = [], central = [], offset = 0;
    function u16(v) { return [v & 0xFF, (v >>> 8) & 0xFF]; }
    function u32(v) { return [v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, (v >>> 24) & 0xFF]; }
    files.forEach(function (f) {
      var name = enc.encode(f[0]), data = enc.encode(f[1]), crc = crc32(data);
      // version 20, flags 0x0800 (UTF-8 names), stored, time 00:00 date 1980-01-01
      var common = [].concat(u16(20), u16(0x0800), u16(0), u16(0), u16(33), u32(crc), u32(data.length), u32(data.length), u16(name.length), u16(0));
      var local = new Uint8Array([].concat(u32(0x04034b50), common));
      parts.push(local, name, data);
      central.push(new Uint8Array([].concat(u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset))), name);
      offset += local.length + name.length + data.length;
    });
    var size = central.reduce(function (s, p) { return s + p.length; }, 0);
    var end = new Uint8Array([].concat(u32(0x06054b50), u16(0), u16(0), u16(files.length), u16(files.length), u32(size), u32(offset), u16(0)));
    return new Blob(parts.concat(central, [end]), { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  }

  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""); }
  function ref(j, r) { var s = ""; for (var c = j + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + (c - 1) % 26) + s; return s + r; }

  function xlsx(table) {
    var l = lang(), rows = cells(table), x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    var main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main", rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    var data = rows.map(function (r, i) {
      return '<row r="' + (i + 1) + '">' + r.map(function (c, j) {
        var n = i > 0 ? number(c, l) : null;
        if (n) return '<c r="' + ref(j, i + 1) + '"' + (n.pct ? ' s="1"' : "") + "><v>" + n.v + "</v></c>";
        if (!c) return "";
        return '<c r="' + ref(j, i + 1) + '" t="inlineStr"' + (i === 0 ? ' s="2"' : "") + "><is><t>" + esc(c) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    return zip([
      ["[Content_Types].xml", x + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
      ["_rels/.rels", x + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
      ["xl/workbook.xml", x + '<workbook xmlns="' + main + '" xmlns:r="' + rel + '"><sheets><sheet name="' + words[l].sheet + '" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      ["xl/_rels/workbook.xml.rels", x + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="' + rel + '/styles" Target="styles.xml"/></Relationships>'],
      ["xl/styles.xml", x + '<styleSheet xmlns="' + main + '"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>'],
      ["xl/worksheets/sheet1.xml", x + '<worksheet xmlns="' + main + '"><sheetData>' + data + "</sheetData></worksheet>"]
    ]);
  }

  function bar(kind, items) {
    var el = document.createElement(kind === "table" ? "span" : "p");
    el.className = "downloads";
    el.appendChild(document.createTextNode(words[lang()][kind] + " "));
    items.forEach(function (it) {
      var b = document.createElement("button");
      b.type = "button"; b.dataset.download = it[0]; b.textContent = it[1];
      el.appendChild(b); el.appendChild(document.createTextNode(" "));
    });
    return el;
  }

  /* Adds the hooks to every figure with a chart and every table that lacks them. */
  function decorate() {
    document.querySelectorAll("figure").forEach(function (fig) {
      if (!chartOf(fig) || fig.querySelector('[data-download="svg"]')) return;
      fig.appendChild(bar("figure", [["svg", "SVG"], ["png", "PNG"]]));
    });
    document.querySelectorAll("table").forEach(function (table) {
      if (table.querySelector('[data-download="csv"]')) return;
      var cap = table.caption;
      if (!cap) {
        cap = table.createCaption();
        var details = table.closest("details"), summary = details && details.querySelector("summary");
        var title = document.createElement("span");
        title.className = "dl-title visually-hidden";
        title.textContent = summary ? summary.textContent : "";
        cap.appendChild(title);
      }
      cap.appendChild(bar("table", [["csv", "CSV"], ["xlsx", "Excel"]]));
    });
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; decorate(); });
  }

  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-download]");
    if (!el || el.getAttribute("href")) {
      // a link to a file: the browser downloads it, except a figure's SVG, saved from the page (works offline)
      if (!el || el.dataset.download !== "svg" || !el.closest("figure")) return;
    }
    var kind = el.dataset.download, fig = el.closest("figure"), table = el.closest("table");
    e.preventDefault();
    if (kind === "svg" && fig)
      svgSource(fig).then(function (t) { save(el.getAttribute("download") || figureName(fig) + ".svg", new Blob([t], { type: "image/svg+xml" })); });
    else if (kind === "png" && fig) png(fig, el.dataset.file || figureName(fig) + ".png");
    else if (kind === "csv" && table) save(tableName(table) + ".csv", csv(table));
    else if (kind === "xlsx" && table) save(tableName(table) + ".xlsx", xlsx(table));
  });

  function start() {
    decorate();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  window.cohesionDownloads = { decorate: decorate, number: number };
})();
