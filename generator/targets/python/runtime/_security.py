"""Credentials and where they may go: each scheme sent as the API says, only ever to the
API's own origin (scheme, host and port of the base URL), and never shown in a repr or log."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Optional, Tuple, Union
from urllib.parse import urlsplit, urlunsplit

import httpx

from .errors import MissingCredentialError

REDACTED = "[REDACTED]"
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Headers that carry credentials whatever the API's schemes are.
_ALWAYS_SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie")


@dataclass(frozen=True)
class Credential:
    """A configured credential: how the security scheme ``scheme`` sends ``value``.

    ``value`` is the secret, None when not configured, or a provider: a callable returning
    it (an async client's may return an awaitable), called before each request so that a
    token can change between requests. ``argument`` and ``environment`` name the client
    argument and the environment variable it comes from, for the error when it is missing.
    """

    scheme: str
    kind: str  # bearer | basic | api_key
    location: str  # header | query | cookie
    name: str
    value: Any = field(repr=False)
    argument: str = ""
    environment: Optional[str] = None

    def how_to_set(self) -> str:
        """``pass token=... or set API_TOKEN``: what gives this credential a value."""
        example = "(username, password)" if self.kind == "basic" else "..."
        return f"pass {self.argument}={example}" + (f" or set {self.environment}" if self.environment else "")


def resolve_credentials(credentials: Tuple[Credential, ...]) -> Tuple[Credential, ...]:
    """``credentials`` with each provider called: the values one request sends.

    An awaitable from a provider is refused: only the async client can wait for it.
    """
    resolved = []
    values: Dict[int, Any] = {}  # by provider: schemes sharing an argument call it once
    for credential in credentials:
        if callable(credential.value):
            key = id(credential.value)
            if key not in values:
                values[key] = credential.value()
            if inspect.isawaitable(values[key]):
                if inspect.iscoroutine(values[key]):
                    values[key].close()  # never awaited: close it rather than leave a warning
                raise TypeError(f"{credential.argument}: the provider returned an awaitable; "
                                "pass async providers to the AsyncClient")
            credential = replace(credential, value=values[key])
        resolved.append(credential)
    return tuple(resolved)


async def aresolve_credentials(credentials: Tuple[Credential, ...]) -> Tuple[Credential, ...]:
    """``credentials`` with each provider called, and awaited when it returns an awaitable."""
    resolved = []
    values: Dict[int, Any] = {}  # by provider: schemes sharing an argument call it once
    for credential in credentials:
        if callable(credential.value):
            key = id(credential.value)
            if key not in values:
                value = credential.value()
                values[key] = await value if inspect.isawaitable(value) else value
            credential = replace(credential, value=values[key])
        resolved.append(credential)
    return tuple(resolved)


def require_any_credential(api: str, credentials: Tuple[Credential, ...]) -> None:
    """Raise :class:`MissingCredentialError` when none of ``credentials`` is configured (for
    an API whose every operation needs one: the client could make no successful call)."""
    if credentials and all(c.value is None for c in credentials):
        # Schemes sharing an argument (OAuth2 and bearer both in ``token``) are named once.
        raise MissingCredentialError(api, " or ".join(dict.fromkeys(c.how_to_set() for c in credentials)))


def require_credentials(api: str, credentials: Tuple[Credential, ...],
                        accepted: Tuple[Tuple[str, ...], ...]) -> None:
    """Raise :class:`MissingCredentialError` when a request accepting the requirements
    ``accepted`` cannot meet any of them; an empty requirement (anonymous access) is met
    always, and requirements naming schemes the client cannot send are not counted."""
    known = {c.scheme: c for c in credentials}
    sendable = [r for r in accepted if all(name in known for name in r)]
    if not sendable or () in sendable:
        return
    if any(all(known[name].value is not None for name in r) for r in sendable):
        return
    ways = [" and ".join(known[name].how_to_set() for name in r if known[name].value is None) for r in sendable]
    raise MissingCredentialError(api, "; or ".join(dict.fromkeys(ways)))


class _LogRedactor(logging.Filter):
    """Hides credentials in the URLs of httpx's request log.

    httpx logs every request's full URL at INFO ("HTTP Request: GET https://...?key=...");
    a client adds the names of the query parameters that carry its credentials, and a
    password in the URL (``https://user:password@host``) is hidden too.
    """

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._redact(arg) if isinstance(arg, httpx.URL) else arg for arg in record.args)
        return True

    def _redact(self, url: httpx.URL) -> httpx.URL:
        for name in self.names & set(url.params.keys()):
            url = url.copy_set_param(name, REDACTED)
        if url.userinfo:
            url = url.copy_with(username=REDACTED, password=None)
        return url


_LOG_REDACTOR = _LogRedactor()


def hide_in_logs(query_names: Iterable[str]) -> None:
    """Redact the query parameters ``query_names`` (and URL passwords) in httpx's log."""
    logging.getLogger("httpx").addFilter(_LOG_REDACTOR)  # idempotent
    _LOG_REDACTOR.names.update(query_names)


def apply_credentials(credentials: Tuple[Credential, ...], accepted: Tuple[Tuple[str, ...], ...],
                      headers: Dict[str, str], params: List[Tuple[str, str]],
                      cookies: Dict[str, str]) -> Optional[httpx.BasicAuth]:
    """Send the credentials of the first requirement in ``accepted`` the client can meet in full.

    A requirement is a set of schemes used together (an API key and an app id, say);
    an operation accepts any one of its requirements. Basic auth is returned to sign the request.
    """
    configured = {c.scheme: c for c in credentials if c.value is not None}
    for requirement in accepted:
        if all(name in configured for name in requirement):
            auth = None
            for name in requirement:
                auth = _send_credential(configured[name], headers, params, cookies) or auth
            return auth
    return None


def _send_credential(credential: Credential, headers: Dict[str, str], params: List[Tuple[str, str]],
                     cookies: Dict[str, str]) -> Optional[httpx.BasicAuth]:
    """Put one credential where its scheme says; basic auth is returned to sign the request."""
    if credential.kind == "basic":
        username, password = credential.value
        return httpx.BasicAuth(username, password)
    if credential.kind == "bearer":
        headers["Authorization"] = f"Bearer {credential.value}"
    elif credential.location == "query":
        hide_in_logs([credential.name])
        params.append((credential.name, str(credential.value)))
    elif credential.location == "cookie":
        cookies[credential.name] = str(credential.value)
    else:
        headers[credential.name] = str(credential.value)
    return None


def origin(url: httpx.URL) -> Tuple[str, str, Optional[int]]:
    """Scheme, host and port of ``url`` (the default port spelt out): what a credential is bound to."""
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


@lru_cache(maxsize=64)
def base_origin(base_url: str) -> Tuple[str, str, Optional[int]]:
    """The origin of a client's base URL, parsed once (each call compares with it)."""
    return origin(httpx.URL(base_url))


def check_origin(url: httpx.URL, base_url: str) -> None:
    """Raise ValueError unless ``url`` is on the origin of ``base_url``.

    A path can move a URL to another host (``"@evil.example/x"`` after the base URL makes
    ``evil.example`` the host); the request, credentials and all, must not be sent.
    """
    if origin(url) != base_origin(base_url):
        raise ValueError(f"the request path would send the request outside {redact_url(base_url)!r}: refused")


def redirect_request(request: httpx.Request, response: httpx.Response, base_url: str,
                     credentials: Tuple[Credential, ...]) -> Optional[httpx.Request]:
    """The request that follows the redirect ``response``, or None when it cannot be followed.

    The method changes as browsers (and httpx) do: 303, and 301/302 after a POST, become a
    GET without the body. A request to another origin than the API's carries no credential:
    ``Authorization``, ``Cookie``, every header and query parameter a scheme uses are dropped.
    """
    try:
        url = request.url.join(response.headers["Location"])
    except (KeyError, httpx.InvalidURL):
        return None
    if url.scheme not in _DEFAULT_PORTS:
        return None
    method = request.method
    if (response.status_code == 303 and method != "HEAD") or (response.status_code in (301, 302) and method == "POST"):
        method = "GET"
    headers = httpx.Headers(request.headers)
    headers.pop("Host", None)  # httpx sets it from the new URL
    stream: Union[httpx.SyncByteStream, httpx.AsyncByteStream, None] = request.stream
    if method != request.method:
        stream = None
        for name in ("Content-Length", "Content-Type", "Transfer-Encoding"):
            headers.pop(name, None)
    if origin(url) != base_origin(base_url):
        url = _strip_credentials(url, headers, credentials)
    return httpx.Request(method, url, headers=headers, stream=stream, extensions=request.extensions)


def _strip_credentials(url: httpx.URL, headers: httpx.Headers, credentials: Tuple[Credential, ...]) -> httpx.URL:
    """Remove from ``headers`` and ``url`` everything that may carry a credential; the new URL."""
    names = {c.name.lower() for c in credentials if c.location == "header"}
    for name in (*_ALWAYS_SECRET_HEADERS, *names):
        headers.pop(name, None)
    for credential in credentials:
        if credential.location == "query":
            url = url.copy_remove_param(credential.name)
    return url


def redact_url(url: str) -> str:
    """``url`` with its userinfo (``user:password@``) replaced by ``[REDACTED]``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return REDACTED
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=f"{REDACTED}@{parts.netloc.rpartition('@')[2]}"))


def redact_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """``headers`` with every value hidden: client headers may hold keys and tokens."""
    return {name: REDACTED for name in headers}
