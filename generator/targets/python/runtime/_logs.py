"""The package's logger: each attempt, its outcome, every retry with its reason and wait.

It is named after the package (``logging.getLogger("<package>")``) and silent until the
application configures logging, or until ``<PACKAGE>_LOG=debug`` (or ``info``) is set in
the environment, which prints its records to stderr. Credentials never reach a record:
URLs lose their userinfo and the query parameters that carry credentials, and header
values that may be secrets are replaced by ``[REDACTED]``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from typing import Dict

import httpx

from ._security import REDACTED

# The package this module was copied into (``webflow._logs`` logs as ``webflow``).
logger = logging.getLogger(__name__.rpartition(".")[0] or __name__)
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
# Headers shown as they are in debug records: those that describe, never authorise.
_SHOWN_HEADERS = frozenset({"accept", "content-type", "content-length", "user-agent", "idempotency-key",
                            "x-idempotency-key", "retry-after", "x-request-id", "request-id", "date"})


def configure(variable: str) -> None:
    """Print the package's records to stderr when the environment variable ``variable`` is
    ``debug`` or ``info``; otherwise leave logging to the application."""
    level = _LEVELS.get(os.environ.get(variable, "").strip().lower())
    if level is None or any(getattr(h, "_apigen", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
    setattr(handler, "_apigen", True)  # configured once, however often the module is reloaded
    logger.addHandler(handler)
    logger.setLevel(level)


def safe_url(url: httpx.URL, secret_params: Iterable[str]) -> str:
    """``url`` for a record or a message: userinfo and credential query values hidden."""
    for name in set(secret_params) & set(url.params.keys()):
        url = url.copy_set_param(name, REDACTED)
    if url.userinfo:
        url = url.copy_with(username=REDACTED, password=None)
    return str(url)


def safe_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """``headers`` with every value that may authorise something replaced by ``[REDACTED]``."""
    return {name: value if name.lower() in _SHOWN_HEADERS else REDACTED for name, value in headers.items()}
