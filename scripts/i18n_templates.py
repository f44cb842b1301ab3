"""Templates and their words: find sentences (and words) shown to people that are not marked
for translation, so that every page can be translated (README: "Languages").

    python scripts/i18n_templates.py            # list unmarked text; exit 1 when there is any
    python scripts/i18n_templates.py --wrap F…  # mark the plain cases in place (a helper)

Text counts as a sentence to translate when it has a word of letters outside template tags,
`{% translate %}` / `{% blocktranslate %}`, comments, scripts and styles; so do the values of
`title`, `placeholder`, `aria-label`, `alt`, `content` and `data-label` attributes (the last
shown on phones by CSS). A few symbols and units read the same in every language (`NEUTRAL`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SKIP = {"pwa/sw.js", "robots.txt"}

TOKEN = re.compile(
    r"({%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|<script\b.*?</script>|<style\b.*?</style>"
    r"|{%.*?%}|{{.*?}}|{#.*?#}|<!--.*?-->"
    r"|<(?:[^>{]|{{.*?}}|{%.*?%}|{(?![{%]))*>)",
    re.S,
)
ATTRIBUTE = re.compile(
    r'\b(title|placeholder|aria-label|alt|content|data-label)="((?:{%.*?%}|{{.*?}}|[^"])*)"'
)
CSS_CLASS = re.compile(r"\s*[a-z0-9]+(?:-[a-z0-9]+)+\s*")  # {% block main_class %}
WORD = re.compile(r"[^\W\d_]{2,}")
# The same in every language: units, symbols, the product's name, letters of a code.
NEUTRAL = {
    "RunReady", "km", "mi", "kg", "lb", "min", "bpm", "RPE", "RIR", "RM", "HR", "HRmax",
    "nbsp", "middot", "times", "rarr", "larr", "mdash", "ndash", "hellip", "amp", "lt", "gt",
    "ICS", "API", "CSV", "JSON", "FIT", "GPX", "TCX", "HTMX", "iCal", "RF", "Strava", "Garmin",
}  # fmt: skip


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in NEUTRAL]


def template_files(templates: Path = TEMPLATES) -> list[Path]:
    return sorted(
        path
        for path in templates.rglob("*")
        if path.is_file() and str(path.relative_to(templates)) not in SKIP
    )


def report(templates: Path = TEMPLATES) -> list[str]:
    """Each unmarked piece of text in the templates under `templates`, with its file."""
    return [
        f"{path.relative_to(templates.parent)}: not marked for translation: {text[:90]!r}"
        for path in template_files(templates)
        for text in unmarked(path.read_text())
    ]


def unmarked(source: str) -> list[str]:
    """Each piece of text in `source` a person reads that is not marked for translation."""
    found = []
    for token in TOKEN.split(source):
        if not token:
            continue
        if token.startswith("<") and not token.startswith(("<script", "<style", "<!--")):
            for _name, value in ATTRIBUTE.findall(token):
                plain = TOKEN.sub(" ", value)
                if words(plain) and not _is_machine(token, value):
                    found.append(value)
        elif not token.startswith(("{", "<")) and words(token) and not CSS_CLASS.fullmatch(token):
            found.append(" ".join(token.split()))
    return found


def _is_machine(tag: str, value: str) -> bool:
    """`content` of meta tags other than a description (viewport, colours, tokens)."""
    return "content=" in tag and 'name="description"' not in tag and value == value.strip()


def _quoted(text: str) -> str | None:
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return None


def _var_name(expr: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", expr.split("|")[0].split(".")[-1].strip()) or "value"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


def _mark_run(run: list[str]) -> str:
    text = "".join(run)
    if not words("".join(t for t in run if not t.startswith("{{"))):
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    pieces = list(run)
    if not any(t.startswith("{{") for t in pieces):
        quoted = _quoted(" ".join(text.split()))
        return f"{lead}{{% translate {quoted} %}}{trail}" if quoted else text
    taken: set[str] = set()
    withs, body = [], []
    for t in pieces:
        if t.startswith("{{"):
            expr = t[2:-2].strip()
            name = _var_name(expr, taken)
            withs.append(f"{name}={expr}")
            body.append(f"{{{{ {name} }}}}")
        else:
            body.append(t)
    inner = " ".join("".join(body).split())
    return f"{lead}{{% blocktranslate trimmed with {' '.join(withs)} %}}{inner}{{% endblocktranslate %}}{trail}"


def wrap(source: str) -> str:
    """The plain cases marked: runs of text and variables between tags, and attributes."""
    out: list[str] = []
    run: list[str] = []
    for token in TOKEN.split(source):
        if not token:
            continue
        is_var = token.startswith("{{")
        is_text = not token.startswith(("{", "<"))
        if is_var or is_text:
            run.append(token)
            continue
        out.append(_mark_run(run))
        run = []
        if token.startswith("<") and not token.startswith(("<script", "<style", "<!--")):
            token = ATTRIBUTE.sub(_mark_attribute(token), token)
        out.append(token)
    out.append(_mark_run(run))
    return "".join(out)  # the i18n tags are built in (config.i18n): no {% load %} needed


def _mark_attribute(tag: str):
    def mark(match: re.Match) -> str:
        name, value = match.groups()
        if "{" in value or not words(value) or _is_machine(tag, value):
            return match.group(0)
        return f'{name}="{{% translate {_quoted(value) or chr(34) + value + chr(34)} %}}"'

    return mark


def main(argv: list[str]) -> int:
    if argv[:1] == ["--wrap"]:
        for name in argv[1:]:
            path = Path(name)
            path.write_text(wrap(path.read_text()))
        return 0
    problems = report()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
