"""A self-contained interactive HTML page of the actor network: works offline, escapes everything.

pyvis builds the vis-network node, edge and physics data; the page is our own template because
pyvis 0.3.2's pages load scripts from CDNs and insert some titles as HTML (see STACK.md). The
vis-network build that pyvis ships is read from the installed package and inlined, so nothing is
vendored here and the page makes no network request (its CSP forbids them too).
"""

import base64
import hashlib
import json
import math
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from actorgraph.exports.graphdata import text_output
from actorgraph.graph.errors import ActorGraphError
from actorgraph.graph.network.view import MODAL_STATUSES, RELATIONS, SYMMETRIC

DEFAULT_MAX_NODES = 2000
# Above this many nodes the layout is computed in Python and physics stays off: in headless
# Chromium, 150 steps of browser physics took 1.1 s for 100 nodes, 1.5 s for 200, 3.0 s for 300.
LAYOUT_THRESHOLD = 250
# Above this many edges, edge labels are left to the tooltip and the panel.
EDGE_LABEL_LIMIT = 600

KIND_STYLE = {  # kind: (vis shape, colour)
    "Person": ("dot", "#4C78A8"), "State": ("square", "#E45756"),
    "Organisation": ("hexagon", "#54A24B"), "Place": ("triangle", "#B279A2"),
    "Other": ("dot", "#9D9D9D"), "Event": ("diamond", "#F58518"),
}
RELATION_COLOURS = {
    "headOfState": "#1F3A93", "headOfGovernment": "#3A539B", "leaderOf": "#4B6FA5",
    "ministerOf": "#5C7CBA", "spokespersonOf": "#7F8FA6", "envoyOf": "#6C7A89",
    "memberOf": "#95A5A6", "partOf": "#B0B7BC",
    "metWith": "#2E8B57", "spokeWith": "#17A2B8", "plansToMeet": "#66BB6A", "visited": "#8E44AD",
    "sanctions": "#C0392B", "threatensSanctions": "#E67E22", "inConflictWith": "#8B0000",
    "alliedWith": "#2471A3", "supports": "#5DADE2", "criticises": "#D35400",
}
MODAL_RELATIONS = frozenset({"plansToMeet", "threatensSanctions"})


