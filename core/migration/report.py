"""The migration plan / report: one decision per inspected source, counts, CSV and HTML.

Pure module. A ``Report`` is what the migration dialog shows, what ``project_file`` returns and
what a batch run writes to disk. Everything that reaches HTML is escaped; the HTML marks the
tokens that differ between the old and the new source.
"""
from __future__ import annotations

import csv
import difflib
import html
import io
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence

from .engine import STATUSES, SourceMigration
from ..toolbelt.plain_text import csv_cell
from ..toolbelt.texts import LANGUAGES, Texts, colon, language_of, semicolon
from ..platform.redaction import redact_source, redact_text
from .messages import Message

CSV_COLUMNS = (
    "layer_id", "layer_name", "location", "provider", "status", "old_source", "new_source",
    "messages_en", "messages_fr", "catalogue",
)
# Status labels and column headers: id -> (English, French).
LABELS = Texts.pairs({
    "unchanged": ("unchanged", "inchangée"),
    "current": ("already Géoplateforme", "déjà Géoplateforme"),
    "outdated": ("Géoplateforme, outdated", "Géoplateforme, à corriger"),
    "not_served": ("not served today", "non publiée aujourd'hui"),
    "migrated": ("migrated", "migrée"),
    "renamed": ("migrated, renamed", "migrée, renommée"),
    "needs_key": ("needs a key", "clé nécessaire"),
    "withdrawn": ("withdrawn", "retirée"),
    "unsupported": ("unsupported", "non prise en charge"),
    "error": ("unreadable", "illisible"),
    "skipped": ("left alone", "laissé"),
    "refused": ("refused", "refusé"),
    "cancelled": ("not processed", "non traité"),
    "layer": ("Layer", "Couche"),
    "provider": ("Provider", "Fournisseur"),
    "status": ("Status", "État"),
    "old": ("Old source", "Ancienne source"),
    "new": ("New source", "Nouvelle source"),
    "messages": ("Messages", "Messages"),
    "title": ("Géoplateforme migration report", "Rapport de migration vers la Géoplateforme"),
    "total": ("Total", "Total"),
    "catalogue": ("Catalogue that decided", "Catalogue qui a décidé"),
})
_TOKENS = re.compile(r"[^&?/=' ,;:]+|[&?/=' ,;:]")


@dataclass
class Decision:
    """One inspected source: where it is, what it was, what it becomes and why."""

    layer_id: str
    layer_name: str
    provider: str
    old: str
    new: str
    status: str
    messages: List[Message] = field(default_factory=list)
    location: str = ""  # file, connection or setting the source comes from
    migration: Optional[SourceMigration] = None

    @classmethod
    def from_migration(cls, migration: SourceMigration, layer_id: str = "", layer_name: str = "",
                       location: str = "") -> "Decision":
        return cls(
            layer_id, layer_name or migration.layer_name, migration.provider,
            _text(migration.source), _text(migration.new_source), migration.status,
            list(migration.messages), location, migration,
        )

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def message_text(self, lang: str = "en", sep: str = " | ") -> str:
        return sep.join(_message_text(m, lang) for m in self.messages)


def _text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _message_text(message, lang: str) -> str:
    if isinstance(message, Message):
        return message.text(lang)  # masks its own parameters
    if isinstance(message, (tuple, list)) and len(message) >= 3:  # (code, en, fr)
        return redact_text(_text(message[2] if language_of(lang) == "fr" else message[1]))
    return redact_text(_text(message))


