"""The apps' imports point one way: no loops, views imported only by URL confs, and layers.

Every module of our apps is read with `ast` (not imported), and every import counts, also
one inside a function or under `if TYPE_CHECKING:`: an import put in a function to dodge a
loop is still a loop in the design. docs/architecture.md draws the picture.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: a module may import its own app and the apps to the left of it. `common`
# imports no app; `config` is the composition root (settings, URLs, the project's hooks)
# and may import anything, but nothing imports it.
LAYERS = (
    "common",
    "audit",
    "agreements",
    "parties",
    "steering",
    "actionplan",
    "followup",
    "config",
)

# (importing module, imported module): why it is allowed for now. Only for what another
# branch of issue 16 is removing; the last test fails once an entry is no longer needed.
# Imports that break a rule for a while, each with its reason; none today.
ALLOWED: dict[tuple[str, str], str] = {}

Graph = dict[str, dict[str, int]]


def modules(root: Path = ROOT) -> dict[str, tuple[Path, bool]]:
    """{dotted name: (file, is a package)} for every module of our apps under `root`."""
    found = {}
    for app in LAYERS:
        for path in sorted((root / app).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            package = parts[-1] == "__init__"
            if package:
                parts.pop()
            found[".".join(parts)] = (path, package)
    return found


def _ours(name: str, known) -> str | None:
    """The most specific of our modules that importing `name` runs, if any."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = ROOT) -> Graph:
    """{module: {module it imports: line of the first such import}}, our modules only."""
    known = modules(root)
    graph: Graph = {}
    for name, (path, is_package) in known.items():
        package = name if is_package else name.rpartition(".")[0]
        edges = graph.setdefault(name, {})
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [_ours(alias.name, known) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, node.module] if node.module else base)
                else:
                    source = node.module or ""
                # `from steering import services` imports the module steering.services.
                targets = [
                    f"{source}.{alias.name}"
                    if f"{source}.{alias.name}" in known
                    else _ours(source, known)
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                if target and target != name:
                    edges.setdefault(target, node.lineno)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """One loop (first module repeated at the end) for each group of modules that import
    each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, {}):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [_loop_in(group, graph) for group in groups]


def _loop_in(group: set[str], graph: Graph) -> list[str]:
    """A shortest way from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for target in sorted(graph.get(module, {})):
            if target == start:
                return [*paths[module], start]
            if target in group and target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    raise AssertionError(f"no loop found in {sorted(group)}")


def _is_view(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[1] == "views"


def view_imports(graph: Graph) -> list[tuple[str, str, int]]:
    """Imports of a view module by anything but a URL conf or that app's own views."""
    return [
        (module, target, line)
        for module, edges in sorted(graph.items())
        for target, line in sorted(edges.items())
        if _is_view(target)
        and module.rpartition(".")[2] != "urls"
        and not (_is_view(module) and module.split(".")[0] == target.split(".")[0])
    ]


def upward_imports(graph: Graph) -> list[tuple[str, str, int]]:
    """Imports of a module of a higher app than the importer's."""
    rank = {app: number for number, app in enumerate(LAYERS)}
    return [
        (module, target, line)
        for module, edges in sorted(graph.items())
        for target, line in sorted(edges.items())
        if module.split(".")[0] != "config"
        and rank[target.split(".")[0]] > rank[module.split(".")[0]]
    ]


def _report(found: list[tuple[str, str, int]]) -> str:
    return "\n".join(f"{module} (line {line}) imports {target}" for module, target, line in found)


def _not_allowed(found):
    return [
        (module, target, line) for module, target, line in found if (module, target) not in ALLOWED
    ]


def test_it_finds_no_import_loop_between_modules():
    loops = cycles(import_graph())
    assert not loops, "Import loops:\n" + "\n".join(" -> ".join(loop) for loop in loops)


def test_it_lets_only_url_confs_and_the_views_themselves_import_a_view_module():
    found = _not_allowed(view_imports(import_graph()))
    assert not found, "Put what they share in a queryset or service:\n" + _report(found)


def test_it_keeps_every_app_from_importing_an_app_above_it():
    found = _not_allowed(upward_imports(import_graph()))
    assert not found, "A lower app asks a higher one through a hook (common/hooks.py):\n" + _report(
        found
    )


def test_it_keeps_no_exception_that_is_no_longer_needed():
    graph = import_graph()
    stale = [pair for pair in ALLOWED if pair[1] not in graph.get(pair[0], {})]
    assert not stale, f"Remove from ALLOWED, the import is gone: {stale}"


def test_it_reads_relative_and_function_level_imports_and_names_the_loop(tmp_path):
    files = {
        "common/__init__.py": "",
        "common/text.py": "import audit.trail\n",
        "audit/__init__.py": "",
        "audit/trail.py": "from . import outbox\n",
        "audit/outbox.py": "def send():\n    from audit.trail import record\n",
        "audit/views/__init__.py": "",
        "audit/views/history.py": "from ..views import __name__\n",
        "audit/admin.py": "from audit.views.history import page\n",
        "audit/urls.py": "from audit.views import history\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    graph = import_graph(tmp_path)

    assert cycles(graph) == [["audit.outbox", "audit.trail", "audit.outbox"]]
    assert view_imports(graph) == [("audit.admin", "audit.views.history", 1)]
    assert upward_imports(graph) == [("common.text", "audit.trail", 1)]
