"""The package's import graph: no cycles, and dependencies flow one way
(ontology -> graph -> exports -> the API and the CLI)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "actorgraph"


def package_modules():
    """{module name: path} for every module installed under actorgraph."""
    found = {PACKAGE: ROOT / "__init__.py", f"{PACKAGE}.cli": ROOT / "cli.py"}
    for top in ("graph", "ontology", "exports"):
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([PACKAGE, *parts])] = path
    return found


def imports_of(path, name, modules):
    """The package modules one module imports, at any depth (lazy imports in functions count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        else:
            continue
        out.update(t for t in targets if t in modules and t != name)
    return out


def import_graph():
    modules = package_modules()
    return {name: imports_of(path, name, modules) for name, path in modules.items()}


def find_cycle(graph):
    """One cycle as a list of modules, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("lower, upper", [
    ("actorgraph.graph", "actorgraph.exports"),
    ("actorgraph.graph", "actorgraph.cli"),
    ("actorgraph.exports", "actorgraph.cli"),
    ("actorgraph.ontology", "actorgraph.exports"),
])
def test_dependencies_flow_one_way(lower, upper):
    wrong = sorted(f"{a} -> {b}" for a, deps in import_graph().items() if a.startswith(lower)
                   for b in deps if b == upper or b.startswith(upper + "."))
    assert not wrong, wrong


def test_the_library_never_imports_click():
    for name, path in package_modules().items():
        if name != "actorgraph.cli":
            assert "import click" not in path.read_text(), name


def test_stages_are_subpackages():
    """The tree reads as the pipeline: every stage is a folder of its own."""
    for stage in ("ingest", "extract", "store", "network", "registry"):
        assert (ROOT / "graph" / stage / "__init__.py").is_file(), stage
