"""The ``actorgraph`` command line: parse arguments, call the library, print.

Library modules are imported inside the commands so that ``--help`` stays fast and does not
pull in pyvis, networkx or the RDF engines.
"""

import os
import sys
import time

import click

from actorgraph.graph import __version__
from actorgraph.graph.errors import ActorGraphError


def default_store():
    """The store used when neither --store nor ACTORGRAPH_STORE is given (XDG data dir)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "actorgraph", "store")


class ActorGraphGroup(click.Group):
    """Translates the library's errors into one line and an exit code, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ActorGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)


@click.group(cls=ActorGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="actorgraph")
@click.option("--store", "store_location", envvar="ACTORGRAPH_STORE", default=default_store,
              show_default="~/.local/share/actorgraph/store",
              help="Store directory, or http(s):// URL of a SPARQL 1.1 endpoint (env ACTORGRAPH_STORE).")
@click.option("--wait", type=click.FloatRange(0), envvar="ACTORGRAPH_WAIT", default=0, show_default=True,
              help="Seconds to wait for another process writing the store (env ACTORGRAPH_WAIT).")
@click.option("--endpoint-update", envvar="ACTORGRAPH_UPDATE_URL", metavar="URL",
              help="SPARQL UPDATE URL when --store is an endpoint (default: its /update sibling).")
@click.pass_context
def main(ctx, store_location, wait, endpoint_update):
    """Build, query and draw a knowledge graph of political actors from news articles."""
    ctx.obj = {"store": store_location, "wait": wait, "update_url": endpoint_update}


def store_location(ctx):
    """The --store value of the group, for commands that open the store."""
    return ctx.find_root().obj["store"]


# Commands are added below, one section per concern.

# --- build: articles into the store (graph/build.py) ------------------------------------------

def load_user_registry(paths):
    """The packaged registry plus the user's --registry files."""
    from actorgraph.graph.registry import load_registry

    return load_registry(extra=tuple(paths))


def progress_line(total):
    """A one-line progress display for the terminal: articles done, rate and ETA."""
    shown = [0.0, None]

    def show(summary):
        now = time.perf_counter()
        if shown[1] is None:
            shown[1] = now                     # the rate counts from the first article
        if now - shown[0] < 0.2:
            return
        shown[0] = now
        done = summary.articles + summary.failed
        rate = done / max(now - shown[1], 1e-3)
        line = f"{done}" + (f"/{total}" if total else "") + f" articles, {rate:.0f}/s"
        if total and rate > 0:
            line += f", ETA {max(total - done, 0) / rate:.0f} s"
        click.echo(f"\r{line}   ", err=True, nl=False)

    return show


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date for inputs that do not carry one (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["auto", "id", "en"]), default="auto", show_default=True,
              help="Article language; auto detects it per article.")
@click.option("--registry", "registries", multiple=True, type=click.Path(dir_okay=False),
              help="Extra actors (Turtle or CSV); repeatable.")
@click.option("--max-article-size", "max_mb", type=click.FloatRange(0.001, 1024), default=5.0,
              show_default=True, help="Skip (with a message) inputs larger than this many MB.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction (the store is written by one process).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
                   "for N local worker processes; the store is still written here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-input messages.")
