"""The project's exceptions: the CLI turns each into a one-line ``Error: …``."""


class ActorGraphError(Exception):
    """A domain problem the user can fix; CLI exit code 1."""

    exit_code = 1


class DataFileError(ActorGraphError):
    """A malformed data file (ontology, registry, lexicon, graph file); names file and line."""

    exit_code = 2

    def __init__(self, path, message, line=None, column=None):
        self.path, self.line, self.column = str(path), line, column
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class InputError(ActorGraphError):
    """An article or other input that cannot be read."""


class StoreError(ActorGraphError):
    """The store cannot be opened, is locked, or a write failed."""


class StoreUnavailableError(StoreError):
    """The store takes no writes at all now (disk full or read-only, I/O error, endpoint down):
    a build stops here instead of failing every remaining article the same way."""


class QueryError(ActorGraphError):
    """A SPARQL query is malformed or failed; syntax errors exit 2."""

    exit_code = 2
