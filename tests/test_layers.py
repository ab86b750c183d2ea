"""Imports point one way: down the layers, never into `missions_project` (configuration only).

The import graph of every app is read with `ast`, so nothing is imported to check it: module
imports, imports inside functions, relative imports, literal `import_module(...)` and
`apps.get_model(...)` calls, and each migration's dependencies on other apps' migrations (a
model that points at another app by a string such as "submissions.Submission" shows up there).
"""

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may use its own modules and those of apps on a lower floor.
FLOORS = [
    {"common", "outbox"},
    {"councils"},
    {"instrument"},
    {"submissions"},
    {"contact", "casestudies"},
    # The researchers' workspace turns submissions into case studies (drafting).
    {"research"},
    # A person's account spans the site: their personal data includes contact messages.
    {"accounts"},
    {"demo"},
]
FLOOR = {app: number for number, apps in enumerate(FLOORS) for app in apps}
CONFIGURATION = "missions_project"
# Apps on the same floor do not import each other. Exceptions that really are needed, as
# (files, app on the same floor they may use): none today.
SAME_FLOOR_ALLOWED: set[tuple[str, str]] = set()
NOT_APPS = {"tests", "bench", CONFIGURATION}


@dataclass(frozen=True)
class Import:
    line: int
    statement: str
    target: str  # the module (or app label) imported, made absolute


def project_apps(root: Path) -> set[str]:
    return {path.parent.name for path in root.glob("*/apps.py")} - NOT_APPS


def _package(root: Path, path: Path) -> list[str]:
    # The folder, for a package's __init__ as for any other module.
    return list(path.relative_to(root).parent.parts)


def _absolute(node: ast.ImportFrom, package: list[str]) -> list[str]:
    if node.level == 0:
        return [node.module]
    base = ".".join(package[: len(package) - (node.level - 1)])
    if node.module:
        return [f"{base}.{node.module}" if base else node.module]
    # "from . import a, b" imports modules of the package.
    return [f"{base}.{alias.name}" if base else alias.name for alias in node.names]


def _literal(node: ast.Call) -> str | None:
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _migration_dependencies(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "dependencies" for t in node.targets
        ):
            for item in getattr(node.value, "elts", []):
                if isinstance(item, ast.Tuple) and item.elts:
                    first = item.elts[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        yield item, first.value


def imports_in(root: Path, path: Path) -> list[Import]:
    """Every module (or app label) the file at `path` uses, with the line and the source."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package = _package(root, path)

    def found(node, target):
        text = " ".join((ast.get_source_segment(source, node) or "").split())
        return Import(line=node.lineno, statement=text, target=target)

    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            result += [found(node, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            result += [found(node, target) for target in _absolute(node, package)]
        elif isinstance(node, ast.Call) and (target := _literal(node)):
            if _called(node) == "import_module" and not target.startswith("."):
                result.append(found(node, target))
            elif _called(node) == "get_model":
                # get_model("app_label", "Model") or get_model("app_label.Model")
                result.append(found(node, target.partition(".")[0]))
    if "migrations" in package:
        result += [found(node, label) for node, label in _migration_dependencies(tree)]
    return sorted(result, key=lambda i: i.line)


def why_not(importer: str, imported: str, apps: set[str], where: str) -> str | None:
    """Why `importer` (in the file `where`) may not use `imported`, or None when it may."""
    if imported == importer:
        return None
    if imported == CONFIGURATION:
        return f"{importer} runs into {CONFIGURATION}, which is configuration only"
    if imported not in apps:
        return None  # the standard library or a third-party package
    if FLOOR[imported] > FLOOR[importer]:
        return (
            f"{importer} (floor {FLOOR[importer]}) runs up to {imported} (floor {FLOOR[imported]})"
        )
    allowed = any(where.startswith(files) and imported == app for files, app in SAME_FLOOR_ALLOWED)
    if FLOOR[imported] == FLOOR[importer] and not allowed:
        return f"{importer} and {imported} are on the same floor and may not import each other"
    return None


def layer_violations(root: Path) -> list[str]:
    apps = project_apps(root)
    problems = []
    for app in sorted(apps):
        for path in sorted((root / app).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            for found in imports_in(root, path):
                problem = why_not(app, found.target.partition(".")[0], apps, where)
                if problem:
                    problems.append(f"{where}:{found.line}: {found.statement}  ({problem})")
    return problems


def test_every_app_has_a_floor():
    assert project_apps(ROOT) == set(FLOOR), "add the new app to FLOORS (and the architecture)"


def test_imports_point_down_the_layers():
    problems = layer_violations(ROOT)
    assert not problems, "Imports that break the layers:\n" + "\n".join(problems)


# --- the walker itself, on a small made-up project ----------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_the_walker_finds_each_kind_of_import_that_breaks_the_layers(tmp_path):
    apps = ["common", "councils", "submissions", "accounts", "contact", "casestudies", "research"]
    _write(tmp_path, {f"{app}/apps.py": "" for app in apps})
    _write(
        tmp_path,
        {
            "councils/__init__.py": "from . import models\n",
            "councils/models.py": """\
                from django.db import models

                from common.text import clean_text

                def later():
                    from submissions.models import Submission
                """,
            "councils/views.py": "from missions_project.settings import SITE_NAME\n",
            "councils/management/commands/load.py": "from ...models import Authority\n",
            "councils/migrations/0002_link.py": """\
                from django.conf import settings
                from django.db import migrations

                def forwards(apps, schema_editor):
                    apps.get_model("submissions", "Submission")

                class Migration(migrations.Migration):
                    dependencies = [
                        ("councils", "0001_initial"),
                        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
                        ("submissions", "0001_initial"),
                    ]
                """,
            "accounts/migrations/0001_roles.py": """\
                from django.db import migrations

                class Migration(migrations.Migration):
                    dependencies = [("casestudies", "0001_initial")]
                """,
            "casestudies/views.py": "from research.models import Code\n",
            "contact/views.py": """\
                import importlib

                from submissions.models import Submission
                casestudies = importlib.import_module("casestudies.models")
                """,
            "tests/test_anything.py": "import missions_project.settings\n",
            "bench/run.py": "import missions_project.settings\n",
        },
    )

    problems = layer_violations(tmp_path)

    assert problems == [
        "casestudies/views.py:1: from research.models import Code  "
        "(casestudies (floor 4) runs up to research (floor 5))",
        'contact/views.py:4: importlib.import_module("casestudies.models")  (contact and '
        "casestudies are on the same floor and may not import each other)",
        'councils/migrations/0002_link.py:5: apps.get_model("submissions", "Submission")  '
        "(councils (floor 1) runs up to submissions (floor 3))",
        'councils/migrations/0002_link.py:11: ("submissions", "0001_initial")  '
        "(councils (floor 1) runs up to submissions (floor 3))",
        "councils/models.py:6: from submissions.models import Submission  "
        "(councils (floor 1) runs up to submissions (floor 3))",
        "councils/views.py:1: from missions_project.settings import SITE_NAME  "
        "(councils runs into missions_project, which is configuration only)",
    ]