@click.pass_context
def build(ctx, inputs, date, lang, registries, max_mb, jobs, dask_address, quiet):
    """Add articles (files, directories, JSON Lines, feeds, or - for stdin) to the store."""
    from actorgraph.graph.build import build_articles
    from actorgraph.graph.store import open_store

    if dask_address and jobs > 1:
        raise click.UsageError("give --jobs or --dask, not both")
    registry = load_user_registry(registries)
    progress = None
    if not quiet and sys.stderr.isatty():
        from actorgraph.graph.ingest.reader import estimate_count

        progress = progress_line(estimate_count(inputs))

    def failure(item):
        # ingest's messages already start with the input's name; the store's do not
        line = item.message if item.message.startswith(item.source) else f"{item.source}: {item.message}"
        click.echo(f"skipped {line.removesuffix('; skipped')}", err=True)

    with open_store(store_location(ctx), **store_options(ctx)) as store:
        summary = build_articles(store, inputs, date=date.date() if date else None, lang=lang,
                                 registry=registry, jobs=jobs, registry_files=registries,
                                 dask=dask_address,
                                 max_bytes=int(max_mb * 1024 * 1024),
                                 on_progress=progress, on_failure=failure)
    if progress:
        click.echo("", err=True)
    if not quiet:
        click.echo(f"built {summary.articles} articles ({summary.failed} failed): {summary.actors} actor "
                   f"mentions, {summary.events} events, {summary.roles} roles, {summary.statements} "
                   f"statements in {summary.seconds:.1f} s", err=True)
    if summary.failed:
        ctx.exit(1)


# --- eval: score articles against gold folders (graph/evaluate/) ---------------------------

@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("inputs", nargs=-1)
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date (YYYY-MM-DD) for articles whose set gives none.")
@click.option("--lang", type=click.Choice(["id", "en"]), help="Article language, if not in the set.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False),
              help="Registry file to link actors with (default: the bundled registry).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@click.option("--explain", is_flag=True,
              help="Show, per article, the sentences behind each missed, wrong or forbidden fact "
                   "and each actor not found.")
def eval_command(gold_dir, inputs, date, lang, registry, fmt, explain):
    """Build each article alone and score its graph against the gold.

    GOLD_DIR is one gold folder (actors.tsv, facts.tsv; INPUT is the article, default
    article.txt there) or a set folder with articles.tsv and one subfolder per article (INPUT
    then optionally names the articles to score).
    """
    import json

    from actorgraph.graph.evaluate import Score, collect_cases, evaluate_case, format_report

    cases = collect_cases(gold_dir, inputs, date=date.date() if date else None, lang=lang)
    scores = [evaluate_case(case, registry=registry, explain=explain) for case in cases]
    if fmt == "json":
        total = sum(scores, Score())
        click.echo(json.dumps({"articles": [s.to_dict() for s in scores], "micro": total.to_dict()},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(scores), nl=False)


# --- render, stats, path: the actor network (graph/network/, exports/html.py) -----

def check_relations(ctx, param, values):
    """--relation values must be relation names of the ontology (bad usage: exit 2)."""
    from actorgraph.graph.network.view import RELATIONS

    unknown = [v for v in values if v not in RELATIONS]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not a relation; choose from {', '.join(RELATIONS)}")
    return list(values)


def check_date(ctx, param, value):
    """--since/--until as YYYY, YYYY-MM or YYYY-MM-DD (bad usage: exit 2)."""
    from actorgraph.graph.network.view import parse_date

    if value is not None:
        from datetime import date as Date

        try:
            Date.fromisoformat(parse_date(value))   # a real day: no month 13, no 31 April
        except ActorGraphError as exc:
            raise click.BadParameter(str(exc)) from None
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


as_of_option = click.option(
    "--as-of", "as_of", callback=lambda ctx, param, value: check_date(ctx, param, value),
    metavar="YYYY[-MM[-DD]]",
    help="As things stood that day: roles held then, events reported or due by then, each with "
         "the status its latest report by then gave.")


def network_options(command):
    """The options that choose which part of the network a command looks at."""
    options = [
        click.option("--relation", "relations", multiple=True, callback=check_relations,
                     help="Keep only this relation (e.g. metWith); repeatable."),
        click.option("--since", callback=check_date, help="Keep facts dated on or after (YYYY[-MM[-DD]])."),
        click.option("--until", callback=check_date, help="Keep facts dated on or before (YYYY[-MM[-DD]])."),
        click.option("--article", "articles", multiple=True,
                     help="Keep what this article says (IRI, URL or source path); repeatable."),
        click.option("--include-registry", is_flag=True,
                     help="Also draw relations known only from the registry (e.g. partOf)."),
        as_of_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def load_network_from(ctx, *, relations, since, until, articles, include_registry, actors=(), depth=1,
                      query_file=None, as_of=None):
    """Open the store read-only and load the network with the command's options."""
    from actorgraph.exports.graphdata import network_of
    from actorgraph.graph.store import open_store

    query = None
    if query_file:
        with open(query_file, encoding="utf-8") as handle:
            query = handle.read()
    with open_store(store_location(ctx), read_only=True, **store_options(ctx)) as store:
        return network_of(store, actors=list(actors) or None, depth=depth, relations=relations or None,
                          since=since, until=until, articles=list(articles) or None, query=query,
                          include_registry=include_registry, as_of=as_of)


@main.command()
@click.option("-o", "--output", default="actorgraph.html", show_default=True,
              help="HTML file to write, or - for stdout.")
@click.option("--actor", "actors", multiple=True,
              help="Draw the actors within --depth relations of this one (name, alias or IRI); repeatable.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
              help="Steps around --actor.")
@network_options
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False),
              help="SPARQL file: a CONSTRUCT gives the relations to draw, a SELECT the actors.")