class Report:
    """Decisions with counts per status; exports to CSV and HTML."""

    def __init__(self, decisions: Iterable[Decision] = (), title: str = ""):
        self.decisions: List[Decision] = list(decisions)
        self.title = title
        # What the user should know about the run itself (a write that was not atomic).
        self.notes: List[Message] = []
        # Which catalogue decided: {service key: {"en": text, "fr": text}} (set_catalogue),
        # and lines said before them (the QGIS profile a batch run read).
        self.catalogue: Dict[str, Dict[str, str]] = {}
        self.context: List[str] = []

    def set_catalogue(self, catalog) -> None:
        """Record which catalogue decided, per service, with its date (``None``: the bundled
        snapshot, as for the engine)."""
        from ..catalog.catalog_index import bundled_catalog, provenance_line, provenance_services

        catalog = bundled_catalog() if catalog is None else catalog
        self.catalogue = {key: {lang: provenance_line(catalog, key, lang) for lang in LANGUAGES}
                          for key in provenance_services(catalog)}

    def catalogue_for(self, decision: "Decision", lang: str = "en") -> str:
        """The catalogue line of the service that decided ``decision`` ("" when none did)."""
        migration = decision.migration
        service = getattr(migration, "service", "") if migration is not None else ""
        if not service or not self.catalogue:
            return ""
        key = service + ("-private" if "/private/" in decision.new else "")
        found = self.catalogue.get(key) or self.catalogue.get(service) or {}
        return found.get(language_of(lang), "")

    def add(self, item, layer_id: str = "", layer_name: str = "", location: str = "") -> Decision:
        """Add a ``Decision`` or a ``SourceMigration`` (wrapped into a decision)."""
        decision = item if isinstance(item, Decision) else Decision.from_migration(
            item, layer_id, layer_name, location)
        self.decisions.append(decision)
        return decision

    def extend(self, items: Iterable) -> None:
        for item in items:
            self.add(item)

    def __len__(self) -> int:
        return len(self.decisions)

    def __iter__(self):
        return iter(self.decisions)

    @property
    def counts(self) -> Dict[str, int]:
        """Number of decisions per status, every status present (0 when none)."""
        counts = {status: 0 for status in STATUSES}
        for decision in self.decisions:
            counts[decision.status] = counts.get(decision.status, 0) + 1
        return counts

    @property
    def changed(self) -> List[Decision]:
        return [d for d in self.decisions if d.changed]

    def summary(self, lang: str = "en") -> str:
        labels, said = status_labels(lang), colon(lang)
        parts = [f"{labels.get(s, s)}{said}{n}" for s, n in self.counts.items() if n]
        return f"{labels['total']}{said}{len(self.decisions)}" + (
            semicolon(lang) + ", ".join(parts) if parts else "")

    def save(self, path: str, lang: str = "en") -> None:
        """Write the report as CSV when ``path`` ends with .csv, else as HTML."""
        if str(path).lower().endswith(".csv"):
            self.to_csv(path)
            return
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.to_html(lang))

    # -- CSV ---------------------------------------------------------------------------------
    def to_csv(self, path_or_file) -> None:
        """Write one row per decision (UTF-8; a path gets a BOM so spreadsheets read accents)."""
        if hasattr(path_or_file, "write"):
            self._write_csv(path_or_file)
            return
        with open(path_or_file, "w", newline="", encoding="utf-8-sig") as stream:
            self._write_csv(stream)

    def _write_csv(self, stream) -> None:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for d in self.decisions:
            # Names come from projects and servers: no cell may run as a spreadsheet formula.
            writer.writerow([csv_cell(value) for value in (
                d.layer_id, d.layer_name, d.location, d.provider, d.status,
                redact_source(d.old, d.provider), redact_source(d.new, d.provider),
                d.message_text("en"), d.message_text("fr"), self.catalogue_for(d, "en"),
            )])

    def csv_text(self) -> str:
        buffer = io.StringIO()
        self._write_csv(buffer)
        return buffer.getvalue()

    # -- HTML --------------------------------------------------------------------------------
    def to_html(self, lang: str = "en") -> str:
        labels = status_labels(lang)
        esc = html.escape
        title = esc(self.title or labels["title"])
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{language_of(lang)}"><head><meta charset="utf-8">',
            f"<title>{title}</title>",
            "<style>",
            "body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse}",
            "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}",
            "td.src{font-family:monospace;word-break:break-all;max-width:40em}",
            "del{background:#fdd;text-decoration:line-through}ins{background:#dfd;"
            "text-decoration:none}",
            ".migrated,.renamed,.current{color:#060}.needs_key,.outdated,.not_served{color:#a60}"
            ".withdrawn,.unsupported{color:#a00}",
            "</style></head><body>",
            f"<h1>{title}</h1>",
        ]
        if self.catalogue or self.context:
            lines = list(self.context) + [texts[language_of(lang)]
                                          for texts in self.catalogue.values()]
            out.append(f"<p>{esc(labels['catalogue'])}</p><ul class=\"catalogue\">" + "".join(
                f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
        if self.notes:
            out.append("<ul class=\"notes\">" + "".join(
                f"<li>{esc(_message_text(m, lang))}</li>" for m in self.notes) + "</ul>")
        out += [
            "<table class=\"counts\"><tr>",
        ]
        counts = self.counts
        out += [f"<th>{esc(labels.get(s, s))}</th>" for s in counts]
        out.append(f"<th>{esc(labels['total'])}</th></tr><tr>")
        out += [f'<td class="{esc(s)}">{n}</td>' for s, n in counts.items()]
        out.append(f"<td>{len(self.decisions)}</td></tr></table>")
        out.append("<table class=\"decisions\"><tr>" + "".join(
            f"<th>{esc(labels[k])}</th>" for k in ("layer", "provider", "status", "old", "new",
                                                  "messages")) + "</tr>")
        for d in self.decisions:
            old_html, new_html = diff_html(redact_source(d.old, d.provider),
                                           redact_source(d.new, d.provider))
            name = d.layer_name or d.layer_id
            where = f"<br><small>{esc(d.location)}</small>" if d.location else ""
            items = "".join(f"<li>{esc(_message_text(m, lang))}</li>" for m in d.messages)
            out.append(
                f'<tr><td>{esc(name)}{where}</td><td>{esc(d.provider)}</td>'
                f'<td class="{esc(d.status)}">{esc(labels.get(d.status, d.status))}</td>'
                f'<td class="src">{old_html}</td><td class="src">{new_html}</td>'
                f"<td><ul>{items}</ul></td></tr>"
            )
        out.append("</table></body></html>")
        return "\n".join(out)


def status_labels(lang: str) -> dict:
    return LABELS.table(lang)


def _tokens(text: str) -> Sequence[str]:
    return _TOKENS.findall(text)


# The token matcher costs up to the product of the two lengths it is given: it only sees
# the differing middle of the two sources, and only when that product stays small. Past it,
# the whole middle is marked (a hostile source cannot make a report cost its square).
DIFF_BUDGET = 40_000


def _matched(a: Sequence[str], b: Sequence[str]):
    """Opcodes (op, i1, i2, j1, j2) over ``a`` and ``b``, at a cost linear in their lengths
    beyond DIFF_BUDGET: common head and tail found by walking, the middle matched if small."""
    n, m = len(a), len(b)
    head = 0
    while head < n and head < m and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and a[n - 1 - tail] == b[m - 1 - tail]:
        tail += 1
    ops = [("equal", 0, head, 0, head)] if head else []
    mid_a, mid_b = a[head:n - tail], b[head:m - tail]
    if mid_a or mid_b:
        if len(mid_a) * len(mid_b) <= DIFF_BUDGET:
            matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
            ops += [(op, i1 + head, i2 + head, j1 + head, j2 + head)
                    for op, i1, i2, j1, j2 in matcher.get_opcodes()]
        else:
            ops.append(("replace", head, n - tail, head, m - tail))
    if tail:
        ops.append(("equal", n - tail, n, m - tail, m))
    return ops


def diff_html(old: str, new: str):
    """(old, new) as escaped HTML, removed tokens in <del>, added ones in <ins>."""
    esc = html.escape
    if old == new:
        return esc(old), esc(new)
    a, b = _tokens(old), _tokens(new)
    old_out, new_out = [], []
    for op, i1, i2, j1, j2 in _matched(a, b):
        left, right = esc("".join(a[i1:i2])), esc("".join(b[j1:j2]))
        if op == "equal":
            old_out.append(left)
            new_out.append(right)
            continue
        if left:
            old_out.append(f"<del>{left}</del>")
        if right:
            new_out.append(f"<ins>{right}</ins>")
    return "".join(old_out), "".join(new_out)
