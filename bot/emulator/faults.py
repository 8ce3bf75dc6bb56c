"""Failures a test asks for: the next N matching requests fail, or a global rate limit."""

from __future__ import annotations

import logging
import math
import re
import time
from collections import deque
from dataclasses import dataclass

from aiohttp import web

from bot.emulator.responses import json_response

log = logging.getLogger(__name__)

REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


@dataclass
class FailureRule:
    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method in ("*", method.upper())
        return self.remaining > 0 and method_ok and self.pattern.search(path) is not None


class FaultInjector:
    """Decides, before a route runs, whether this request fails instead."""

    def __init__(self) -> None:
        self.rules: list[FailureRule] = []
        self.per_second: float | None = None
        self._recent: deque[float] = deque()

    def fail_next(self, method: str, path_regex: str, status: int, count: int, retry_after: float):
        rule = FailureRule(method.upper(), re.compile(path_regex), status, count, retry_after)
        self.rules.append(rule)

    def rate_limit(self, per_second: float | None) -> None:
        self.per_second = per_second
        self._recent.clear()

    def check(self, method: str, path: str, *, global_scope: bool) -> web.Response | None:
        for rule in self.rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                log.info("injected %s for %s %s", rule.status, method, path)
                return failure(rule.status, rule.retry_after, is_global=False)
        if global_scope:
            return self._global_limit()
        return None

    def _global_limit(self) -> web.Response | None:
        if not self.per_second:
            return None
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.per_second:
            retry_after = max(0.01, 1.0 - (now - self._recent[0]))
            return failure(429, retry_after, is_global=True)
        self._recent.append(now)
        return None


def failure(status: int, retry_after: float, *, is_global: bool) -> web.Response:
    if status == 429:
        return too_many_requests(retry_after, is_global=is_global)
    reason = REASONS.get(status, "Error")
    return json_response({"message": f"{status}: {reason}", "code": 0}, status=status)


def too_many_requests(retry_after: float, *, is_global: bool) -> web.Response:
    """A 429 as Discord sends it; discord.py treats a 429 without ``Via`` as a Cloudflare ban."""
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        "X-RateLimit-Scope": "global" if is_global else "user",
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update(
            {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            }
        )
    return json_response(body, status=429, headers=headers)