@click.option("--events", is_flag=True, help="Draw events (meetings, threats, ...) as nodes of their own.")
@click.option("--max-nodes", default=2000, show_default=True, type=click.IntRange(1),
              help="Keep this many best-connected actors; the page says what was left out.")
@click.option("--title", help="Page title (default: says what is drawn).")
@click.pass_context
def render(ctx, output, actors, depth, query_file, events, max_nodes, title, **network):
    """Draw the network as one interactive HTML page that works offline."""
    from actorgraph.exports.html import write_html

    G = load_network_from(ctx, actors=actors, depth=depth, query_file=query_file, **network)
    if title is None:
        title = "actorgraph"
        if actors:
            title += f": around {', '.join(actors)}" + (f" (depth {depth})" if depth != 1 else "")
    if output == "-":
        write_html(G, sys.stdout, title=title, events=events, max_nodes=max_nodes)
    else:
        from actorgraph.exports import atomic_file

        with atomic_file(output) as stream:
            write_html(G, stream, title=title, events=events, max_nodes=max_nodes)
    if G.number_of_edges() == 0:
        click.echo("warning: no relations match; the page shows no edges", err=True)
    shown = min(len(G), max_nodes)
    where = "stdout" if output == "-" else output
    click.echo(f"drew {shown:,} of {len(G):,} actors and their relations to {where}", err=True)


@main.command()
@click.option("--actor", "actors", multiple=True, help="Only the actors around this one; repeatable.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
              help="With --actor: how many steps of relations around the actor.")
@network_options
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="How many actors to list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@click.pass_context
def stats(ctx, actors, depth, top, fmt, **network):
    """Counts by type, relation and status; the most central actors; communities."""
    import json

    from actorgraph.graph.network.analysis import compute_stats, format_stats

    result = compute_stats(load_network_from(ctx, actors=actors, depth=depth, **network), top=top)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(format_stats(result), nl=False)


