"""What generated modules import from the runtime, in one place.

The generated client passes its per-API facts in :class:`Settings`; each call is a
:class:`RequestSpec` sent by :class:`SyncHTTP` or :class:`AsyncHTTP` (``_http``). How
values are written is in ``_encoding``, credentials and origins in ``_security``, the
retry policy and deadlines in ``_retry``, reading responses in ``_response``, the response
objects and their wrappers in ``_api_response``, pages in ``_pagination``, server-sent
events in ``_streaming``, the logger in ``_logs``.
"""

from __future__ import annotations

from ._api_response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncStreamedResponse,
    StreamedResponse,
    async_to_raw_response,
    async_to_streamed_response,
    to_raw_response,
    to_streamed_response,
)
from ._encoding import (
    NOT_GIVEN,
    FileTypes,
    NotGiven,
    QueryItem,
    format_path,
    given,
    scalar_text,
    simple_text,
    encode_query,
    to_jsonable,
)
from ._http import AsyncHTTP, SyncHTTP, client_timeout
from ._logs import configure as configure_logging
from ._pagination import AsyncPage, PageRequest, Paging, SyncPage
from ._request import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    RequestSpec,
    Settings,
    Timeout,
    build_request,
    user_agent,
    with_options,
)
from ._response import ErrorFields
from ._retry import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, MAX_SERVER_WAIT, retry_delay
from ._security import Credential, require_any_credential
from ._streaming import AsyncStream, Stream

__all__ = [  # what generated modules and tests import from here
    "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES", "INITIAL_RETRY_DELAY", "MAX_RETRY_DELAY", "MAX_SERVER_WAIT",
    "NOT_GIVEN", "NotGiven", "FileTypes", "QueryItem", "Credential", "require_any_credential", "Settings", "RequestSpec", "SyncHTTP",
    "AsyncHTTP", "format_path", "given", "to_jsonable", "scalar_text", "simple_text", "encode_query",
    "build_request", "retry_delay", "Timeout", "ErrorFields", "user_agent", "with_options", "client_timeout", "configure_logging",
    "APIResponse", "AsyncAPIResponse", "StreamedResponse", "AsyncStreamedResponse", "to_raw_response",
    "to_streamed_response", "async_to_raw_response", "async_to_streamed_response", "SyncPage", "AsyncPage",
    "Paging", "PageRequest", "Stream", "AsyncStream",
]
