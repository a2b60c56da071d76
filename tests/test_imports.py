"""Imports point one way: foundations at the bottom, then etl/, then data entry and the report,
then analytics on top; no cycle anywhere, late imports (inside functions) included."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hirewire", "etl")

# Lowest first; a module may import its own layer or a lower one. The longest prefix that
# matches a module decides its layer ("hirewire" alone is the package's __init__).
LAYERS = (
    ("foundation", ("hirewire.settings", "hirewire.errors", "hirewire.db", "hirewire.duck",
                    "hirewire.migrate", "hirewire")),
    ("etl", ("etl",)),
    ("entry and report", ("hirewire.entry", "hirewire.exports", "hirewire.followups",
                          "hirewire.sample", "hirewire.metabase", "hirewire.report",
                          "hirewire.superset", "hirewire.superset_server")),
    ("analytics", ("hirewire.analytics", "hirewire.incremental")),
)  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def import_graph() -> dict[str, set[str]]:
    """module -> the first-party modules it imports, wherever the import statement is."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.add(submodule if submodule in known else base)
        graph[name] = {target for target in targets if target in known and target != name}
    return graph


def layer(module: str) -> int:
    matches = [
        (len(prefix), index)
        for index, (_, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or (module.startswith(prefix + ".") and prefix != "hirewire")
    ]
    assert matches, f"{module} has no layer in tests/test_imports.py: add it to LAYERS"
    return max(matches)[1]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first search (each reported once, from where it closes)."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycle():
    """No chain of imports, inside functions included, leads a module back to itself."""
    assert cycles(import_graph()) == []


def test_cycle_finder_sees_a_late_import():
    """The checker itself: a cycle closed by an import inside a function is found."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_imports_point_down():
    """Foundations import nothing above them, etl/ nothing of data entry, the report or
    analytics; data entry and the report never import analytics."""
    assert [layer(name) for name in ("hirewire.errors", "etl.load", "hirewire.entry.cli",
                                     "hirewire.analytics")] == [0, 1, 2, 3]  # fmt: skip
    upward = [
        f"{module} ({LAYERS[layer(module)][0]}) -> {target} ({LAYERS[layer(target)][0]})"
        for module, targets in import_graph().items()
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_the_entry_rules_live_in_one_module():
    """The flags, the manager and the import share hirewire.entry.rules; the manager and the
    flags never import each other's module the wrong way (the flags open the manager)."""
    graph = import_graph()
    for module in ("hirewire.entry.cli", "hirewire.entry.manager", "hirewire.entry.importer"):
        assert "hirewire.entry.rules" in graph[module], module
    assert "hirewire.entry.cli" not in graph["hirewire.entry.manager"]
    assert graph["hirewire.entry.rules"] <= {"hirewire.errors"}
