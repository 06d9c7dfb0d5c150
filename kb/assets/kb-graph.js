/* Concept map: plain JS + SVG, no library and no CDN. Reads the graph JSON written at build time.

   - Layout: a deterministic force layout in "world" units (the same map on every load).
   - View: zoom and pan (buttons, Ctrl/⌘ + wheel, two-finger pinch, drag, keyboard). Positions are
     drawn in screen pixels, so labels stay 13 px and tap targets 26 px at any zoom.
   - Labels never overlap: each is placed beside its node where it collides with nothing, in order of
     importance; a label with no free place is hidden until zooming in makes room (as maps do).
   - Tooltips give the concept's one-line definition, on hover and on keyboard focus.
   Every node is a link to its concept page; the page lists the same concepts below the map. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var LABEL_PX = 13; // label size on screen
  var HIT_PX = 13; // radius of a node's tap target on screen (26 px across)
  var GAP = 4;
  var MIN_SCALE = 0.15, MAX_SCALE = 4;

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  /* Fruchterman–Reingold with cooling; concepts of one theorist start together and attract weakly. */
  function layout(nodes, edges) {
    var byId = {}, groups = {};
    nodes.forEach(function (n) { (groups[n.group] = groups[n.group] || []).push(n); byId[n.id] = n; });
    var names = Object.keys(groups).sort();
    names.forEach(function (g, gi) {
      var a = (2 * Math.PI * gi) / names.length, cx = 260 * Math.cos(a), cy = 260 * Math.sin(a);
      groups[g].forEach(function (n, i) {
        var b = (2 * Math.PI * i) / groups[g].length;
        n.x = cx + 60 * Math.cos(b); n.y = cy + 60 * Math.sin(b);
      });
    });
    var links = edges.filter(function (e) { return byId[e.source] && byId[e.target]; });
    var k = 120, steps = 500;
    for (var s = 0; s < steps; s++) {
      var t = 30 * (1 - s / steps) + 0.5;
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y;
          var d2 = Math.max(dx * dx + dy * dy, 1), f = (k * k) / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      links.forEach(function (e) {
        var a = byId[e.source], b = byId[e.target], dx = a.x - b.x, dy = a.y - b.y;
        var d = Math.sqrt(dx * dx + dy * dy) || 1;
        var w = e.kind === "related" ? 1 : 0.25 * Math.min(e.weight || 1, 3);
        var f = (w * d) / k;
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      });
      names.forEach(function (g) {
        var m = groups[g], cx = 0, cy = 0;
        m.forEach(function (n) { cx += n.x / m.length; cy += n.y / m.length; });
        m.forEach(function (n) { n.dx += (cx - n.x) * 0.05; n.dy += (cy - n.y) * 0.05; });
      });
      nodes.forEach(function (n) {
        n.dx -= n.x * 0.02; n.dy -= n.y * 0.02; // gravity keeps loose concepts near
        var len = Math.sqrt(n.dx * n.dx + n.dy * n.dy) || 1;
        n.x += (n.dx / len) * Math.min(len, t); n.y += (n.dy / len) * Math.min(len, t);
      });
    }
    // centre, and turn the map so that its longest extent is horizontal (fit() may turn it upright)
    var mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    nodes.forEach(function (n) { mx += n.x / nodes.length; my += n.y / nodes.length; });
    nodes.forEach(function (n) {
      n.x -= mx; n.y -= my; sxx += n.x * n.x; syy += n.y * n.y; sxy += n.x * n.y;
    });
    var angle = -0.5 * Math.atan2(2 * sxy, sxx - syy), c = Math.cos(angle), sn = Math.sin(angle);
    nodes.forEach(function (n) {
      var x = n.x * c - n.y * sn, y = n.x * sn + n.y * c;
      n.wx = x; n.wy = y; n.x = x; n.y = y;
    });
    return { byId: byId, links: links };
  }

  function textWidth(label, font) {
    var ctx = textWidth.ctx || (textWidth.ctx = document.createElement("canvas").getContext("2d"));
    ctx.font = font;
    return ctx.measureText(label).width;
  }

  function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  function MapView(box, data) {
    this.box = box;
    this.nodes = data.nodes;
    var g = layout(data.nodes, data.edges);
    this.byId = g.byId;
    this.links = g.links;
    this.scale = 1; this.tx = 0; this.ty = 0;
    this.touched = false; // the reader has zoomed or panned: keep their view on resize
    this.active = null; // the hovered or focused node
    this.build();
    this.fit();
  }

  MapView.prototype.build = function () {
    var self = this, box = this.box, base = box.getAttribute("data-base") || "";
    box.innerHTML = "";
    box.classList.add("kb-map");
    var bar = document.createElement("div");
    bar.className = "kb-map__bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Zooma kartan");
    [["in", "+", "Zooma in"], ["out", "−", "Zooma ut"], ["fit", "Hela kartan", "Visa hela kartan"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button kb-map__button";
      button.textContent = b[1];
      button.setAttribute("aria-label", b[2]);
      button.addEventListener("click", function () { self.command(b[0]); });
      bar.appendChild(button);
    });
    box.appendChild(bar);
    var svg = (this.svg = el("svg", {
      class: "kb-graph", tabindex: "0", role: "group",
      "aria-label": "Begreppskarta med " + this.nodes.length + " begrepp. Piltangenterna flyttar kartan, " +
        "plus och minus zoomar, 0 visar hela kartan; Tabb går från begrepp till begrepp."
    }));
    box.appendChild(svg);
    var edges = el("g", { class: "kb-edges" }, svg);
    this.links.forEach(function (e) {
      e.line = el("line", { class: "kb-edge kb-edge--" + e.kind }, edges);
      if (e.kind === "cooccurrence") e.line.setAttribute("stroke-width", String(Math.min(0.5 + 0.5 * e.weight, 3)));
    });
    var nodes = el("g", { class: "kb-nodes" }, svg);
    this.nodes.forEach(function (n) {
      n.r = 6 + Math.min(n.quotes, 10) * 0.8;
      var name = n.label + (n.label_en ? " (engelska: " + n.label_en + ")" : "");
      n.a = el("a", { href: base + n.url, class: "kb-node", "data-id": n.id, "aria-label": name }, nodes);
      n.hit = el("circle", { class: "kb-node__hit", r: Math.max(n.r, HIT_PX) }, n.a);
      n.dot = el("circle", { class: "kb-node__dot", r: n.r, fill: n.color }, n.a);
      n.text = el("text", { class: "kb-node__label" }, n.a);
      n.text.textContent = n.label;
      n.a.addEventListener("pointerenter", function () { self.show(n); });
      n.a.addEventListener("pointerleave", function () { self.show(null); });
      n.a.addEventListener("focus", function () { self.reveal(n); self.show(n); });
      n.a.addEventListener("blur", function () { self.show(null); });
    });
    this.tip = document.createElement("div");
    this.tip.className = "kb-map__tip";
    this.tip.id = "kb-map-tip";
    this.tip.setAttribute("role", "tooltip");
    this.tip.hidden = true;
    box.appendChild(this.tip);
    var font = getComputedStyle(svg).fontFamily || "sans-serif";
    this.nodes.forEach(function (n) { n.w = textWidth(n.label, LABEL_PX + "px " + font); });
    this.listen();
  };

  MapView.prototype.size = function () {
    var r = this.svg.getBoundingClientRect();
    return { w: r.width || 600, h: r.height || 400 };
  };

  MapView.prototype.fit = function () {
    var s0 = this.size(), upright = s0.h > s0.w * 1.1; // a phone held upright: the map stands up too
    this.nodes.forEach(function (n) { n.x = upright ? n.wy : n.wx; n.y = upright ? -n.wx : n.wy; });
    var xs = this.nodes.map(function (n) { return n.x; }), ys = this.nodes.map(function (n) { return n.y; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var s = this.size(), pad = 2 * HIT_PX;
    var scale = Math.min((s.w - 2 * pad) / Math.max(maxX - minX, 1), (s.h - 2 * pad) / Math.max(maxY - minY, 1));
    this.scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));
    this.tx = s.w / 2 - ((minX + maxX) / 2) * this.scale;
    this.ty = s.h / 2 - ((minY + maxY) / 2) * this.scale;
    this.draw();
  };

  MapView.prototype.zoom = function (factor, cx, cy) {
    var s = this.size();
    if (cx === undefined) { cx = s.w / 2; cy = s.h / 2; }
    var scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, this.scale * factor));
    this.tx = cx - ((cx - this.tx) * scale) / this.scale;
    this.ty = cy - ((cy - this.ty) * scale) / this.scale;
    this.scale = scale;
    this.touched = true;
    this.draw();
  };

  MapView.prototype.pan = function (dx, dy) {
    this.tx += dx; this.ty += dy; this.touched = true; this.draw();
  };

  MapView.prototype.command = function (what) {
    if (what === "in") this.zoom(1.4);
    else if (what === "out") this.zoom(1 / 1.4);
    else { this.touched = false; this.fit(); }
  };

  /* Keep a focused node in view. */
  MapView.prototype.reveal = function (n) {
    var s = this.size(), x = n.x * this.scale + this.tx, y = n.y * this.scale + this.ty, m = 3 * HIT_PX;
    if (x < m || y < m || x > s.w - m || y > s.h - m) this.pan(s.w / 2 - x, s.h / 2 - y);
  };

  MapView.prototype.draw = function () {
    var self = this, k = this.scale;
    this.nodes.forEach(function (n) { n.sx = n.x * k + self.tx; n.sy = n.y * k + self.ty; });
    this.links.forEach(function (e) {
      var a = self.byId[e.source], b = self.byId[e.target];
      e.line.setAttribute("x1", a.sx); e.line.setAttribute("y1", a.sy);
      e.line.setAttribute("x2", b.sx); e.line.setAttribute("y2", b.sy);
    });
    this.nodes.forEach(function (n) {
      n.a.setAttribute("transform", "translate(" + n.sx + "," + n.sy + ")");
    });
    this.placeLabels();
  };

  /* Greedy placement: the active node first, then the concepts with most quotes. */
  MapView.prototype.placeLabels = function () {
    var s = this.size(), active = this.active, placed = [];
    var circles = this.nodes.map(function (n) {
      var r = Math.max(n.r, HIT_PX);
      return { x: n.sx - r, y: n.sy - r, w: 2 * r, h: 2 * r, n: n };
    });
    var order = this.nodes.slice().sort(function (a, b) {
      return (b === active) - (a === active) || b.quotes - a.quotes || a.label.localeCompare(b.label, "sv");
    });
    order.forEach(function (n) {
      var r = n.r + GAP, h = LABEL_PX + 2, w = n.w;
      var spots = [
        { x: r, y: -h / 2, anchor: "start" },
        { x: -r - w, y: -h / 2, anchor: "end" },
        { x: -w / 2, y: -r - h, anchor: "middle" },
        { x: -w / 2, y: r, anchor: "middle" }
      ];
      var spot = null;
      for (var i = 0; i < spots.length && !spot; i++) {
        var box = { x: n.sx + spots[i].x, y: n.sy + spots[i].y, w: w, h: h };
        var inside = box.x >= 0 && box.y >= 0 && box.x + w <= s.w && box.y + h <= s.h;
        var free = placed.every(function (p) { return !overlaps(box, p); }) &&
          circles.every(function (c) { return c.n === n || !overlaps(box, c); });
        if ((inside && free) || (n === active && i === spots.length - 1 && inside)) spot = spots[i];
        if (spot) placed.push(box);
      }
      var t = n.text;
      if (spot) {
        var x = spot.anchor === "start" ? spot.x : spot.anchor === "end" ? spot.x + w : 0;
        t.setAttribute("x", x);
        t.setAttribute("y", spot.y + h / 2);
        t.setAttribute("text-anchor", spot.anchor);
        t.removeAttribute("visibility");
      } else {
        t.setAttribute("visibility", "hidden");
      }
    });
  };

  MapView.prototype.show = function (n) {
    var self = this;
    this.active = n;
    this.svg.classList.toggle("kb-graph--focus", !!n);
    this.links.forEach(function (e) {
      e.line.classList.toggle("is-near", !!n && (e.source === n.id || e.target === n.id));
    });
    this.nodes.forEach(function (m) { m.a.removeAttribute("aria-describedby"); m.a.classList.remove("is-active"); });
    if (!n) { this.tip.hidden = true; this.placeLabels(); return; }
    n.a.classList.add("is-active");
    n.a.setAttribute("aria-describedby", this.tip.id);
    this.tip.innerHTML = "";
    var title = document.createElement("strong");
    title.textContent = n.label;
    this.tip.appendChild(title);
    if (n.label_en) this.tip.appendChild(document.createTextNode(" (engelska: " + n.label_en + ")"));
    if (n.summary) {
      var p = document.createElement("p");
      p.textContent = n.summary;
      this.tip.appendChild(p);
    }
    var count = document.createElement("p");
    count.className = "kb-map__count";
    count.textContent = n.quotes === 1 ? "1 citat" : n.quotes + " citat";
    this.tip.appendChild(count);
    this.tip.hidden = false;
    var s = this.size(), tw = this.tip.offsetWidth, th = this.tip.offsetHeight;
    var top = self.svg.offsetTop, left = n.sx + HIT_PX + 8;
    if (left + tw > s.w) left = Math.max(0, n.sx - HIT_PX - 8 - tw);
    this.tip.style.left = left + "px";
    this.tip.style.top = Math.max(top, Math.min(top + s.h - th, top + n.sy - th / 2)) + "px";
    this.placeLabels();
  };

  MapView.prototype.listen = function () {
    var self = this, svg = this.svg, pointers = {}, start = null, dragged = false;
    svg.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls the page
      e.preventDefault();
      var r = svg.getBoundingClientRect();
      self.zoom(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    svg.addEventListener("pointerdown", function (e) {
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      start = { x: e.clientX, y: e.clientY };
      dragged = false;
    });
    svg.addEventListener("pointermove", function (e) {
      var p = pointers[e.pointerId];
      if (!p) return;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var o = pointers[ids[0] === String(e.pointerId) ? ids[1] : ids[0]];
        var before = Math.hypot(p.x - o.x, p.y - o.y), after = Math.hypot(e.clientX - o.x, e.clientY - o.y);
        var r = svg.getBoundingClientRect();
        if (before > 0) self.zoom(after / before, (e.clientX + o.x) / 2 - r.left, (e.clientY + o.y) / 2 - r.top);
        dragged = true;
      } else if (dragged || Math.hypot(e.clientX - start.x, e.clientY - start.y) > 5) {
        if (!dragged) svg.setPointerCapture(e.pointerId);
        dragged = true;
        self.pan(e.clientX - p.x, e.clientY - p.y);
      }
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    });
    function release(e) { delete pointers[e.pointerId]; }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener("click", function (e) { // a drag that ends on a node does not open it
      if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; }
    }, true);
    svg.addEventListener("keydown", function (e) {
      var step = 60, keys = {
        ArrowLeft: function () { self.pan(step, 0); }, ArrowRight: function () { self.pan(-step, 0); },
        ArrowUp: function () { self.pan(0, step); }, ArrowDown: function () { self.pan(0, -step); },
        "+": function () { self.command("in"); }, "=": function () { self.command("in"); },
        "-": function () { self.command("out"); }, "0": function () { self.command("fit"); }
      };
      if (keys[e.key] && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); keys[e.key](); }
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { if (self.touched) self.draw(); else self.fit(); }).observe(svg);
    }
  };

  function init() {
    var box = document.getElementById("kb-graph");
    if (!box || box.getAttribute("data-drawn")) return;
    box.setAttribute("data-drawn", "1");
    fetch(box.getAttribute("data-src"))
      .then(function (r) { return r.json(); })
      .then(function (data) { box.kbMap = new MapView(box, data); })
      .catch(function () { box.textContent = "Kartan kunde inte laddas. Alla begrepp finns i listan nedanför."; });
  }

  if (typeof window.document$ !== "undefined") { window.document$.subscribe(init); }
  else { document.addEventListener("DOMContentLoaded", init); }
})();
