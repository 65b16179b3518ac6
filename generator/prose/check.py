"""``check(view, prose, document)``: every finding of a doc spec against one prose document,
each with the spec's explanation when it gives one, and the counts of what was compared."""

from __future__ import annotations

from generator.prose import accept, match, models, operations
from generator.prose.facts import Prose
from generator.prose.findings import Checked
from generator.prose.spec import SpecView


def check(view: SpecView, prose: Prose, document: str) -> Checked:
    """The findings of the spec in ``view`` against ``prose`` (read from ``document``)."""
    out = Checked(prose.format)
    for key, entry, op in view.operations():
        block = match.operation(entry, prose, document)
        if block is not None:
            operations.check(view, key, op, block, out)
    shown = models.example_keys([e for op in prose.operations for e in op.examples]
                                + [e for t in prose.tables for e in t.examples]
                                + [e for h in prose.hooks for e in h.examples])
    for key, entry, model in view.models():
        tab = match.table(key, entry, prose, document)
        if tab is not None:
            models.check_model(view, key, model, tab, shown, out)
    models.check_hooks(view, prose, document, shown, out)
    models.check_spec(view, out)
    out.findings = accept.explain(view, out.findings, document)
    explained = sum(1 for f in out.findings if f.code == "example-shape" and f.reason is not None)
    out.counts.explained = explained
    out.counts.failed = sum(1 for f in out.findings if f.code == "example-shape") - explained
    return out
