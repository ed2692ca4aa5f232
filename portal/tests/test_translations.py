"""Every user-facing string is marked for translation and translated into Chinese."""

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = ["portal", "partners", "volunteers", "outreach", "templates"]


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_chinese_catalogue_is_complete_and_not_fuzzy():
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    assert not catalog.fuzzy
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_catalogue_holds_every_string_in_the_source(tmp_path):
    """Extract the strings afresh and compare: a new string missing from the .po fails.

    Needs GNU gettext, which `make test` installs (.ci/ensure-system-deps).
    """
    for name in [*SOURCE_DIRS, "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
    )
    assert result.returncode == 0, result.stderr
    extracted = _msgids(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert extracted - _msgids(CATALOGUE) == set()
