"""The ``actorgraph`` command line: parse arguments, call the library, print.

Library modules are imported inside the commands so that ``--help`` stays fast and does not
pull in pyvis, networkx or the RDF engines.
"""

import os
import sys

import click

from graph import __version__
from graph.errors import ActorGraphError


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
@click.pass_context
def main(ctx, store_location):
    """Build, query and draw a knowledge graph of political actors from news articles."""
    ctx.obj = {"store": store_location}


def store_location(ctx):
    """The --store value of the group, for commands that open the store."""
    return ctx.find_root().obj["store"]


# Commands are added below, one section per concern.

if __name__ == "__main__":  # pragma: no cover
    main()