@main.command()
@click.argument("source")
@click.argument("target")
@network_options
@click.option("--max-paths", default=3, show_default=True, type=click.IntRange(1),
              help="How many of the shortest chains to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@click.pass_context
def path(ctx, source, target, max_paths, fmt, **network):
    """The shortest chains of relations between two actors, with the evidence of each step."""
    import json

    from actorgraph.graph.network.analysis import find_paths, format_paths

    paths = find_paths(load_network_from(ctx, **network), source, target, max_paths=max_paths)
    if fmt == "json":
        click.echo(json.dumps({"source": source, "target": target, "paths": paths}, indent=2,
                              ensure_ascii=False))
    else:
        click.echo(format_paths(paths, source, target), nl=False)


# --- store: query, update, ask, export, import, remove, graphs (graph/store/,
# exports/) ---------------------------------------------------------------------------------------

def store_options(ctx):
    """Keyword arguments for open_store from the group's options: wait, and say so once."""
    obj = ctx.find_root().obj
    return {"wait": obj.get("wait"), "update_url": obj.get("update_url"),
            "on_wait": lambda message: click.echo(message, err=True)}


def read_sparql(text, file):
    """The SPARQL text from the argument, -f FILE, or stdin ('-' as either)."""
    if (text is None) == (file is None):
        raise click.UsageError("give the SPARQL text or -f FILE (- reads stdin)")
    if file is not None:
        return file.read()
    return sys.stdin.read() if text == "-" else text


def emit(data):
    """Write bytes to stdout."""
    stream = sys.stdout.buffer
    stream.write(data)
    stream.flush()


QUERY_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"]
timeout_option = click.option(
    "--timeout", type=click.FloatRange(0), default=60.0, show_default=True,
    help="Stop waiting for the query after SECONDS (0: no limit).")
network_option = click.option(
    "--allow-network", is_flag=True, help="Permit SERVICE and LOAD of remote documents.")
format_option = click.option(
    "--format", "fmt", type=click.Choice(QUERY_FORMATS),
    help="Result format: table (default on a terminal, else csv), csv, tsv, json, xml; "
         "for CONSTRUCT/DESCRIBE turtle (default), nt, jsonld, xml.")


def result_format(fmt):
    return fmt or ("table" if sys.stdout.isatty() else None)


def show_result(ctx, result, fmt):
    """Print a Result; for ASK, exit 1 when false."""
    from actorgraph.graph.store.query import render

    if fmt is None and result.kind == "solutions":
        fmt = "csv"
    emit(render(result, fmt))
    if result.kind == "boolean" and not result.boolean:
        ctx.exit(1)


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "file", type=click.File("r", encoding="utf-8"),
              help="Read the query from FILE.rq (- for stdin).")
@format_option
@timeout_option
@network_option
@as_of_option
@click.pass_context
def query(ctx, sparql, file, fmt, timeout, allow_network, as_of):
    """Run a read-only SPARQL query over all graphs (prefixes ag:, rdfs:, skos:, … predeclared).

    SPARQL is the query text, or - to read stdin. ASK prints true or false and exits 0 or 1.
    GRAPH ?g reaches the article (or import) each statement comes from. --as-of binds ?asOf to
    that day as an xsd:date (project it, SELECT ?asOf …, and compare dates with it).
    """
    from actorgraph.graph.store.query import run_query
    from actorgraph.graph.store import open_store

    text = read_sparql(sparql, file)
    with open_store(store_location(ctx), read_only=True, **store_options(ctx)) as store:
        result = run_query(store, text, timeout=timeout, allow_network=allow_network,
                           **({"substitutions": as_of_binding(as_of)} if as_of else {}))
    show_result(ctx, result, result_format(fmt))


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "file", type=click.File("r", encoding="utf-8"),
              help="Read the update from FILE.ru (- for stdin).")
@timeout_option
@network_option
@click.pass_context
def update(ctx, sparql, file, timeout, allow_network):
    """Run a SPARQL UPDATE on the store, as one transaction."""
    from actorgraph.graph.store.query import run_update
    from actorgraph.graph.store import open_store

    text = read_sparql(sparql, file)
    with open_store(store_location(ctx), **store_options(ctx)) as store:
        run_update(store, text, timeout=timeout, allow_network=allow_network)
    click.echo("update applied", err=True)


def as_of_binding(day):
    """{?asOf: the day as an xsd:date} for a user's query."""
    import pyoxigraph as ox

    from actorgraph.graph.network.view import parse_date

    return {ox.Variable("asOf"): ox.Literal(parse_date(day, end=True),
                                            datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))}


def parse_params(ctx, param, values):
    """--param name=value pairs as a dict."""
    found = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", ctx=ctx, param=param)
        found[name.strip()] = value
    return found


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, callback=parse_params, metavar="NAME=VALUE",
              help="A parameter of the named query, e.g. --param actor=Putin; repeatable.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@format_option
