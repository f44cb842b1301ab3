"""Every sentence translated (run by `make test`; README: "Languages").

1. No template has a sentence that is not marked for translation (scripts/i18n_templates.py).
2. Every marked string (templates, Python, the engine's `text`/`say`) has a translation in
   every language of settings.LANGUAGES: the messages are extracted afresh, as
   `make messages` would, into a copy of the project (the checkout is left as it is), and
   merged with the committed catalogue. An untranslated or fuzzy entry fails the check with
   its text. A catalogue that `msgfmt --check` rejects fails it too.

    python scripts/check_translations.py [--root DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n_templates

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("accounts", "training", "recovery", "config", "templates", "locale", "manage.py")
# What `make messages` leaves out: not shown to people.
IGNORE = ("*/migrations/*", "*/management/commands/_demo_*")


def languages(root: Path) -> list[str]:
    """The languages with a catalogue (`locale/<code>/LC_MESSAGES/django.po`): every one but
    the source, English."""
    return sorted(po.parent.parent.name for po in root.glob("locale/*/LC_MESSAGES/django.po"))


def extract(root: Path, workdir: Path) -> Path:
    """A copy of `root`'s sources with freshly extracted catalogues; returns its locale dir."""
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=shutil.ignore_patterns("*.mo"))
        elif source.exists():
            shutil.copy2(source, workdir / name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete"]
    command += [f"--locale={code}" for code in languages(root)]
    command += [f"--ignore={pattern}" for pattern in IGNORE]
    subprocess.run(command, cwd=workdir, env=env, check=True, capture_output=True)
    return workdir / "locale"


def entries(po: Path, *flags: str) -> list[str]:
    """The msgids `msgattrib` selects with `flags` (e.g. --untranslated)."""
    found = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    ids = re.findall(r'^msgid ((?:".*"\n)+)', found, re.M)
    texts = ["".join(re.findall(r'"(.*)"', block)) for block in ids]
    return [text for text in texts if text]  # the header's empty msgid


def problems(root: Path) -> list[str]:
    found = i18n_templates.report(root / "templates")
    with tempfile.TemporaryDirectory() as tmp:
        locale = extract(root, Path(tmp))
        for code in languages(root):
            po = locale / code / "LC_MESSAGES" / "django.po"
            for text in entries(po, "--untranslated"):
                found.append(f"{code}: no translation: {text[:100]!r}")
            for text in entries(po, "--only-fuzzy"):
                found.append(f"{code}: fuzzy (check it, then remove the flag): {text[:100]!r}")
            checked = subprocess.run(
                ["msgfmt", "--check", "--output-file=/dev/null", str(po)],
                capture_output=True,
                text=True,
            )
            if checked.returncode:
                found.append(f"{code}: msgfmt --check: {checked.stderr.strip()}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    found = problems(args.root)
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} translation problem(s): run `make messages`, translate, try again.")
        return 1
    print("ok: every sentence is marked and translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
