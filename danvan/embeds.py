"""Which video players an article body may embed: one list for the sanitiser and the CSP.

The sanitiser (danvan/html.py) keeps an ``<iframe>`` only when its address is one of these
players; the Content-Security-Policy's ``frame-src`` (danvan/settings.py) is built from the
same list, so a frame the sanitiser keeps is never then blocked by the browser, and a frame
the browser would allow is never one the sanitiser should have dropped. No Django import:
settings read this module.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# host → the paths on it that are players (not the whole site: a YouTube channel page in a
# frame is not a video, and facebook.com is only its video plugin).
PLAYERS: dict[str, tuple[str, ...]] = {
    "www.youtube.com": ("/embed/",),
    "www.youtube-nocookie.com": ("/embed/",),
    "player.vimeo.com": ("/video/",),
    "www.facebook.com": ("/plugins/video.php",),
}


def frame_sources() -> list[str]:
    """The CSP ``frame-src`` origins of the players."""
    return [f"https://{host}" for host in PLAYERS]


def trusted_player(url: str) -> bool:
    """Whether ``url`` is an https address of a known video player."""
    parts = urlsplit(url.strip())
    prefixes = PLAYERS.get((parts.hostname or "").lower())
    if parts.scheme != "https" or not prefixes or parts.port not in (None, 443) or parts.username or parts.password:
        return False
    return parts.path.startswith(prefixes)