@timeout_option
@as_of_option
@click.pass_context
def ask(ctx, name, params, list_queries, fmt, timeout, as_of):
    """Run a named query (graph/queries/NAME.rq), e.g. `ask meetings --param actor=Putin`.

    --as-of DAY is the query's asOf parameter (roles, history, conflicts, meetings take it)."""
    from actorgraph.graph.store.named import named_queries, run_named_query
    from actorgraph.graph.store import open_store

    if list_queries or not name:
        for query in named_queries().values():
            click.echo(f"{query.name}: {query.description}")
            for p in query.params:
                need = "required" if p.required else "optional"
                click.echo(f"    --param {p.name}=<{p.kind}>  ({need}) {p.help}")
        return
    if as_of:
        from actorgraph.graph.store.named import named_query

        if "asOf" not in {p.name for p in named_query(name).params}:
            takes = ", ".join(q.name for q in named_queries().values() if "asOf" in {p.name for p in q.params})
            raise ActorGraphError(f"{name} does not take --as-of (these do: {takes})")
        params = dict(params, asOf=as_of)
    with open_store(store_location(ctx), read_only=True, **store_options(ctx)) as store:
        result = run_named_query(store, name, params, timeout=timeout)
    show_result(ctx, result, result_format(fmt))


def export_formats():
    """The --format choices of export: the keys of the exporter table."""
    from actorgraph.exports import EXPORTERS

    return sorted(EXPORTERS)


@main.command("export")
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(export_formats()),
              help="Output format (see the table in exports/__init__.py).")
@click.option("-o", "--output", help="File to write (atomically); default stdout.")
@click.option("--include-registry", is_flag=True, help="Add the registry graph.")
@click.option("--article", "articles", multiple=True,
              help="Only this article (IRI, URL or source path); repeatable.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only articles dated on or after.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only articles dated on or before.")
@as_of_option
@click.pass_context
def export_command(ctx, fmt, output, include_registry, articles, since, until, as_of):
    """Write what the article and imported graphs state, in an RDF format."""
    from actorgraph.exports import export
    from actorgraph.graph.store import open_store

    with open_store(store_location(ctx), read_only=True, **store_options(ctx)) as store:
        export(fmt, store, output, articles=list(articles) or None, include_registry=include_registry,
               since=since.date() if since else None, until=until.date() if until else None,
               **({"as_of": as_of} if as_of else {}))


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of each file.")
@click.pass_context
def import_command(ctx, files, no_validate):
    """Load RDF files (Turtle, N-Triples, TriG, JSON-LD, RDF/XML…), each into its own graph.

    Actors with the same Wikidata IRI or exactly the same label as one of ours are rewritten to
    our IRI (owl:sameAs keeps theirs).
    """
    from actorgraph.graph.store.imports import import_file
    from actorgraph.graph.store import open_store

    with open_store(store_location(ctx), **store_options(ctx)) as store:
        for path in files:
            report = import_file(store, path, validate=not no_validate)
            checked = "validated" if report.validated else "not validated"
            click.echo(f"{path}: {report.triples} triples into <{report.graph_iri}> ({checked}, "
                       f"{len(report.links)} actors merged)")
            for link in report.links:
                click.echo(f"  merged <{link.theirs}> -> <{link.ours}> (same {link.how}: {link.evidence})")
            for theirs, ours in report.ambiguous:
                click.echo(f"  not merged <{theirs}>: matches {len(ours)} actors: "
                           + ", ".join(f"<{o}>" for o in ours))