def vis_assets():
    """(JavaScript, CSS) of the vis-network build shipped inside the installed pyvis package."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ActorGraphError("pyvis is not installed; install actorgraph with its dependencies")
    base = Path(list(spec.submodule_search_locations)[0]) / "lib"
    builds = sorted(base.glob("vis-*/vis-network.min.js"),
                    key=lambda p: tuple(int(x) for x in p.parent.name[4:].split(".") if x.isdigit()))
    if not builds:
        raise ActorGraphError(f"no vis-network build found under {base}")
    js = builds[-1].read_text("utf-8")
    css_path = builds[-1].with_name("vis-network.css")
    css = css_path.read_text("utf-8") if css_path.exists() else ""
    if "</script" in js.lower() or "</style" in css.lower():
        raise ActorGraphError(f"{builds[-1]} cannot be inlined (it contains a closing tag)")
    return js, css


def safe_url(url):
    """The URL if it is a plain http(s) link, else None: nothing else becomes a link."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def script_json(value):
    """JSON that is safe inside a <script> element: no '<', '>', '&' or JS line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def trim_graph(G, max_nodes):
    """(subgraph of the ``max_nodes`` best-connected actors, number of actors and edges left out)."""
    if max_nodes is None or len(G) <= max_nodes:
        return G, 0, 0
    ranked = sorted(G.degree(), key=lambda item: (-item[1], G.nodes[item[0]].get("label") or item[0]))
    keep = [n for n, _ in ranked[:max(0, int(max_nodes))]]
    H = G.subgraph(keep).copy()
    return H, len(G) - len(H), G.number_of_edges() - H.number_of_edges()


class _Sources:
    """The articles cited by the page, each once; evidence refers to them by index (smaller page)."""

    def __init__(self):
        self.index, self.table = {}, []

    def evidence(self, items):
        out = []
        for ev in items or ():
            key = (ev.get("article"), ev.get("title"), ev.get("url"), ev.get("date"))
            if key not in self.index:
                self.index[key] = len(self.table)
                self.table.append({"article": key[0], "title": key[1], "url": safe_url(key[2]), "date": key[3]})
            out.append({"sentence": ev.get("sentence"), "source": self.index[key]})
        return out


def _node_size(degree):
    return round(min(40.0, 8 + 3 * math.sqrt(degree or 0)), 1)


CONFLICT_COLOUR = "#FFB000"   # the halo of a relation whose sources contradict each other


def _edge_style(relation, status, conflict=False):
    modal = relation in MODAL_RELATIONS or status in MODAL_STATUSES
    style = {"color": {"color": RELATION_COLOURS.get(relation, "#888888"), "highlight": "#000000",
                       "opacity": 0.85},
             "dashes": modal, "arrows": "" if relation in SYMMETRIC else "to"}
    if conflict:
        style["shadow"] = {"enabled": True, "color": CONFLICT_COLOUR, "size": 14, "x": 0, "y": 0}
    return style


def _report_evidence(report, sources, articles):
    """One status report as page evidence: its sentence and its article (title, URL, date)."""
    meta = articles.get(report.get("article")) or {}
    return sources.evidence([{"sentence": report.get("sentence"), "article": report.get("article"),
                              "title": meta.get("title"), "url": meta.get("url"),
                              "date": report.get("reported") or meta.get("date")}])[0]


def _conflicts(items, sources, articles):
    """The source conflicts of an edge for the panel: both reports, each with its source."""
    out = []
    for c in items or ():
        sides = []
        for side in (c["first"], c["second"]):
            ev = _report_evidence(side, sources, articles)
            sides.append({"status": side.get("status"), "date": side.get("date"), **ev})
        out.append({"event": c.get("event"), "label": c.get("label"), "reports": sides})
    return out


class _Timeline:
    """The events behind the drawn edges, each once, for the page's timeline: date, kind, status,
    history, participants (node ids) and the ids of the edges they back."""

    def __init__(self, sources, articles):
        self.sources, self.articles, self.items, self.index = sources, articles, [], {}

    def add(self, fact, relation, edge_id, nodes):
        if fact.get("type") == "Role" or not fact.get("iri"):
            return
        item = self.index.get(fact["iri"])
        if item is None:
            history = [{"status": h.get("status"), "date": h.get("date"), "reported": h.get("reported"),
                        **_report_evidence(h, self.sources, self.articles)}
                       for h in fact.get("history") or ()]
            item = self.index[fact["iri"]] = {
                "id": fact["iri"], "start": fact.get("start"), "end": fact.get("end"),
                "date": fact.get("date"), "type": fact.get("type") or "Event", "label": fact.get("label"),
                "status": fact.get("status"), "relation": relation, "nodes": [], "edges": [],
                "history": history, "conflict": bool(fact.get("conflicts")),
                "evidence": self.sources.evidence(fact.get("evidence"))}
            self.items.append(item)
        for node in nodes:
            if node not in item["nodes"]:
                item["nodes"].append(node)
        if edge_id not in item["edges"]:
            item["edges"].append(edge_id)

    def sorted(self):
        return sorted(self.items, key=lambda i: (i["start"] or "9999", i["id"]))


def _event_nodes(G):
    """Event facts behind the edges, each once: {iri: (fact, relation, agents, targets, others)}."""
    found = {}
    for _, _, key, data in G.edges(keys=True, data=True):
        for fact in data.get("facts") or ():
            if fact.get("type") == "Role" or not fact.get("iri"):
                continue
            found.setdefault(fact["iri"], (fact, key))
    return found


def page_data(G, *, title, events=False, max_nodes=DEFAULT_MAX_NODES, seed=1):
    """Everything the page needs, as plain data: vis nodes/edges, options, legend and notice."""
    from pyvis.network import Network

    total_nodes, total_edges = len(G), G.number_of_edges()
    G, left_nodes, left_edges = trim_graph(G, max_nodes)
    big = len(G) > LAYOUT_THRESHOLD
    positions = {}
    if big:
        from actorgraph.exports.layout import compute_layout

        positions = compute_layout(G, seed=seed)
    labels = {n: G.nodes[n].get("label") or n for n in G}
    sources = _Sources()
    event_facts = _event_nodes(G) if events else {}

    net = Network(directed=True, height="100%", width="100%")
    for n in sorted(G):
        data = G.nodes[n]
        kind = data.get("kind") if data.get("kind") in KIND_STYLE else "Other"
        shape, colour = KIND_STYLE[kind]
        extra = {"x": positions[n][0], "y": positions[n][1]} if big else {}
        net.add_node(n, label=labels[n], shape=shape, color=colour, size=_node_size(data.get("degree")),
                     title=f"{labels[n]} ({kind})", kind=kind, **extra,
                     info={"type": "actor", "label": labels[n], "kind": kind, "iri": data.get("iri") or n,
                           "wikidata": data.get("wikidata"), "aliases": list(data.get("aliases") or ()),
                           "degree": data.get("degree")})
    for iri, (fact, relation) in sorted(event_facts.items()):
        participants = [p for p in fact.get("participants", ()) if p in G]
        event_type = fact.get("type") or "Event"
        label = f"{event_type} {fact.get('date') or ''}".strip()
        extra = {}
        if big and participants:
            xs = [positions[p][0] for p in participants]
            ys = [positions[p][1] for p in participants]
            extra = {"x": sum(xs) / len(xs), "y": sum(ys) / len(ys)}
        net.add_node(iri, label=label, shape=KIND_STYLE["Event"][0], color=KIND_STYLE["Event"][1], size=9,
                     title=fact.get("label") or label, kind="Event", **extra,
                     info={"type": "event", "label": fact.get("label") or label, "eventType": event_type,
                           "relation": relation, "status": fact.get("status"), "date": fact.get("date"),
                           "participants": [labels[p] for p in participants],
                           "evidence": sources.evidence(fact.get("evidence"))})

    show_labels = G.number_of_edges() <= EDGE_LABEL_LIMIT
    articles = {}   # article IRI -> its title, URL and date, from the evidence drawn
    for _, _, data in G.edges(data=True):
        for ev in data.get("evidence") or ():
            articles.setdefault(ev.get("article"), ev)
    timeline = _Timeline(sources, articles)
    counter = 0
    linked = set()  # (actor, event) pairs already drawn: an event of three yields three relations
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        info = {"relation": key, "subject": labels[u], "object": labels[v], "status": data.get("status"),
                "statuses": list(data.get("statuses") or ()), "start": data.get("start"),
                "end": data.get("end"), "dates": list(data.get("dates") or ()),
                "symmetric": bool(data.get("symmetric")), "evidence": sources.evidence(data.get("evidence")),
                "conflicts": _conflicts(data.get("conflicts"), sources, articles)}
        conflict = bool(info["conflicts"])
        fact_events = [f["iri"] for f in data.get("facts") or () if f.get("iri") in event_facts]
        if fact_events:  # drawn through the event nodes instead
            for iri in fact_events:
                fact = event_facts[iri][0]
                for end, node in (("from", u), ("to", v)):
                    if (node, iri) in linked:
                        continue
                    linked.add((node, iri))
                    counter += 1
                    pair = (node, iri) if end == "from" else (iri, node)
                    net.add_edge(pair[0], pair[1], id=f"e{counter}", relation=key,
                                 start=fact.get("start"), end=fact.get("end"),
                                 title=f"{labels[node]}: {key}", width=1.5,
                                 info=dict(info, start=fact.get("start"), end=fact.get("end")),
                                 **_edge_style(key, fact.get("status"), bool(fact.get("conflicts"))))
                    timeline.add(fact, key, f"e{counter}", [u, v])
            continue
        counter += 1
        for fact in data.get("facts") or ():
            timeline.add(fact, key, f"e{counter}", [u, v])
        status_text = f" ({data['status']})" if data.get("status") else ""
        warn = " \u26a0 sources conflict" if conflict else ""
        net.add_edge(u, v, id=f"e{counter}", relation=key, start=data.get("start"), end=data.get("end"),
                     label=(key + (" \u26a0" if conflict else "")) if show_labels else None,
                     title=f"{labels[u]} {key} {labels[v]}{status_text}{warn}", width=2, info=info,
                     conflict=conflict, **_edge_style(key, data.get("status"), conflict))

    if big:
        net.toggle_physics(False)
    else:
        net.barnes_hut(gravity=-6000, central_gravity=0.25, spring_length=140, spring_strength=0.03,
                       damping=0.3, overlap=0.1)
    nodes, edges, _, _, _, options = net.get_network_data()
    options = json.loads(options)
    options["edges"] = {"smooth": False if big else {"enabled": True, "type": "dynamic"},
                        "font": {"size": 11, "align": "middle", "strokeWidth": 3},
                        "arrows": {"to": {"scaleFactor": 0.6}}, "selectionWidth": 2}
    options["nodes"] = {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "borderWidth": 1, "scaling": {"label": {"drawThreshold": 6 if big else 2}}}
    options["interaction"] = {"hover": not big, "tooltipDelay": 200, "hideEdgesOnDrag": big,
                              "hideEdgesOnZoom": big, "navigationButtons": False, "keyboard": False,
                              "multiselect": False}
    if not big:
        options["physics"]["stabilization"] = {"enabled": True, "iterations": 150, "fit": True}
    for edge in edges:
        if edge.get("label") is None:
            edge.pop("label", None)

    kinds = {}
    for node in nodes:
        kinds[node["kind"]] = kinds.get(node["kind"], 0) + 1
    relation_counts = {}
    for _, _, key in G.edges(keys=True):
        relation_counts[key] = relation_counts.get(key, 0) + 1
    days = sorted(d for _, _, data in G.edges(data=True) for d in (data.get("start"), data.get("end")) if d)
    notice = None
    if left_nodes:
        notice = (f"Showing the {len(G):,} best-connected of {total_nodes:,} actors: {left_nodes:,} actors "
                  f"and {left_edges:,} of {total_edges:,} relations are left out (raise --max-nodes to "
                  f"draw more, or narrow the graph with --actor, --relation or dates).")
    return {
        "title": title, "nodes": nodes, "edges": edges, "sources": sources.table, "options": options,
        "timeline": timeline.sorted(),
        "physics": not big,
        "notice": notice, "omitted": {"nodes": left_nodes, "edges": left_edges},
        "dates": {"min": days[0] if days else None, "max": days[-1] if days else None},
        "legend": {
            "kinds": [{"name": k, "shape": KIND_STYLE[k][0], "color": KIND_STYLE[k][1], "count": kinds[k]}
                      for k in KIND_STYLE if k in kinds],
            "relations": [{"name": r, "color": RELATION_COLOURS.get(r, "#888888"), "count": relation_counts[r],
                           "dashed": r in MODAL_RELATIONS, "directed": r not in SYMMETRIC}
                          for r in RELATIONS if r in relation_counts],
        },
    }


def _template_text(name):
    return resources.files("actorgraph.exports").joinpath("templates", name).read_text("utf-8")


def _csp_hash(script):
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_html(G, *, title="actorgraph", events=False, max_nodes=DEFAULT_MAX_NODES):
    """The page as a string; see ``page_data`` for what it holds."""
    import jinja2

    from actorgraph.graph import __version__

    data = page_data(G, title=title, events=events, max_nodes=max_nodes)
    vis_js, vis_css = vis_assets()
    page_js = _template_text("graph.js")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_template_text("graph.html"))
    return template.render(title=title, version=__version__, vis_js=vis_js, vis_css=vis_css,
                           page_css=_template_text("graph.css"), page_js=page_js,
                           data_json=script_json(data),
                           script_hashes=" ".join(_csp_hash(s) for s in (vis_js, page_js)))


def write_html(G, path_or_stream, **options):
    """Write the page (UTF-8) to a path or stream; options as for ``render_html``."""
    with text_output(path_or_stream) as handle:
        handle.write(render_html(G, **options))
