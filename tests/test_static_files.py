"""Static files under hashed names in production (common/staticfiles.py), so every one of them
can be cached for good: the names in templates, in the CSS and in our JavaScript imports."""

import json
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
HASHED = r"[0-9a-f]{12}"


def test_collectstatic_gives_the_javascript_import_the_hashed_name(tmp_path):
    # The real module and the real GOV.UK Frontend it imports, under the names the site uses.
    source = tmp_path / "source"
    (source / "js").mkdir(parents=True)
    (source / "govuk").mkdir()
    shutil.copy(ROOT / "static" / "js" / "init.js", source / "js" / "init.js")
    govuk = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.js"
    shutil.copy(govuk, source / "govuk" / "govuk-frontend.min.js")
    collected = tmp_path / "collected"

    with override_settings(
        STATIC_ROOT=collected,
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "common.staticfiles.HashedStaticFilesStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)

    names = json.loads((collected / "staticfiles.json").read_text())["paths"]
    assert re.fullmatch(rf"js/init\.{HASHED}\.js", names["js/init.js"])
    hashed_govuk = names["govuk/govuk-frontend.min.js"]
    assert re.fullmatch(rf"govuk/govuk-frontend\.min\.{HASHED}\.js", hashed_govuk)
    init = (collected / names["js/init.js"]).read_text()
    assert f'import {{ initAll }} from "../{hashed_govuk}";' in init
    # whitenoise's compressed copy of GOV.UK Frontend, served to browsers that accept gzip.
    assert (collected / f"{hashed_govuk}.gz").exists()


def test_templates_link_static_files_only_through_the_static_tag():
    # A literal /static/ path would skip the hash, and so the year-long cache.
    literal = re.compile(r"""(?:src|href)\s*=\s*["']/static/""", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if literal.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_our_javascript_imports_by_relative_paths_the_storage_can_rewrite():
    for path in (ROOT / "static" / "js").glob("*.js"):
        for target in re.findall(r"""\bfrom\s*["']([^"']+)["']""", path.read_text()):
            assert target.startswith(("./", "../")), f"{path.name} imports {target}"