@main.command()
@click.argument("articles", nargs=-1, required=True)
@click.pass_context
def remove(ctx, articles):
    """Remove articles (IRI, URL or source path) or imported graphs (IRI) from the store."""
    from actorgraph import KnowledgeGraph
    from actorgraph.graph.store import open_store

    with open_store(store_location(ctx), **store_options(ctx)) as store:
        for ref in articles:
            for iri in KnowledgeGraph(store).remove(ref):
                click.echo(f"removed <{iri}>", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table for people; csv or json for programs.")
@click.pass_context
def graphs(ctx, fmt):
    """List the graphs in the store: articles (with date and title), imports, the registry, and
    the actors and relations graphs (each actor described once, each edge stored once)."""
    import csv
    import io
    import json

    from actorgraph.graph.store.embedded import describe_graphs
    from actorgraph.graph.store import open_store

    with open_store(store_location(ctx), read_only=True, **store_options(ctx)) as store:
        rows = describe_graphs(store)
    columns = ["kind", "date", "triples", "iri", "title", "source"]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        from actorgraph.graph.store.query import render_table
        import pyoxigraph as ox

        table = [[ox.Literal(str(r[c])) for c in columns] for r in rows]
        click.echo(render_table(columns, table).replace(" row", " graph"), nl=False)


# --- ontology, validate: the vocabulary and SHACL checks (ontology/, graph/store/validate.py) -------

ONTOLOGY_FORMATS = ("turtle", "xml", "nt", "json-ld", "n3", "trig", "nquads")
ONTOLOGY_PARTS = ("ontology", "plover", "shapes", "all")


def write_text(path, text):
    """Write text to a file, or to stdout for '-'."""
    if path == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise click.FileError(path, exc.strerror) from None
    click.echo(f"wrote {path}", err=True)


@main.command("ontology")
@click.option("--format", "fmt", type=click.Choice(ONTOLOGY_FORMATS), default="turtle", show_default=True,
              help="RDF syntax to print.")
@click.option("--part", type=click.Choice(ONTOLOGY_PARTS), default="ontology", show_default=True,
              help="Which file: the OWL ontology, the PLOVER concept scheme, the SHACL shapes, or all.")
@click.option("-o", "--output", default="-", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--html", "html_file", metavar="FILE",
              help="Write the ontology's HTML documentation page to FILE ('-' for stdout) instead.")
def ontology_command(fmt, part, output, html_file):
    """Print the actorgraph ontology, or write its HTML documentation page."""
    from actorgraph.ontology import data_path
    from actorgraph.ontology.terms import load_ontology, load_plover, load_shapes

    if html_file:
        from actorgraph.ontology.htmldoc import render_html

        write_text(html_file, render_html())
        return
    loaders = {"ontology": load_ontology, "plover": load_plover, "shapes": load_shapes}
    graphs = [loader() for name, loader in loaders.items() if part in (name, "all")]
    if fmt == "turtle" and part != "all":
        # the file itself, comments included (it parsed above, so it is well-formed)
        names = {"ontology": "actorgraph.ttl", "plover": "plover.ttl", "shapes": "shapes.ttl"}
        text = data_path(names[part]).read_text(encoding="utf-8")
    else:
        import rdflib

        from actorgraph.ontology import PREFIXES, SHAPES_NS

        merged = rdflib.Dataset() if fmt in ("trig", "nquads") else rdflib.Graph()
        target = merged.graph(rdflib.URIRef("https://w3id.org/actorgraph/ontology")) \
            if fmt in ("trig", "nquads") else merged
        for g in graphs:
            for triple in g:
                target.add(triple)
        for prefix, ns in PREFIXES.items():
            merged.bind(prefix, ns)
        merged.bind("ags", SHAPES_NS)
        merged.bind("sh", "http://www.w3.org/ns/shacl#")
        text = merged.serialize(format=fmt)
    write_text(output, text)


@main.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", metavar="FORMAT",
              help="RDF syntax of FILE (turtle, nt, xml, json-ld, trig, nquads...); default: from the name.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True,
              help="Language of the messages.")
