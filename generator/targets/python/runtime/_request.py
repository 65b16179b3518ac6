"""A call before it is sent: the client's :class:`Settings`, the call's :class:`RequestSpec`,
and :func:`build_request`, which makes the one httpx request every attempt sends (so an
idempotency key it adds is the same on every retry)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Optional, Tuple, Union

import httpx

from ._encoding import (
    NOT_GIVEN,
    NotGiven,
    QueryItem,
    check_headers,
    cookie_header,
    encode_query,
    form_value,
    multipart,
    present,
    scalar_text,
    simple_text,
    to_jsonable,
)
from ._response import ErrorFields, NO_ERROR_FIELDS
from ._security import (Credential, apply_credentials, check_origin, hide_in_logs, redact_headers, redact_url,
                        require_credentials)

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
Timeout = Union[float, httpx.Timeout, None]


def user_agent(distribution: str, version: str, generator_version: str) -> str:
    """``<distribution>/<version> (apigen <version>; python <x.y>)``: what each request says it is."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"{distribution}/{version} (apigen {generator_version}; python {python})"


@dataclass(frozen=True)
class Settings:
    """Everything a request needs from the client that sends it.

    ``timeout`` in seconds (a number) is a deadline for each whole call: connecting, sending,
    reading the body, every retry and every wait between them. An ``httpx.Timeout`` keeps
    httpx's meaning instead: limits per phase and per read, none on the call as a whole.
    None means no timeout at all.
    """

    base_url: str
    headers: Mapping[str, str]
    credentials: Tuple[Credential, ...]
    default_security: Tuple[Tuple[str, ...], ...]
    timeout: Timeout
    max_retries: int
    errors: ErrorFields = NO_ERROR_FIELDS
    envelope_data: Optional[str] = None
    envelope_code: Optional[str] = None
    api_name: str = "the API"  # how errors about missing credentials name it

    def __repr__(self) -> str:
        # Userinfo in the URL and client header values may be secrets; credentials always are.
        return (f"Settings(base_url={self.safe_base_url!r}, headers={redact_headers(self.headers)!r}, "
                f"timeout={self.timeout!r}, max_retries={self.max_retries!r})")

    @property
    def safe_base_url(self) -> str:
        """The base URL with any ``user:password@`` hidden, for reprs and messages."""
        return redact_url(self.base_url)

    @property
    def secret_params(self) -> Tuple[str, ...]:
        """Query parameters that carry credentials: hidden in logs and messages."""
        return tuple(c.name for c in self.credentials if c.location == "query")


@dataclass(frozen=True)
class RequestSpec:
    """One call of an operation, before it is sent.

    ``timeout`` and ``max_retries`` override the client's for this call (NOT_GIVEN and None
    keep the client's retries; a ``timeout`` of None means none at all). ``url``, when set,
    replaces the base URL, path and query (a next-page link on the API's own origin);
    ``idempotency_header`` names the header that carries a key generated for the call when
    the caller gave none, so that retrying a POST cannot apply it twice.
    """

    method: str
    path: str
    query: Sequence[QueryItem] = ()
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    json: Any = NOT_GIVEN
    form: Optional[Mapping[str, Any]] = None
    files: Optional[Mapping[str, Any]] = None
    content: Optional[Union[bytes, str]] = None
    content_type: Optional[str] = None
    accept: Optional[str] = None
    security: Optional[Tuple[Tuple[str, ...], ...]] = None
    extra_headers: Optional[Mapping[str, str]] = None
    extra_query: Optional[Mapping[str, object]] = None
    extra_body: Optional[Mapping[str, object]] = None
    timeout: Union[Timeout, NotGiven] = NOT_GIVEN
    max_retries: Optional[int] = None
    url: Optional[str] = None
    idempotency_header: Optional[str] = None


def with_options(settings: Settings, *, base_url: Optional[str] = None, timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
                 max_retries: Optional[int] = None, headers: Optional[Mapping[str, str]] = None) -> Settings:
    """``settings`` with the options given changed (``headers`` are added to the client's)."""
    return replace(
        settings,
        base_url=settings.base_url if base_url is None else base_url,
        timeout=settings.timeout if isinstance(timeout, NotGiven) else timeout,
        max_retries=settings.max_retries if max_retries is None else max_retries,
        headers={**settings.headers, **(headers or {})},
    )


