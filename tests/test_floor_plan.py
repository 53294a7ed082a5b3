"""The floor plan of ``lib/opsbook`` (CONTRIBUTING.md) holds: imports point down only, no module
imports a build or measurement tool, no two modules import each other (directly or round a
loop), and the top of the package keeps only a few modules. The import graph is read from the
source with ``ast`` (every import, at the top of a module or inside a function); each rule is
also run on a graph broken on purpose, to show that it catches what it is for."""

import ast
from pathlib import Path

import pytest

from opsbook.core.paths import PACKAGE_DIR

# lowest first: a package may import its own floor and the floors below it
FLOORS = [
    {"core"},
    {"content", "datasets", "handin"},
    {"present"},
    {
        "department_structure",
        "four_powers",
        "plan_writing",
        "event_sop",
        "daily_operations",
        "imports",
        "my_data",
        "compliance",
    },
    {"course"},
    {"widgets"},
    {"serve"},
]
MAX_TOP_MODULES = 6  # besides __init__.py


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Each module of the package and the modules of the project it imports."""
    data = root / "jupyter"  # Jupyter's settings files, not modules of the library
    modules = {module_name(p): p for p in root.rglob("*.py") if data not in p.parents}
    graph = {}
    for name, path in modules.items():
        found = set()
        tree = ast.parse(path.read_text("utf-8"))
        typing_only = {  # "if TYPE_CHECKING:" imports are read by type checkers only
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("opsbook")}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("opsbook"):
                for alias in node.names:  # "from opsbook import handin" imports opsbook.handin
                    whole = f"{node.module}.{alias.name}"
                    found.add(whole if whole in modules else node.module)
        graph[name] = found - {name}
    return graph


def floor_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "opsbook" or len(parts) < 2:
        return None
    return next((n for n, floor in enumerate(FLOORS) if parts[1] in floor), None)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports from a floor to one above it, of the package's facade (``opsbook``), or of the
    build and measurement tools."""
    wrong = []
    for source, targets in graph.items():
        if source == "opsbook":
            continue
        for target in sorted(targets):
            low, high = floor_of(source), floor_of(target)
            if target.startswith("opsbook_devtools") or target == "opsbook":
                wrong.append(f"{source} imports {target}")
            elif low is not None and high is not None and high > low:
                wrong.append(f"{source} (floor {low}) imports {target} (floor {high})")
    return sorted(wrong)


def unplaced(graph: dict[str, set[str]]) -> list[str]:
    """Modules whose package is on no floor (a new package needs its place in the plan)."""
    return sorted(m for m in graph if m != "opsbook" and floor_of(m) is None)


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other round a loop (Tarjan's strongly connected
    components of more than one module)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_imports_point_down_only(graph):
    assert upward_imports(graph) == []


def test_every_package_has_its_floor(graph):
    assert unplaced(graph) == []


def test_no_import_loops(graph):
    assert loops(graph) == []


def test_the_top_of_the_package_keeps_a_few_modules():
    top = sorted(p.stem for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__")
    assert len(top) <= MAX_TOP_MODULES, top


def test_the_checks_catch_an_upward_import_a_loop_and_a_new_package(graph):
    broken = {name: set(targets) for name, targets in graph.items()}
    broken["opsbook.core.store"].add("opsbook.widgets.base")  # the core reaching for widgets
    broken["opsbook.four_powers.metrics"].add("opsbook_devtools.bench")  # a tool at run time
    broken["opsbook.present.tables"].add("opsbook.present.charts")
    broken["opsbook.present.charts"].add("opsbook.present.tables")  # a loop
    broken["opsbook.dashboards.main"] = set()  # a package nobody placed
    assert upward_imports(broken) == [
        "opsbook.core.store (floor 0) imports opsbook.widgets.base (floor 5)",
        "opsbook.four_powers.metrics imports opsbook_devtools.bench",
    ]
    assert ["opsbook.present.charts", "opsbook.present.tables"] in loops(broken)
    assert unplaced(broken) == ["opsbook.dashboards.main"]


def repeated_labels(root=PACKAGE_DIR) -> list[str]:
    """``pick("Team", "团队")`` written out where ``label("team")`` names the same pair: one way
    to say a library label, so a change of wording happens in one place."""
    from opsbook.core.i18n import LABELS

    known = {pair: key for key, pair in LABELS.items()}
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "pick"
                and len(node.args) == 2
                and all(isinstance(a, ast.Constant) for a in node.args)
                and (pair := (node.args[0].value, node.args[1].value)) in known
            ):
                found.append(f"{path.name}:{node.lineno}: use label({known[pair]!r})")
    return found


def test_a_library_label_is_said_one_way(tmp_path):
    assert repeated_labels() == []
    (tmp_path / "broken.py").write_text(
        'from opsbook.core.i18n import pick\npick("Team", "团队")\n'
    )
    assert repeated_labels(tmp_path) == ["broken.py:2: use label('team')"]