@click.pass_context
def validate_command(ctx, file, fmt, lang):
    """Check FILE (or, without FILE, the whole store) against the SHACL shapes.

    Exit status 0 when it conforms (warnings allowed), 1 on violations, 2 when FILE is not
    well-formed RDF. pySHACL needs about a second per thousand triples: a large store takes
    minutes.
    """
    from actorgraph.graph.store.validate import format_report, validate_file, validate_store

    if file:
        report = validate_file(file, format=fmt, lang=lang)
        source = file
    else:
        from actorgraph.graph.store import open_store

        location = store_location(ctx)
        with open_store(location, read_only=True, **store_options(ctx)) as store:
            report = validate_store(store, lang=lang)
        source = f"store {location}"
    click.echo(format_report(report, source))
    if not report.conforms:
        ctx.exit(1)


# --- registry: search and export the actor registry (graph/registry) -------------------------

from actorgraph.graph.registry import EXPORT_FORMATS as REGISTRY_EXPORT_FORMATS  # noqa: E402  (no rdflib)


def registry_files_option(command):
    return click.option("--registry", "registry_files", multiple=True, metavar="FILE",
                        type=click.Path(exists=True, dir_okay=False),
                        help="Extra registry file: Turtle (or any RDF format by extension) or a "
                             "CSV/TSV table; repeatable.")(command)


@main.group()
def registry():
    """Look up and export the registry of known actors: states, organisations, persons, places.

    Extend it with --registry FILE: Turtle (or other RDF by extension) in the terms of
    docs/model.md, or a CSV/TSV table with the header name,type,aliases,wikidata,role,of,start,end
    and an optional post column; aliases are separated by ';'. See graph/registry/table.py.
    """


@registry.command("search")
@click.argument("name")
@click.option("--date", "--as-of", "day", callback=lambda ctx, param, value: parse_day(value),
              metavar="YYYY-MM-DD", help="Show the roles held on this day (default: all of them).")
@registry_files_option
def registry_search(name, day, registry_files):
    """Show the actors NAME refers to (a label, alias or demonym) and their roles."""
    from datetime import date as Date

    from actorgraph.graph.registry import load_registry

    reg = load_registry(extra=tuple(registry_files))
    hits = reg.lookup(name)
    if not hits and reg.by_demonym(name):
        hits = [reg.by_demonym(name)]
    if not hits:
        raise click.ClickException(f"no actor named {name!r} in the registry "
                                   "(titles such as 'Presiden AS' are resolved by extraction, not here)")
    for entry in hits:
        click.echo(entry.iri)
        click.echo(f"  {entry.kind}: {entry.label}" + (f"  (wikidata {entry.wikidata})" if entry.wikidata else ""))
        for role in reg.roles_of(entry.iri, day):
            held_in = reg.get(role.of)
            click.echo(f"  {role.role_type}: {held_in.label if held_in else role.of}"
                       + (f" ({role.post})" if role.post else "") + f"  {describe_period(role, day)}")
        for role_type in ("headOfState", "headOfGovernment", "leaderOf"):
            for holder in reg.holders(role_type, entry.iri, day or Date.today()):
                click.echo(f"  {role_type}: {holder.label}")
        memberships = [reg.get(o).label for o in reg.memberships(entry.iri) if reg.get(o)]
        if memberships:
            click.echo("  member of: " + ", ".join(memberships))


def parse_day(value):
    """--date as a datetime.date (bad usage: exit 2)."""
    from datetime import date as Date

    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


def describe_period(role, day):
    """'2017-01-20 – 2021-01-20 (former)' for a role listed without a date."""
    span = f"{role.start or '?'} – {role.end or ''}".rstrip()
    if day is None and role.end is not None:
        span += " (former)"
    return span


@registry.command("export")
@click.option("--format", "fmt", type=click.Choice(REGISTRY_EXPORT_FORMATS), default="turtle",
              show_default=True, help="RDF serialisation.")
@registry_files_option
def registry_export(fmt, registry_files):
    """Print the whole registry (packaged data plus --registry files) as RDF."""
    from actorgraph.graph.registry import load_registry, export_registry

    click.echo(export_registry(load_registry(extra=tuple(registry_files)), fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
