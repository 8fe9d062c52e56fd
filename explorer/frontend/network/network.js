/* The gridnet network component: vis-network in a Streamlit component frame.
 *
 * Python (explorer/netgraph.py) sends the picture as the component's arguments; this
 * script draws it, lets the layout settle and then switches physics off, and reports
 * what the planner does (click, double-click, legend) back to Python as the
 * component's value. Every message is JSON; nothing from the data is ever inserted
 * as HTML (labels are drawn on the canvas, titles and legend entries are text).
 * The page holds no words of its own: every text it shows comes in `args.ui`, from
 * the explorer's catalogs in the planner's language (explorer/netpayload.py).
 *
 * Outside Streamlit (the benchmark, tests) the page waits for `gridnet.render(args)`.
 */
(function () {
  "use strict";

  var FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif";
  var FAINT = 0.15;  // links off the chain tree in the hierarchical layout
  var inStreamlit = window.parent !== window;
  var container = document.getElementById("graph");

  var S = {
    network: null,
    nodes: null,
    edges: null,
    args: null,
    view: null,
    hiddenKinds: new Set(),
    pinned: new Set(),
    highlighted: null,
    focusSeq: null,
    tier1Font: null,
    settled: false,
    settling: false,
    settleMs: null,
    totalMs: null,
    renderStart: 0,
    settleCount: 0,
    renders: 0,
    nonce: Math.random().toString(36).slice(2, 10),
    seq: 0,
    events: [],
    lastExport: null,
    frameHeight: null,
  };

  // ------------------------------------------------------------------ Streamlit wiring

  function post(type, data) {
    if (!inStreamlit) return;
    var msg = { isStreamlitMessage: true, type: type };
    for (var k in data) msg[k] = data[k];
    window.parent.postMessage(msg, "*");
  }

  function send(event) {
    S.seq += 1;
    var value = { id: S.nonce + ":" + S.seq };
    for (var k in event) value[k] = event[k];
    S.events.push(value);
    post("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  /* The frame's height is the content's (never the frame's own, which would grow it). */
  function setHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height) + 2;
    if (height === S.frameHeight) return;
    S.frameHeight = height;
    post("streamlit:setFrameHeight", { height: height });
  }

  function setStatus(text) {
    document.getElementById("status").textContent = text;
  }

  /* A text of the page in the planner's language; `{name}` holes filled from `values`. */
  function t(key, values) {
    var text = String(((S.args && S.args.ui) || {})[key] || "");
    return text.replace(/\{(\w+)\}/g, function (hole, name) {
      return values && values[name] !== undefined ? String(values[name]) : hole;
    });
  }

  /* The toolbar's labels and hints, the legend's name, the page's title and language. */
  function applyTexts() {
    document.documentElement.lang = S.args.lang === "en" ? "en" : "zh-CN";
    document.title = t("document_title");
    document.querySelectorAll("[data-text]").forEach(function (el) {
      el.textContent = t(el.getAttribute("data-text"));
    });
    document.querySelectorAll("[data-hint]").forEach(function (el) {
      el.title = t(el.getAttribute("data-hint"));
    });
    document.querySelectorAll("[data-label]").forEach(function (el) {
      el.setAttribute("aria-label", t(el.getAttribute("data-label")));
    });
  }

  // ------------------------------------------------------------------ options

  function physicsOptions(budget) {
    return {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: {
        gravitationalConstant: -55,
        centralGravity: 0.012,
        springLength: 60,
        springConstant: 0.09,
        damping: 0.5,
        avoidOverlap: 0.4,
      },
      maxVelocity: 60,
      minVelocity: 1.0,
      timestep: 0.5,
      stabilization: {
        enabled: true,
        iterations: budget.iterations,
        updateInterval: 10,
        fit: false,
      },
    };
  }

  function networkOptions(args) {
    return {
      autoResize: true,
      width: "100%",
      height: args.height + "px",
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: { font: { face: FONT }, borderWidth: 1 },
      edges: {
        arrows: { to: { enabled: true, scaleFactor: 0.4 } },
        color: { color: "#b8b8b8", highlight: "#404040", hover: "#707070" },
        smooth: false,
        width: 1,
        selectionWidth: 1.5,
        font: { face: FONT, size: 9 },
      },
      physics: { enabled: false },
      interaction: {
        hover: true,
        tooltipDelay: 150,
        hideEdgesOnDrag: true,
        navigationButtons: false,
        keyboard: false,
        multiselect: false,
      },
    };
  }

  // ------------------------------------------------------------------ nodes

  function prepEdge(e) {
    var out = {};
    for (var k in e) out[k] = e[k];
    if (e.faint) out.color = { opacity: FAINT };
    return out;
  }

  function prep(n) {
    var out = {};
    for (var k in n) out[k] = n[k];
    out.hidden = S.hiddenKinds.has(n.kind);
    out.fixed = S.pinned.has(n.id) ? { x: true, y: true } : false;
    if (out.fixed) out.borderWidth = Math.max(out.borderWidth || 1, 3);
    if (n.tier === 1 && S.tier1Font) out.font = tierFont(n.font, S.tier1Font);
    return out;
  }

  function tierFont(font, size) {
    var f = {};
    for (var k in font) f[k] = font[k];
    f.size = size;
    return f;
  }

  /* Structural labels (tier 1) stay at least tier1_min_px pixels high at any zoom. */
  function adjustFonts() {
    if (!S.network) return;
    var scale = S.network.getScale();
    var base = 16;
    var want = Math.min(64, Math.max(base, S.args.tier1_min_px / scale));
    want = Math.round(want * 2) / 2;
    if (S.tier1Font === want) return;
    S.tier1Font = want;
    var ups = S.nodes.get({ filter: function (n) { return n.tier === 1; } }).map(function (n) {
      return { id: n.id, font: tierFont(n.font, want) };
    });
    S.nodes.update(ups);
  }

  function visibleNodes() {
    return S.nodes ? S.nodes.get({ filter: function (n) { return !n.hidden; } }) : [];
  }

  function counts() {
    var out = {};
    visibleNodes().forEach(function (n) { out[n.kind] = (out[n.kind] || 0) + 1; });
    return out;
  }

  // ------------------------------------------------------------------ highlight and focus

  /* Light `key` and its neighbours (or, with `path`, exactly the path's nodes and the
   * links between them) and dim everything else; null lights everything again. */
  function highlight(key, path) {
    S.highlighted = key && S.nodes.get(key) ? key : null;
    var near = new Set();
    var onPath = !!(path && path.length);
    if (onPath) {
      path.forEach(function (k) { near.add(k); });
    } else if (S.highlighted) {
      near.add(key);
      S.network.getConnectedNodes(key).forEach(function (k) { near.add(k); });
    }
    var lit = S.highlighted || onPath;
    S.nodes.update(S.nodes.getIds().map(function (id) {
      return { id: id, opacity: !lit || near.has(id) ? 1 : 0.18 };
    }));
    S.edges.update(S.edges.get().map(function (e) {
      var on = onPath ? near.has(e.from) && near.has(e.to)
        : S.highlighted && (e.from === key || e.to === key);
      var opacity = on ? 1 : lit ? 0.12 : e.faint ? FAINT : 1;
      return { id: e.id, color: { opacity: opacity }, width: on ? (onPath ? 3 : 2) : 1 };
    }));
    if (S.highlighted) S.network.selectNodes([key]);
    else S.network.unselectAll();
  }

  function applyFocus() {
    var f = S.args.focus;
    if (!f || !f.key || f.seq === S.focusSeq || !S.nodes.get(f.key)) return;
    S.focusSeq = f.seq;
    if (f.path && f.path.length) {
      var path = f.path.filter(function (k) { return !!S.nodes.get(k); });
      S.path = path;
      highlight(f.key, path);
      S.network.fit({ nodes: path, animation: { duration: 450, easingFunction: "easeInOutQuad" } });
      return;
    }
    S.path = null;
    highlight(f.key);
    S.network.focus(f.key, {
      scale: Math.max(S.network.getScale(), 1.0),
      animation: { duration: 450, easingFunction: "easeInOutQuad" },
    });
  }

  function applySelection() {
    var key = S.args.selected;
    var f = S.args.focus;
    if (key && f && f.path && f.key === key && S.path) highlight(key, S.path);
    else if (key && S.nodes.get(key)) highlight(key);
    else if (S.highlighted && !S.nodes.get(S.highlighted)) highlight(null);
    else if (!key && S.highlighted) highlight(null);
  }

  // ------------------------------------------------------------------ settling

  /* Physics runs a bounded number of iterations (or until the wall-clock cap), then
   * stops for good: the picture holds still until the planner asks for a re-layout. */
  function settle(reason, done) {
    var t0 = performance.now();
    var budget = S.args.settle;
    S.settled = false;
    S.settling = true;
    setStatus(t("laying_out"));
    var finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      S.network.off("stabilizationProgress", guard);
      S.network.setOptions({ physics: { enabled: false } });
      if (done) done();
      if (reason !== "expand") S.network.fit({ animation: false });
      adjustFonts();
      S.settleMs = performance.now() - t0;
      S.totalMs = performance.now() - S.renderStart;
      S.settled = true;
      S.settling = false;
      S.settleCount += 1;
      applySelection();
      applyFocus();
      setStatus(t("settled", {
        seconds: (S.settleMs / 1000).toFixed(2),
        nodes: visibleNodes().length,
      }));
    }
    function guard() {
      if (performance.now() - t0 > budget.max_ms) S.network.stopSimulation();
    }
    var movable = S.nodes.get({
      filter: function (n) { return !n.hidden && !(n.fixed && n.fixed.x); },
    }).length;
    if (S.args.layout === "hierarchical" || movable === 0) {
      finish();
      return;
    }
    S.network.once("stabilizationIterationsDone", finish);
    S.network.on("stabilizationProgress", guard);
    S.network.setOptions({ physics: physicsOptions(budget) });
    S.network.stabilize(reason === "expand" ? Math.min(80, budget.iterations) : budget.iterations);
  }

  /* Re-layout: back to the seed positions the server computed (pinned nodes stay), then settle. */
  function relayout() {
    if (!S.network) return;
    var seeds = new Map(S.args.nodes.map(function (n) { return [n.id, n]; }));
    S.nodes.update(S.nodes.get().filter(function (n) {
      return !S.pinned.has(n.id) && seeds.has(n.id) && seeds.get(n.id).x !== undefined;
    }).map(function (n) {
      return { id: n.id, x: seeds.get(n.id).x, y: seeds.get(n.id).y };
    }));
    settle("relayout");
  }

  function allInView(ids) {
    var box = container.getBoundingClientRect();
    var pos = S.network.getPositions(ids);
    return ids.every(function (id) {
      if (!pos[id]) return true;
      var d = S.network.canvasToDOM(pos[id]);
      return d.x > 10 && d.y > 10 && d.x < box.width - 10 && d.y < box.height - 10;
    });
  }

  /* New nodes (an expansion) start around the node they hang off. */
  function placeNear(added, edges) {
    var have = function (id) { return !!S.nodes.get(id); };
    var anchorOf = {};
    edges.forEach(function (e) {
      if (anchorOf[e.to] === undefined && have(e.from)) anchorOf[e.to] = e.from;
      if (anchorOf[e.from] === undefined && have(e.to)) anchorOf[e.from] = e.to;
    });
    var groups = {};
    added.forEach(function (n) {
      var a = anchorOf[n.id];
      if (a === undefined) return;
      (groups[a] = groups[a] || []).push(n);
    });
    Object.keys(groups).forEach(function (a) {
      var centre = S.network.getPositions([a])[a];
      var list = groups[a];
      var r = 70 + 14 * Math.sqrt(list.length);
      list.forEach(function (n, i) {
        var angle = (2 * Math.PI * i) / list.length;
        n.x = centre.x + r * Math.cos(angle);
        n.y = centre.y + r * Math.sin(angle);
      });
    });
  }

  // ------------------------------------------------------------------ legend

  function drawLegend(items) {
    var box = document.getElementById("legend");
    box.textContent = "";
    items.forEach(function (item) {
      var span = document.createElement("span");
      span.className = "gn-legend-item" + (S.hiddenKinds.has(item.kind) ? " off" : "");
      span.setAttribute("data-kind", item.kind);
      span.setAttribute("role", "button");
      span.title = t("legend_hint");
      var sw = document.createElement("span");
      sw.className = "gn-swatch";
      sw.style.background = item.color;
      span.appendChild(sw);
      span.appendChild(document.createTextNode(item.name + " (" + item.count + ")"));
      span.addEventListener("click", function () { toggleKind(item.kind); });
      box.appendChild(span);
    });
    var gap = document.createElement("span");
    gap.className = "gn-legend-item";
    gap.setAttribute("data-kind", "gap");
    var ring = document.createElement("span");
    ring.className = "gn-gap";
    gap.appendChild(ring);
    gap.appendChild(document.createTextNode(t("gap")));
    box.appendChild(gap);
  }

  function applyKinds() {
    S.nodes.update(S.nodes.get().map(function (n) {
      return { id: n.id, hidden: S.hiddenKinds.has(n.kind) };
    }));
    document.querySelectorAll("#legend .gn-legend-item").forEach(function (el) {
      var kind = el.getAttribute("data-kind");
      el.classList.toggle("off", S.hiddenKinds.has(kind));
    });
  }

  function toggleKind(kind) {
    if (S.hiddenKinds.has(kind)) S.hiddenKinds.delete(kind);
    else S.hiddenKinds.add(kind);
    applyKinds();
    send({ event: "kinds", hidden: Array.from(S.hiddenKinds).sort() });
  }

  // ------------------------------------------------------------------ export

  function exportPng() {
    var src = container.querySelector("canvas");
    if (!src) return null;
    var ratio = src.width / Math.max(1, src.clientWidth);
    var head = Math.round(34 * ratio);
    var shown = counts();
    var items = (S.args.legend || []).filter(function (item) { return shown[item.kind]; });
    // The legend under the picture wraps: lay it out first to know the height.
    var probe = document.createElement("canvas").getContext("2d");
    probe.font = Math.round(12 * ratio) + "px " + FONT;
    var places = [];
    var lx = 10 * ratio;
    var line = 0;
    items.forEach(function (item) {
      var text = item.name + " " + shown[item.kind];
      var w = probe.measureText(text).width + 28 * ratio;
      if (lx + w > src.width - 10 * ratio && lx > 10 * ratio) {
        line += 1;
        lx = 10 * ratio;
      }
      places.push({ item: item, text: text, x: lx, line: line });
      lx += w;
    });
    var foot = Math.round((line + 1) * 20 * ratio + 12 * ratio);
    var out = document.createElement("canvas");
    out.width = src.width;
    out.height = src.height + head + foot;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#222222";
    ctx.font = Math.round(16 * ratio) + "px " + FONT;
    ctx.fillText((S.args.title || "gridnet") + " · " + new Date().toISOString().slice(0, 10),
      10 * ratio, 23 * ratio);
    ctx.drawImage(src, 0, head);
    ctx.font = Math.round(12 * ratio) + "px " + FONT;
    places.forEach(function (p) {
      var y = head + src.height + (19 + 20 * p.line) * ratio;
      ctx.fillStyle = p.item.color;
      ctx.fillRect(p.x, y - 10 * ratio, 10 * ratio, 10 * ratio);
      ctx.fillStyle = "#222222";
      ctx.fillText(p.text, p.x + 14 * ratio, y);
    });
    var url = out.toDataURL("image/png");
    var a = document.createElement("a");
    a.download = "gridnet-" + (S.view || "network").replace(/[^A-Za-z0-9_-]+/g, "_") + ".png";
    a.href = url;
    document.body.appendChild(a);
    a.click();
    a.remove();
    S.lastExport = { width: out.width, height: out.height, bytes: url.length, name: a.download };
    return S.lastExport;
  }

  // ------------------------------------------------------------------ render

  function bind() {
    var net = S.network;
    net.on("click", function (p) {
      if (p.nodes.length) {
        highlight(p.nodes[0]);
        send({ event: "select", node: p.nodes[0] });
      } else if (!p.edges.length && S.highlighted) {
        highlight(null);
        send({ event: "select", node: null });
      }
    });
    net.on("doubleClick", function (p) {
      if (p.nodes.length) send({ event: "expand", node: p.nodes[0] });
    });
    // Any change of scale (wheel, fit, focus, moveTo) passes through a redraw.
    net.on("afterDrawing", function () {
      var scale = net.getScale();
      if (scale !== S.lastScale) {
        S.lastScale = scale;
        setTimeout(adjustFonts, 0);
      }
    });
  }

  function build(args) {
    S.view = args.view;
    S.focusSeq = null;
    S.tier1Font = null;
    S.highlighted = null;
    if (S.network) S.network.destroy();
    S.nodes = new vis.DataSet(args.nodes.map(prep));
    S.edges = new vis.DataSet(args.edges.map(prepEdge));
    S.network = new vis.Network(container, { nodes: S.nodes, edges: S.edges }, networkOptions(args));
    bind();
    settle("build");
  }

  function update(args) {
    var incoming = new Map(args.nodes.map(function (n) { return [n.id, n]; }));
    S.nodes.remove(S.nodes.getIds().filter(function (id) { return !incoming.has(id); }));
    var added = [];
    var ups = [];
    args.nodes.forEach(function (n) {
      if (S.nodes.get(n.id)) {
        var u = prep(n);
        delete u.x;
        delete u.y;
        ups.push(u);
      } else {
        added.push(prep(n));
      }
    });
    S.nodes.update(ups);
    var old = S.nodes.getIds();
    if (added.length) {
      placeNear(added, args.edges);
      S.nodes.add(added);
    }
    var wanted = new Set(args.edges.map(function (e) { return e.id; }));
    S.edges.remove(S.edges.getIds().filter(function (id) { return !wanted.has(id); }));
    S.edges.update(args.edges.map(prepEdge));
    if (added.length && args.layout !== "hierarchical") {
      // Settle only the newcomers: everything already on screen holds its place.
      S.nodes.update(old.map(function (id) { return { id: id, fixed: { x: true, y: true } }; }));
      var newcomers = added.map(function (n) { return n.id; });
      settle("expand", function () {
        S.nodes.update(old.map(function (id) {
          return { id: id, fixed: S.pinned.has(id) ? { x: true, y: true } : false };
        }));
        if (!allInView(newcomers)) S.network.fit({ animation: { duration: 300 } });
      });
    } else if (!S.settling) {
      // While a layout is still settling, its end applies the selection and the focus
      // (a focus now would be undone by the fit that ends the settling).
      adjustFonts();
      applySelection();
      applyFocus();
    }
  }

  function render(args) {
    S.renderStart = performance.now();
    S.args = args;
    S.renders += 1;
    S.hiddenKinds = new Set(args.hidden_kinds || []);
    S.pinned = new Set(args.pinned || []);
    container.style.height = args.height + "px";
    applyTexts();
    drawLegend(args.legend || []);
    // The frame takes its height now: the toolbar and the legend show while
    // vis-network builds and lays out the picture below them.
    setHeight();
    if (!S.network || args.view !== S.view) build(args);
    else update(args);
    setHeight();
  }

  document.getElementById("relayout").addEventListener("click", relayout);
  document.getElementById("fit").addEventListener("click", function () {
    if (S.network) S.network.fit({ animation: { duration: 300 } });
  });
  document.getElementById("export").addEventListener("click", exportPng);

  window.addEventListener("message", function (e) {
    if (e.data && e.data.type === "streamlit:render") render(e.data.args || {});
  });

  window.gridnet = {
    render: render,
    state: S,
    counts: counts,
    relayout: relayout,
    exportPng: exportPng,
    network: function () { return S.network; },
  };

  post("streamlit:componentReady", { apiVersion: 1 });
})();
