/* actorgraph page: filters, search and the facts panel over vis-network.
   Every string from the data is put in the DOM with textContent; links only for http(s) URLs. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var api = window.actorgraph = { drawn: false, stabilized: false, drawnAt: null, data: data };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (e) { return null; }
  }
  function link(url, text) {
    var href = safeUrl(url);
    if (!href) return el("span", text || url);
    var a = el("a", text || href);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function norm(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  function dateRange(start, end) {
    if (!start && !end) return null;
    if (start === end || !end) return start + (end ? "" : " \u2013");
    return (start || "\u2026") + " \u2013 " + end;
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var kindOf = {}, baseDegree = {};
  data.nodes.forEach(function (n) { kindOf[n.id] = n.kind; baseDegree[n.id] = 0; });
  data.edges.forEach(function (e) { baseDegree[e.from] += 1; baseDegree[e.to] += 1; });

  var filters = { kinds: {}, relations: {}, from: "", to: "" };
  data.legend.kinds.forEach(function (k) { filters.kinds[k.name] = true; });
  data.legend.relations.forEach(function (r) { filters.relations[r.name] = true; });
  var edgeOn = {}, visibleDegree = {};

  function edgePasses(e) {
    if (!filters.relations[e.relation] || !filters.kinds[kindOf[e.from]] || !filters.kinds[kindOf[e.to]]) return false;
    if (!filters.from && !filters.to) return true;
    if (!e.start && !e.end) return false;
    if (filters.from && (e.end || "9999-12-31") < filters.from) return false;
    if (filters.to && (e.start || "0000-01-01") > filters.to) return false;
    return true;
  }
  function recompute() {
    edgeOn = {};
    visibleDegree = {};
    edges.forEach(function (e) {
      if (edgePasses(e)) {
        edgeOn[e.id] = true;
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
    });
  }
  function nodePasses(n) {
    return !!filters.kinds[n.kind] && (baseDegree[n.id] === 0 || visibleDegree[n.id] > 0);
  }
  recompute();
  var nodeView = new vis.DataView(nodes, { filter: nodePasses });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !!edgeOn[e.id]; } });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  Object.assign(api, { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView });

  network.once("afterDrawing", function () {
    api.drawn = true;
    api.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "true");
  });
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      api.stabilized = true;
      network.setOptions({ physics: { enabled: false } });
    });
  } else {
    api.stabilized = true;
  }

  function updateSummary() {
    var summary = document.getElementById("summary");
    summary.textContent = "Showing " + nodeView.length.toLocaleString("en") + " of " +
      data.nodes.length.toLocaleString("en") + " nodes and " + edgeView.length.toLocaleString("en") +
      " of " + data.edges.length.toLocaleString("en") + " relations.";
  }
  function applyFilters() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    updateSummary();
    markTimeline();
  }
  api.applyFilters = applyFilters;
  api.setKind = function (name, on) { filters.kinds[name] = !!on; syncChecks(); applyFilters(); };
  api.setRelation = function (name, on) { filters.relations[name] = !!on; syncChecks(); applyFilters(); };
  api.setDates = function (from, to) {
    filters.from = from || ""; filters.to = to || "";
    document.getElementById("date-from").value = filters.from;
    document.getElementById("date-to").value = filters.to;
    applyFilters();
  };

  // Filters and legend.
  var checks = [];
  function swatchFor(item, isRelation) {
    var swatch = el("span", null, "swatch " + (isRelation ? "line" : "shape " + item.shape));
    if (isRelation) {
      swatch.style.borderTopColor = item.color;
      if (item.dashed) swatch.className += " dashed";
    } else {
      swatch.style.backgroundColor = item.color;
      swatch.style.borderBottomColor = item.color;
    }
    return swatch;
  }
  function buildFilters(listId, items, group, isRelation) {
    var list = document.getElementById(listId);
    items.forEach(function (item) {
      var li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-name", item.name);
      box.addEventListener("change", function () { group[item.name] = box.checked; applyFilters(); });
      checks.push({ box: box, group: group, name: item.name });
      label.appendChild(box);
      label.appendChild(swatchFor(item, isRelation));
      label.appendChild(el("span", item.title || item.name));
      label.appendChild(el("span", item.count.toLocaleString("en"), "count"));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  function syncChecks() { checks.forEach(function (c) { c.box.checked = !!c.group[c.name]; }); }
  buildFilters("kind-filters", data.legend.kinds, filters.kinds, false);
  buildFilters("relation-filters", data.legend.relations, filters.relations, true);
  function setAllRelations(on) {
    Object.keys(filters.relations).forEach(function (k) { filters.relations[k] = on; });
    syncChecks();
    applyFilters();
  }
  document.getElementById("relations-all").addEventListener("click", function () { setAllRelations(true); });
  document.getElementById("relations-none").addEventListener("click", function () { setAllRelations(false); });
  ["date-from", "date-to"].forEach(function (id) {
    var input = document.getElementById(id);
    if (data.dates.min) { input.min = data.dates.min; input.max = data.dates.max; }
    input.addEventListener("change", function () {
      filters.from = document.getElementById("date-from").value;
      filters.to = document.getElementById("date-to").value;
      applyFilters();
    });
  });
  document.getElementById("reset").addEventListener("click", function () {
    Object.keys(filters.kinds).forEach(function (k) { filters.kinds[k] = true; });
    api.setDates("", "");
    setAllRelations(true);
  });
  if (data.notice) {
    var notice = document.getElementById("notice");
    notice.textContent = data.notice;
    notice.hidden = false;
  }
  updateSummary();

  // The facts panel.
  var panel = document.getElementById("panel"), body = document.getElementById("panel-body");
  function openPanel(heading) {
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(el("h2", heading));
    panel.hidden = false;
  }
  function facts(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") return;
      dl.appendChild(el("dt", pair[0]));
      var dd = el("dd");
      if (pair[1] instanceof Node) dd.appendChild(pair[1]); else dd.textContent = String(pair[1]);
      dl.appendChild(dd);
    });
    body.appendChild(dl);
  }
  function evidenceList(evidence) {
    body.appendChild(el("h3", evidence.length ? "Evidence" : "No evidence sentence recorded", "heading"));
    var list = el("ul", null, "evidence");
    evidence.forEach(function (ev) {
      var li = el("li"), article = data.sources[ev.source] || {};
      if (ev.sentence) li.appendChild(el("blockquote", ev.sentence));
      var source = el("p", null, "source");
      source.appendChild(link(article.url, article.title || article.url || article.article || "source"));
      if (article.date) source.appendChild(document.createTextNode(" (" + article.date + ")"));
      li.appendChild(source);
      list.appendChild(li);
    });
    body.appendChild(list);
  }
  function sourceLine(ev) {
    var article = data.sources[ev.source] || {}, source = el("p", null, "source");
    source.appendChild(link(article.url, article.title || article.url || article.article || "source"));
    if (article.date) source.appendChild(document.createTextNode(" (" + article.date + ")"));
    return source;
  }
  function conflictList(conflicts) {
    if (!conflicts || !conflicts.length) return;
    var box = el("div", null, "conflicts");
    box.appendChild(el("h3", "\u26a0 Sources conflict", "heading conflict"));
    conflicts.forEach(function (c) {
      if (c.label) box.appendChild(el("p", c.label, "small"));
      var list = el("ul", null, "evidence");
      c.reports.forEach(function (r) {
        var li = el("li");
        li.appendChild(el("strong", r.status + (r.date ? " (" + r.date + ")" : "")));
        if (r.sentence) li.appendChild(el("blockquote", r.sentence));
        li.appendChild(sourceLine(r));
        list.appendChild(li);
      });
      box.appendChild(list);
    });
    body.appendChild(box);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return false;
    var info = e.info;
    openPanel(info.subject + " \u2014 " + info.relation + (info.symmetric ? " \u2014 " : " \u2192 ") + info.object);
    facts([["Relation", info.relation], ["Status", info.status], ["Statuses", info.statuses.length > 1 ? info.statuses.join(", ") : null],
      ["Date", dateRange(info.start, info.end)], ["Reported", info.dates.length ? info.dates.join(", ") : null]]);
    conflictList(info.conflicts);
    evidenceList(info.evidence);
    api.selected = { type: "edge", id: id };
    var ends = [e.from, e.to].filter(function (n) { return kindOf[n] !== "Event"; });
    showTimeline(ends, info.subject + " and " + info.object);
    return true;
  }
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return false;
    var info = n.info;
    openPanel(info.label);
    if (info.type === "event") {
      facts([["Event", info.eventType], ["Relation", info.relation], ["Status", info.status], ["Date", info.date],
        ["Participants", info.participants.join(", ")]]);
      evidenceList(info.evidence);
    } else {
      var wikidata = info.wikidata ? link("https://www.wikidata.org/wiki/" + encodeURIComponent(info.wikidata), info.wikidata) : null;
      facts([["Type", info.kind], ["IRI", info.iri], ["Wikidata", wikidata],
        ["Also called", info.aliases.length ? info.aliases.join(", ") : null], ["Relations", info.degree]]);
      var connected = network.getConnectedEdges(id);
      if (connected.length) {
        body.appendChild(el("h3", "Relations shown", "heading"));
        var list = el("ul", null, "relations");
        connected.slice(0, 200).forEach(function (edgeId) {
          var edge = edges.get(edgeId);
          if (!edge || !edge.info) return;
          var li = el("li"), button = el("button", edge.info.subject + " " + edge.info.relation + " " + edge.info.object, "link");
          button.type = "button";
          button.addEventListener("click", function () { network.selectEdges([edgeId]); showEdge(edgeId); });
          li.appendChild(button);
          list.appendChild(li);
        });
        body.appendChild(list);
      }
    }
    api.selected = { type: "node", id: id };
    if (info.type !== "event") showTimeline([id], info.label);
    return true;
  }
  api.showNode = showNode;
  api.showEdge = showEdge;
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else panel.hidden = true;
  });

  // The timeline: the selected actor's (or pair's) events in date order. Each entry opens its
  // history and evidence; its date button sets the date filter, and the date filter greys out
  // the entries outside it.
  var timelineItems = data.timeline || [], byNode = {}, itemIndex = {}, timelineIds = null;
  timelineItems.forEach(function (item, i) {
    itemIndex[item.id] = i;
    item.nodes.forEach(function (n) { (byNode[n] = byNode[n] || []).push(i); });
  });
  function itemInDates(item) {
    if (!filters.from && !filters.to) return true;
    if (!item.start && !item.end) return false;
    if (filters.from && (item.end || item.start) < filters.from) return false;
    if (filters.to && (item.start || item.end) > filters.to) return false;
    return true;
  }
  function timelineOf(ids) {
    if (!ids.length) return [];
    var found = byNode[ids[0]] || [];
    ids.slice(1).forEach(function (id) {
      var other = {};
      (byNode[id] || []).forEach(function (i) { other[i] = true; });
      found = found.filter(function (i) { return other[i]; });
    });
    return found.map(function (i) { return timelineItems[i]; });  // data.timeline is in date order
  }
  function markTimeline() {
    var list = document.getElementById("timeline");
    for (var li = list.firstChild; li; li = li.nextSibling) {
      var item = timelineItems[+li.getAttribute("data-index")];
      li.classList.toggle("outside", !itemInDates(item));
    }
  }
  function historyText(item) {
    var steps = item.history.map(function (h) { return h.status; });
    return steps.length > 1 ? " (" + steps.join(" \u2192 ") + ")" : "";
  }
  function showTimeline(ids, heading) {
    var t0 = performance.now();
    timelineIds = ids;
    var list = document.getElementById("timeline"), caption = document.getElementById("timeline-caption");
    while (list.firstChild) list.removeChild(list.firstChild);
    var items = timelineOf(ids), index = itemIndex;
    caption.textContent = items.length ? (heading || "") + ": " + items.length + " event" + (items.length > 1 ? "s" : "") +
      " in date order." : "No dated events for " + (heading || "this selection") + ".";
    items.forEach(function (item) {
      var li = el("li");
      li.setAttribute("data-index", index[item.id]);
      var day = el("button", item.start ? dateRange(item.start, item.end) : "undated", "link date");
      day.type = "button";
      day.title = "Show the network on this day";
      day.addEventListener("click", function () { if (item.start) api.setDates(item.start, item.end || item.start); });
      var what = el("button", (item.label || item.type) + " \u2014 " + (item.status || "") + historyText(item), "link item");
      what.type = "button";
      what.addEventListener("click", function () { showEvent(item); });
      li.appendChild(day);
      li.appendChild(what);
      if (item.conflict) li.appendChild(el("span", "\u26a0", "conflict"));
      list.appendChild(li);
    });
    var span = document.getElementById("timeline-span");
    span.hidden = !items.some(function (i) { return i.start; });
    markTimeline();
    api.timelineMs = performance.now() - t0;
    return items.length;
  }
  document.getElementById("timeline-span").addEventListener("click", function () {
    var days = timelineOf(timelineIds || []).map(function (i) { return [i.start, i.end]; })
      .reduce(function (a, b) { return a.concat(b); }, []).filter(Boolean).sort();
    if (days.length) api.setDates(days[0], days[days.length - 1]);
  });
  function showEvent(item) {
    openPanel(item.label || item.type);
    facts([["Event", item.type], ["Relation", item.relation], ["Status", item.status],
      ["Date", dateRange(item.start, item.end)],
      ["Participants", item.nodes.map(function (n) { var x = nodes.get(n); return x ? x.info.label : n; }).join(", ")]]);
    if (item.history.length) {
      body.appendChild(el("h3", "History", "heading"));
      var list = el("ol", null, "history");
      item.history.forEach(function (h) {
        var li = el("li");
        li.appendChild(el("strong", h.status + (h.date ? " (" + h.date + ")" : "")));
        if (h.reported) li.appendChild(document.createTextNode(" reported " + h.reported));
        if (h.sentence) li.appendChild(el("blockquote", h.sentence));
        li.appendChild(sourceLine(h));
        list.appendChild(li);
      });
      body.appendChild(list);
    }
    evidenceList(item.evidence);
    var shown = item.edges.filter(function (id) { return edgeView.get(id); });
    if (shown.length) network.selectEdges(shown);
    var list2 = document.getElementById("timeline");
    for (var li = list2.firstChild; li; li = li.nextSibling) {
      li.classList.toggle("current", timelineItems[+li.getAttribute("data-index")] === item);
    }
    api.selected = { type: "event", id: item.id };
    return true;
  }
  api.showTimeline = showTimeline;
  api.showEvent = function (id) {
    return id in itemIndex ? showEvent(timelineItems[itemIndex[id]]) : false;
  };

  // Search by label or alias: exact match first, then prefix, then substring.
  var names = [], datalist = document.getElementById("actor-names");
  data.nodes.forEach(function (n) {
    if (!n.info || n.info.type !== "actor") return;
    [n.info.label].concat(n.info.aliases || []).forEach(function (name) { names.push([norm(name), n.id]); });
    var option = el("option");
    option.value = n.info.label;
    datalist.appendChild(option);
  });
  function findActor(text) {
    var wanted = norm(text);
    if (!wanted) return null;
    var tests = [function (name) { return name === wanted; }, function (name) { return name.indexOf(wanted) === 0; },
      function (name) { return name.indexOf(wanted) >= 0; }];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < names.length; i++) if (tests[t](names[i][0])) return names[i][1];
    }
    return null;
  }
  function focusActor(text) {
    var status = document.getElementById("search-status");
    var id = findActor(text);
    if (!id) { status.textContent = "No actor matches \u201c" + text + "\u201d."; return null; }
    if (!nodeView.get(id)) { status.textContent = nodes.get(id).info.label + " is hidden by the filters."; return id; }
    status.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 300 } });
    showNode(id);
    return id;
  }
  api.focusActor = focusActor;
  var search = document.getElementById("search");
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") focusActor(search.value); });
  search.addEventListener("change", function () { focusActor(search.value); });
  document.getElementById("search-go").addEventListener("click", function () { focusActor(search.value); });
})();
