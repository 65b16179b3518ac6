"""When to send a request again, how long to wait first, and when a call must be over."""

from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass
from typing import Optional, Tuple, Union

import httpx

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server asking for a longer wait than this is not waited for: the error is raised.
MAX_SERVER_WAIT = 60.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Headers whose key makes the server apply a request once however often it is sent (Stripe's, Adyen's).
IDEMPOTENCY_HEADERS = ("idempotency-key", "x-idempotency-key")
# Statuses that mean the request was not applied, so any method may be sent again.
NOT_APPLIED_STATUSES = frozenset({408, 429})
# Statuses worth retrying for requests that are safe to repeat.
TRANSIENT_STATUSES = frozenset({409, 500, 502, 503, 504}) | frozenset(range(520, 530))
RATE_LIMIT_RESET_HEADERS = ("x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset")
# Seconds in a header: ASCII digits only (str.isdigit() and float() also take '²', '٣',
# '1e9', 'nan' and '-5'); a fraction is tolerated, servers do send one.
_SECONDS = r"[0-9]+(?:\.[0-9]+)?"


def now() -> float:
    """The monotonic clock deadlines are measured on."""
    return time.monotonic()


@dataclass(frozen=True)
class Deadline:
    """When a call must be over, on the :func:`now` clock; ``at`` None: no overall limit."""

    at: Optional[float]
    seconds: float = 0.0

    @classmethod
    def start(cls, timeout: Union[float, httpx.Timeout, None]) -> Deadline:
        """The deadline a ``timeout`` sets from now: a number of seconds bounds the whole
        call; an ``httpx.Timeout`` (or None) keeps httpx's per-phase meaning and sets none."""
        if timeout is None or isinstance(timeout, httpx.Timeout):
            return cls(None)
        return cls(now() + float(timeout), float(timeout))

    def remaining(self) -> Optional[float]:
        """Seconds left (0 when passed); None without a deadline."""
        return None if self.at is None else max(0.0, self.at - now())

    def allows(self, wait: float) -> bool:
        """Whether waiting ``wait`` seconds still leaves time before the deadline."""
        return self.at is None or now() + wait < self.at

    def check(self, request: httpx.Request) -> None:
        """Raise httpx.ReadTimeout when the deadline has passed (while a body is read)."""
        if self.at is not None and now() >= self.at:
            raise httpx.ReadTimeout(f"the call's {self.seconds:g} s timeout passed while reading the response",
                                    request=request)


def should_retry(request: httpx.Request, response: Optional[httpx.Response], error: Optional[Exception]) -> bool:
    """Whether sending ``request`` again is safe and worthwhile.

    Requests that may not be repeated (POST, PATCH without an idempotency key) are
    only retried when they provably did not take effect: the connection was never made,
    or the server answered 408 or 429. A request httpx refused to send (a malformed
    header, say) would fail the same way again.
    """
    if response is not None and response.status_code < 400 and response.status_code not in NOT_APPLIED_STATUSES:
        return False  # an answer, not a failure: the common case, decided first
    repeatable = request.method in IDEMPOTENT_METHODS or any(name in request.headers for name in IDEMPOTENCY_HEADERS)
    if error is not None:
        if isinstance(error, httpx.LocalProtocolError):
            return False
        not_sent = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
        return not_sent or (repeatable and isinstance(error, httpx.TransportError))
    if response is None:
        return False
    if response.status_code in NOT_APPLIED_STATUSES:
        return True
    return repeatable and response.status_code in TRANSIENT_STATUSES


def parse_seconds(text: str) -> Optional[float]:
    """A non-negative number of seconds written in ASCII digits; None for anything else."""
    text = text.strip(" \t")
    return float(text) if re.fullmatch(_SECONDS, text) else None


def server_wait(response: Optional[httpx.Response]) -> Optional[float]:
    """Seconds the server asks to wait: Retry-After (seconds or HTTP date) or a rate-limit
    reset; None when it asks nothing, or only in malformed values (which are ignored)."""
    if response is None:
        return None
    retry_after = response.headers.get("retry-after")
    if retry_after:
        seconds = parse_seconds(retry_after)
        if seconds is None:
            seconds = _seconds_until(retry_after)
        if seconds is not None:
            return max(0.0, seconds)
    for name in RATE_LIMIT_RESET_HEADERS:
        reset = parse_seconds(response.headers.get(name, ""))
        if reset is not None:
            # Large values are epoch timestamps, small ones a number of seconds.
            return max(0.0, reset - time.time()) if reset > 1_000_000_000 else reset
    return None


def _seconds_until(http_date: str) -> Optional[float]:
    """Seconds from now until ``http_date``; None when it is not a date."""
    try:
        return email.utils.parsedate_to_datetime(http_date).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def retry_delay(attempt: int, response: Optional[httpx.Response]) -> Optional[float]:
    """Seconds to wait before retry number ``attempt`` (0-based); None: do not retry."""
    wait = server_wait(response)
    if wait is not None:
        return wait if wait <= MAX_SERVER_WAIT else None
    backoff: float = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0**attempt)
    return backoff * (0.5 + random.random() / 2)  # jitter spreads retries of many clients


def next_delay(attempt: int, retries: int, request: httpx.Request, response: Optional[httpx.Response],
               error: Optional[Exception], deadline: Deadline) -> Tuple[Optional[float], str]:
    """Seconds to wait before sending ``request`` again, or None and why the call gives up
    ("" when the outcome is not worth another attempt anyway)."""
    if not should_retry(request, response, error):
        return None, ""
    if attempt >= retries:
        return None, f"gave up after {attempt + 1} attempt(s): max_retries={retries} used up"
    delay = retry_delay(attempt, response)
    if delay is None:
        return None, f"gave up: the server asks to wait longer than {MAX_SERVER_WAIT:g} s"
    if not deadline.allows(delay):
        return None, (f"gave up after {attempt + 1} attempt(s): waiting {delay:.1f} s more would pass "
                      f"the call's {deadline.seconds:g} s timeout")
    return delay, ""
