// report.html's script: the lines by parameter (drawn here from the page's plot data, redrawn as the controls
// change) and the task table (sort, filter, choose columns). No libraries, nothing fetched.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  // Student's t, 97.5 % quantile, by degrees of freedom 1..30 (above: 1.96)
  var T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
    2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];
  var CATEGORICAL = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"];
  var VIRIDIS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#c8b11a"];

  // ---- pure functions (window.QMR, so a test can call them) ----

  /** [n, mean, sd] of several [n, mean, sd] together (sd with n - 1); null for none. */
  function merge(list) {
    var n = 0, sum = 0, i;
    for (i = 0; i < list.length; i++) { n += list[i][0]; sum += list[i][0] * list[i][1]; }
    if (n === 0) { return null; }
    var mean = sum / n, m2 = 0;
    for (i = 0; i < list.length; i++) {
      var s = list[i], d = s[1] - mean;
      m2 += (s[0] - 1) * s[2] * s[2] + s[0] * d * d;
    }
    return [n, mean, n < 2 ? 0 : Math.sqrt(Math.max(0, m2) / (n - 1))];
  }

  /** The band around a mean: "sd" one standard deviation, "ci" the 95 % interval of the mean (Student's t). */
  function band(s, kind) {
    var n = s[0], mean = s[1], sd = s[2];
    if (kind === "ci") {
      if (n < 2) { return [mean, mean]; }
      var half = (n - 1 <= T975.length ? T975[n - 2] : 1.96) * sd / Math.sqrt(n);
      return [mean - half, mean + half];
    }
    return [mean - sd, mean + sd];
  }

  /**
   * The lines of one plot: cells grouped by the values of the panel, colour and x parameters (indexes into
   * data.params; -1 for none), each group's statistics merged (over the replicates, and over any other parameter).
   * Returns {panels: [{value, lines: [{value, points: [{x, s}]}]}]}, values being indexes into the parameters' values.
   */
  function group(data, series, y, x, colour, panel) {
    var key = series === "costs" ? "c" : "v";
    var groups = {}, order = [];
    data.cells.forEach(function (cell) {
      var s = cell[key][y];
      if (!s) { return; }
      var p = panel < 0 ? 0 : cell.k[panel], c = colour < 0 ? 0 : cell.k[colour], xv = cell.k[x];
      var id = p + "/" + c + "/" + xv;
      if (!groups[id]) { groups[id] = {p: p, c: c, x: xv, list: []}; order.push(id); }
      groups[id].list.push(s);
    });
    var panels = {}, out = [];
    order.forEach(function (id) {
      var g = groups[id];
      if (!panels[g.p]) { panels[g.p] = {value: g.p, lines: {}}; out.push(panels[g.p]); }
      var lines = panels[g.p].lines;
      if (!lines[g.c]) { lines[g.c] = {value: g.c, points: []}; }
      lines[g.c].points.push({x: g.x, s: merge(g.list)});
    });
    out.sort(function (a, b) { return a.value - b.value; });
    return {panels: out.map(function (p) {
      var lines = Object.keys(p.lines).map(function (k) { return p.lines[k]; });
      lines.sort(function (a, b) { return a.value - b.value; });
      lines.forEach(function (l) { l.points.sort(function (a, b) { return a.x - b.x; }); });
      return {value: p.value, lines: lines};
    })};
  }

  /** Round ticks over [lo, hi]: powers of ten (and 2, 5 between them over few decades) on a log axis. */
  function ticks(lo, hi, log) {
    var out = [], t;
    if (log) {
      var steps = Math.log10(hi / lo) < 2.5 ? [1, 2, 5] : [1];
      for (var e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
        steps.forEach(function (m) {
          var v = m * Math.pow(10, e);
          if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) { out.push(v); }
        });
      }
      return out;
    }
    var span = hi - lo, step = Math.pow(10, Math.floor(Math.log10(span / 5)));
    [1, 2, 5, 10].some(function (m) { if (span / (step * m) <= 6) { step *= m; return true; } return false; });
    for (t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return out;
  }

  /** A number for people: up to 4 significant digits. */
  function num(v) {
    if (v === Math.round(v) && Math.abs(v) < 1e9) { return String(v); }
    var s = v.toPrecision(4);
    return s.indexOf("e") >= 0 ? s : s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  }

  window.QMR = {merge: merge, band: band, group: group, ticks: ticks, num: num};

  // ---- drawing ----

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function scale(lo, hi, p0, p1, log) {
    if (log) { lo = Math.log10(lo); hi = Math.log10(hi); }
    if (!(hi > lo)) { var pad = lo === 0 ? 1 : Math.abs(lo) * 0.1; lo -= pad; hi += pad; }
    else { var pad2 = (hi - lo) * 0.05; lo -= pad2; hi += pad2; }
    var f = function (v) { return p0 + ((log ? Math.log10(v) : v) - lo) / (hi - lo) * (p1 - p0); };
    f.lo = log ? Math.pow(10, lo) : lo;
    f.hi = log ? Math.pow(10, hi) : hi;
    f.log = log;
    return f;
  }

  function colours(param, count) {
    if (!param || param.axis === "category" || count <= 2) {
      return function (i) { return CATEGORICAL[i % CATEGORICAL.length]; };
    }
    return function (i) {
      var t = count === 1 ? 0 : i / (count - 1), pos = t * (VIRIDIS.length - 1);
      var k = Math.min(VIRIDIS.length - 2, Math.floor(pos)), u = pos - k;
      var a = parseInt(VIRIDIS[k].slice(1), 16), b = parseInt(VIRIDIS[k + 1].slice(1), 16);
      var ch = function (sh) { return Math.round(((a >> sh) & 255) * (1 - u) + ((b >> sh) & 255) * u); };
      return "rgb(" + ch(16) + "," + ch(8) + "," + ch(0) + ")";
    };
  }

  var W = 330, H = 250, L = 58, R = 12, T = 22, B = 42;

  /** One panel: a line per colour value, its band, the means as points with what they are on hover. */
  function panel(host, o) {
    var xp = o.xParam, numericX = xp.axis !== "category";
    var logX = numericX && (o.xscale === "log" || (o.xscale === "auto" && xp.axis === "log"));
    var xs = [], ys = [], lines = o.lines;
    lines.forEach(function (l) {
      l.points.forEach(function (p) {
        p.band = band(p.s, o.band);
        p.xv = numericX ? Number(xp.values[p.x]) : p.x;
        xs.push(p.xv);
        ys.push(p.s[1], p.band[0], p.band[1]);
      });
    });
    if (logX && xs.some(function (v) { return v <= 0; })) { logX = false; }
    var logY = o.yscale === "log" || (o.yscale === "auto" && o.yAxis === "log");
    var positive = ys.filter(function (v) { return v > 0; });
    if (logY && positive.length === 0) { logY = false; }
    if (logY) { ys = positive; }
    var x = numericX ? scale(Math.min.apply(null, xs), Math.max.apply(null, xs), L, W - R, logX)
      : scale(0, xp.values.length - 1, L, W - R, false);
    var y = scale(Math.min.apply(null, ys), Math.max.apply(null, ys), H - B, T, logY);
    var yMin = logY ? Math.min.apply(null, ys) : -Infinity;
    var fig = document.createElement("figure");
    fig.className = "plot lines";
    fig.dataset.y = o.yName;
    fig.dataset.x = xp.name;
    fig.dataset.colour = o.colourParam ? o.colourParam.name : "";
    if (o.panelLabel) { fig.dataset.panel = o.panelLabel; }
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img"}, fig);
    el("title", {}, svg, o.yName + " against " + xp.name + (o.panelLabel ? ", " + o.panelLabel : ""));
    el("line", {"class": "axis", x1: L, y1: H - B, x2: W - R, y2: H - B}, svg);
    el("line", {"class": "axis", x1: L, y1: T, x2: L, y2: H - B}, svg);
    if (numericX) {
      ticks(x.lo, x.hi, logX).forEach(function (t) {
        el("text", {"class": "tick", x: x(t).toFixed(1), y: H - B + 14, "text-anchor": "middle"}, svg, num(t));
      });
    } else {
      var every = Math.max(1, Math.ceil(xp.values.length / 8));
      xp.values.forEach(function (v, i) {
        if (i % every === 0) {
          el("text", {"class": "tick", x: x(i).toFixed(1), y: H - B + 14, "text-anchor": "middle"}, svg, v);
        }
      });
    }
    ticks(y.lo, y.hi, logY).forEach(function (t) {
      el("line", {"class": "grid", x1: L, y1: y(t).toFixed(1), x2: W - R, y2: y(t).toFixed(1)}, svg);
      el("text", {"class": "tick", x: L - 4, y: (y(t) + 4).toFixed(1), "text-anchor": "end"}, svg, num(t));
    });
    el("text", {"class": "axis-title", x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle"}, svg,
      xp.name + (logX ? " (log)" : ""));
    el("text", {"class": "axis-title", transform: "translate(14," + (T + H - B) / 2 + ") rotate(-90)",
      "text-anchor": "middle"}, svg, o.yName + (logY ? " (log)" : ""));
    var clampY = function (v) { return y(logY ? Math.max(v, yMin) : v).toFixed(1); };
    lines.forEach(function (l) {
      var colour = o.colour(l.value);
      var label = o.colourParam ? o.colourParam.name + " = " + o.colourParam.values[l.value] : "";
      var g = el("g", {"class": "series", "data-value": o.colourParam ? o.colourParam.values[l.value] : ""}, svg);
      if (o.withBand && l.points.length > 1) {
        var upper = l.points.map(function (p) { return x(p.xv).toFixed(1) + "," + clampY(p.band[1]); });
        var lower = l.points.slice().reverse().map(function (p) { return x(p.xv).toFixed(1) + "," + clampY(p.band[0]); });
        el("polygon", {"class": "band", points: upper.concat(lower).join(" "), style: "fill:" + colour}, g);
      } else if (o.withBand) {
        var p0 = l.points[0];
        el("line", {"class": "band", x1: x(p0.xv).toFixed(1), x2: x(p0.xv).toFixed(1), y1: clampY(p0.band[0]),
          y2: clampY(p0.band[1]), style: "stroke:" + colour}, g);
      }
      el("polyline", {"class": "line", points: l.points.map(function (p) {
        return x(p.xv).toFixed(1) + "," + clampY(p.s[1]);
      }).join(" "), style: "stroke:" + colour}, g);
      l.points.forEach(function (p) {
        var c = el("circle", {"class": "mean-pt", cx: x(p.xv).toFixed(1), cy: clampY(p.s[1]), r: 3, style: "fill:" + colour}, g);
        el("title", {}, c, (label ? label + ", " : "") + xp.name + " = " + xp.values[p.x] + ": mean " + num(p.s[1])
          + (o.withBand ? ", " + o.bandName + " " + num(p.band[0]) + " to " + num(p.band[1]) : "")
          + ", n " + p.s[0]);
      });
    });
    var cap = document.createElement("figcaption");
    cap.textContent = o.caption;
    fig.appendChild(cap);
    host.appendChild(fig);
  }

  function explorer(form, data) {
    var series = form.dataset.series, id = form.id.replace(/-controls$/, "");
    var ys = data[series], params = data.params;
    var panels = document.getElementById(id + "-panels"), note = document.getElementById(id + "-note");
    var legend = document.getElementById(id + "-legend");
    var sel = function (name) { return form.elements[name]; };
    if (params.length === 0 || ys.length === 0 || data.tooMany) {
      form.style.display = "none";
      note.textContent = data.tooMany ? "Too many combinations of the parameters for lines by parameter."
        : params.length === 0 ? "No parameter but the replicates takes more than one value: nothing to plot against."
          : "Nothing numeric to plot.";
      return;
    }
    var option = function (s, value, text) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      s.appendChild(o);
    };
    option(sel("y"), "all", "all (small multiples)");
    ys.forEach(function (s, i) { option(sel("y"), i, s.name); });
    params.forEach(function (p, i) { option(sel("x"), i, p.name); });
    ["colour", "panel"].forEach(function (n) {
      option(sel(n), -1, "none");
      params.forEach(function (p, i) { option(sel(n), i, p.name); });
    });
    var index = function (name) { for (var i = 0; i < params.length; i++) { if (params[i].name === name) { return i; } } return -1; };
    sel("x").value = String(Math.max(0, index(data.x)));
    sel("colour").value = String(index(data.colour));
    sel("panel").value = "-1";
    var reps = data.replicates.map(function (r) { return r.name; });
    function draw() {
      var x = Number(sel("x").value), colour = Number(sel("colour").value), pan = Number(sel("panel").value);
      if (colour === x) { colour = -1; sel("colour").value = "-1"; }
      if (pan === x || pan === colour) { pan = -1; sel("panel").value = "-1"; }
      var all = sel("y").value === "all";
      sel("panel").disabled = all;
      if (all) { pan = -1; }
      var pooled = params.filter(function (p, i) { return i !== x && i !== colour && i !== pan; })
        .map(function (p) { return p.name; });
      var kind = sel("band").value;
      var bandName = kind === "ci" ? "95 % interval of the mean" : "\u00b11 SD";
      var over = reps.concat(pooled);
      var withBand = over.length > 0;
      var repText = data.replicates.map(function (r) { return r.name + " (" + r.count + " values)"; }).join(", ");
      note.textContent = "Each line is the mean of the tasks with its " + params[x].name
        + (colour >= 0 ? " and " + params[colour].name : "")
        + (withBand ? "; the band is " + bandName + " over the replicates " + (repText || "(none)")
          + (pooled.length ? ", with " + pooled.join(", ") + " pooled" : "")
          : "; no replicates: each point is one task") + ".";
      var colourParam = colour >= 0 ? params[colour] : null;
      var colourOf = colours(colourParam, colourParam ? colourParam.values.length : 1);
      legend.textContent = "";
      if (colourParam) {
        var title = document.createElement("span");
        title.textContent = colourParam.name + ": ";
        legend.appendChild(title);
        colourParam.values.forEach(function (v, i) {
          var item = document.createElement("span");
          item.className = "legend-item";
          var sw = document.createElement("span");
          sw.className = "swatch";
          sw.style.background = colourOf(i);
          item.appendChild(sw);
          item.appendChild(document.createTextNode(v));
          legend.appendChild(item);
        });
      }
      panels.textContent = "";
      var which = all ? ys.map(function (s, i) { return i; }) : [Number(sel("y").value)];
      which.forEach(function (yi) {
        var grouped = group(data, series, yi, x, colour, pan);
        grouped.panels.forEach(function (p) {
          var panelLabel = pan >= 0 ? params[pan].name + " = " + params[pan].values[p.value] : "";
          panel(panels, {
            xParam: params[x], colourParam: colourParam, colour: colourOf, lines: p.lines, yName: ys[yi].name,
            yAxis: ys[yi].axis, band: kind, bandName: bandName, withBand: withBand, xscale: sel("xscale").value,
            yscale: sel("yscale").value, panelLabel: panelLabel,
            caption: ys[yi].name + " against " + params[x].name + (colourParam ? ", a line per " + colourParam.name : "")
              + (panelLabel ? " (" + panelLabel + ")" : "") + (withBand ? "; band " + bandName : "")
          });
        });
      });
    }
    form.addEventListener("change", draw);
    draw();
  }

  var dataElement = document.getElementById("plot-data");
  if (dataElement) {
    var data = JSON.parse(dataElement.textContent);
    Array.prototype.forEach.call(document.querySelectorAll("form.controls"), function (f) { explorer(f, data); });
  }

  // ---- the task table ----

  var table = document.getElementById("task-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  function count() {
    var n = 0;
    rows.forEach(function (r) { if (r.style.display !== "none") { n++; } });
    shown.textContent = n + " of " + rows.length + " rows";
  }
  // a cell's exact value (rounded ones carry it in data-v) and its text otherwise
  function value(cell) { return cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent; }
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("asc");
      Array.prototype.forEach.call(headers, function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var numeric = rows.every(function (r) {
        var t = value(r.cells[col]);
        return t === "" || !isNaN(Number(t));
      });
      rows.sort(function (a, b) {
        var x = value(a.cells[col]), y = value(b.cells[col]), c;
        if (numeric) {
          c = (x === "" ? -Infinity : Number(x)) - (y === "" ? -Infinity : Number(y));
        } else {
          c = x.localeCompare(y);
        }
        return asc ? c : -c;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  document.getElementById("filter").addEventListener("input", function (e) {
    var q = e.target.value.toLowerCase();
    rows.forEach(function (r) {
      r.style.display = q === "" || r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
    });
    count();
  });
  // columns on demand: one CSS rule per hidden column, so 10,000 rows are not touched one by one
  var hidden = document.getElementById("hidden-columns");
  var boxes = document.querySelectorAll("#columns input[data-column]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      var css = "", on = 0;
      Array.prototype.forEach.call(boxes, function (b) {
        if (b.checked) { on++; } else { css += "#task-table tr > :nth-child(" + b.dataset.column + "){display:none}"; }
      });
      hidden.textContent = css;
      document.querySelector("#columns summary").textContent = "columns (" + on + " of " + boxes.length + " shown)";
    });
  });
  count();
})();