def call_timeout(settings: Settings, spec: RequestSpec) -> Timeout:
    """The timeout of one call: its own, or the client's when it gave none."""
    return settings.timeout if isinstance(spec.timeout, NotGiven) else spec.timeout


def build_request(client: Union[httpx.Client, httpx.AsyncClient], settings: Settings, spec: RequestSpec,
                  credentials: Tuple[Credential, ...]) -> httpx.Request:
    """The httpx request for ``spec``, ``credentials`` (the settings' with providers called)
    and client headers included.

    Raises ValueError, before anything is sent, for a request that would not mean what
    the caller asked: a header split by a line break, or a path that leaves the API's origin;
    MissingCredentialError when the request needs a credential the client has not.
    """
    headers: Dict[str, str] = dict(settings.headers)
    headers.update({k: simple_text(v) for k, v in present(spec.headers).items()})
    if spec.url is None:
        url, params = httpx.URL(settings.base_url.rstrip("/") + spec.path), encode_query(spec.query)
    else:
        url, params = _next_link(settings, spec.url)
    params += encode_query([(k, v, True) for k, v in (spec.extra_query or {}).items()])
    cookies = {k: scalar_text(v) for k, v in present(spec.cookies).items()}
    accepted = settings.default_security if spec.security is None else spec.security
    require_credentials(settings.api_name, credentials, accepted)
    auth = apply_credentials(credentials, accepted, headers, params, cookies)
    if spec.accept:
        headers["Accept"] = spec.accept
    headers.update(spec.extra_headers or {})
    if spec.idempotency_header and not any(k.lower() == spec.idempotency_header.lower() for k in headers):
        headers[spec.idempotency_header] = str(uuid.uuid4())  # one key per call, kept by every retry
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    kwargs = _body(spec, headers)
    check_headers(headers)
    if "@" in settings.base_url:
        hide_in_logs(())  # a password in the URL stays out of httpx's log
    # No params at all (not an empty tuple): httpx would parse the URL once more for nothing.
    request = client.build_request(spec.method, url, params=tuple(params) or None, headers=headers,
                                   timeout=call_timeout(settings, spec), **kwargs)
    check_origin(request.url, settings.base_url)
    if auth is not None:
        request = next(auth.auth_flow(request))
    return request


def _next_link(settings: Settings, link: str) -> Tuple[httpx.URL, List[Tuple[str, str]]]:
    """A next-page link (resolved against the base URL) and its query pairs, less the
    credential parameters it may repeat (the client adds its own)."""
    url = httpx.URL(settings.base_url).join(link)
    secret = set(settings.secret_params)
    return url.copy_with(query=None), [(k, v) for k, v in url.params.multi_items() if k not in secret]


def _body(spec: RequestSpec, headers: Dict[str, str]) -> Dict[str, Any]:
    """httpx's keyword for the body of ``spec`` (``extra_body`` merged in), setting its type."""
    kwargs: Dict[str, Any] = {}
    extra = spec.extra_body
    if not isinstance(spec.json, NotGiven) or (extra and spec.files is None and spec.form is None):
        kwargs["json"] = _merged(to_jsonable(spec.json) if not isinstance(spec.json, NotGiven) else {}, extra)
    elif spec.files is not None:
        kwargs["files"] = multipart(spec.files, {**(spec.form or {}), **(extra or {})})
    elif spec.form is not None:
        form = {**present(spec.form), **(extra or {})}
        kwargs["data"] = {k: form_value(v) for k, v in present(form).items()}
    elif spec.content is not None:
        kwargs["content"] = spec.content
    if spec.content_type and "files" not in kwargs:
        headers.setdefault("Content-Type", spec.content_type)
    return kwargs


def _merged(body: Any, extra: Optional[Mapping[str, object]]) -> Any:
    """``body`` with the fields of ``extra`` added (they win); a body that is not an object
    cannot take fields, which is the caller's error."""
    if not extra:
        return body
    if not isinstance(body, dict):
        raise ValueError("extra_body adds fields to an object body; this call's body is not an object")
    return {**body, **to_jsonable(dict(extra))}
