"""One log line when a service this process depends on goes away, one when it is back.

An outage of Redis or the database is seen by every request that touches it; logging each
failure would bury the log in thousands of identical lines (one per view, per page read),
and logging once a minute still says nothing about when it ended. Each process says it
once per outage instead, with what it does meanwhile, and once when the service answers
again, with how long it was gone.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger("danvan.outage")


class Outage:
    def __init__(self, service: str) -> None:
        self.service = service
        self.down_since: float | None = None
        self.last_try = float("-inf")

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def failed(self, error: BaseException, meanwhile: str) -> None:
        self.last_try = time.monotonic()
        if self.down_since is None:
            self.down_since = self.last_try
            logger.warning("%s unavailable, %s: %s", self.service, meanwhile, error)

    def answered(self, note: str = "") -> None:
        if self.down_since is None:
            return  # the common case, on every cache read: nothing to do
        gone = time.monotonic() - self.down_since
        self.down_since = None
        logger.warning("%s available again after %.0f s%s", self.service, gone, f"; {note}" if note else "")

    def worth_trying(self, every: float) -> bool:
        """While it is down, try it again at most every ``every`` seconds, not per request."""
        return self.down_since is None or time.monotonic() - self.last_try >= every


redis = Outage("Redis")
database = Outage("Database")
