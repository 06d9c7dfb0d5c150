/* Concept map: a small force-directed layout in plain JS + SVG (no external library, no CDN).
   Reads the graph JSON written at build time; every node is a link to its concept page. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function layout(nodes, edges, width, height) {
    var index = {};
    nodes.forEach(function (n, i) {
      index[n.id] = n;
      var a = (2 * Math.PI * i) / nodes.length;
      n.x = width / 2 + (width / 3) * Math.cos(a);
      n.y = height / 2 + (height / 3) * Math.sin(a);
      n.vx = 0; n.vy = 0;
    });
    var links = edges.filter(function (e) { return index[e.source] && index[e.target]; });
    for (var step = 0; step < 400; step++) {
      var t = 1 - step / 400;
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = 2200 / d2;
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
      }
      links.forEach(function (e) {
        var s = index[e.source], d = index[e.target];
        var dx = d.x - s.x, dy = d.y - s.y, dist = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var k = (dist - 90) * 0.02 * (e.kind === "related" ? 1 : 0.5);
        s.vx += (dx / dist) * k * dist * 0.1; s.vy += (dy / dist) * k * dist * 0.1;
        d.vx -= (dx / dist) * k * dist * 0.1; d.vy -= (dy / dist) * k * dist * 0.1;
      });
      nodes.forEach(function (n) {
        n.vx += (width / 2 - n.x) * 0.004; n.vy += (height / 2 - n.y) * 0.004;
        n.x += Math.max(-20, Math.min(20, n.vx * t)); n.y += Math.max(-20, Math.min(20, n.vy * t));
        n.x = Math.max(40, Math.min(width - 40, n.x)); n.y = Math.max(20, Math.min(height - 20, n.y));
        n.vx *= 0.5; n.vy *= 0.5;
      });
    }
    return { index: index, links: links };
  }

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function draw(box, data) {
    var width = 960, height = 640;
    var g = layout(data.nodes, data.edges, width, height);
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "group", "aria-labelledby": "kb-graph-title", class: "kb-graph" });
    var title = el("title", { id: "kb-graph-title" });
    title.textContent = "Begreppskarta med " + data.nodes.length + " begrepp";
    svg.appendChild(title);
    g.links.forEach(function (e) {
      var s = g.index[e.source], d = g.index[e.target];
      svg.appendChild(el("line", {
        x1: s.x, y1: s.y, x2: d.x, y2: d.y, class: "kb-edge kb-edge--" + e.kind,
        "stroke-width": e.kind === "cooccurrence" ? Math.min(1 + e.weight, 6) : 1.5
      }));
    });
    var base = box.getAttribute("data-base") || "";
    data.nodes.forEach(function (n) {
      var a = el("a", { href: base + n.url, class: "kb-node", "data-id": n.id, "aria-label": n.label + " (" + n.label_en + ")" });
      a.appendChild(el("circle", { cx: n.x, cy: n.y, r: 6 + Math.min(n.quotes, 10), fill: n.color }));
      var text = el("text", { x: n.x, y: n.y - 10 - Math.min(n.quotes, 10), "text-anchor": "middle" });
      text.textContent = n.label;
      a.appendChild(text);
      svg.appendChild(a);
    });
    box.innerHTML = "";
    box.appendChild(svg);
  }

  function init() {
    var box = document.getElementById("kb-graph");
    if (!box || box.getAttribute("data-drawn")) return;
    box.setAttribute("data-drawn", "1");
    fetch(box.getAttribute("data-src"))
      .then(function (r) { return r.json(); })
      .then(function (data) { draw(box, data); })
      .catch(function () { box.textContent = "Kartan kunde inte laddas. Se listan över begrepp i stället."; });
  }

  if (typeof window.document$ !== "undefined") { window.document$.subscribe(init); }
  else { document.addEventListener("DOMContentLoaded", init); }
})();
