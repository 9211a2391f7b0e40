"""Login throttling: repeated failures lock an account name and an address for a while.

Counts live in the cache (Redis in production, shared by every app server). The lock is
enforced in the authentication backend, so it holds for every login path, and explained
in the admin's login form, so a locked-out editor is told why and for how long.

The address is the client's, not the proxy's: behind a proxy listed in TRUSTED_PROXIES it
is read from X-Forwarded-For (the rightmost hop no trusted proxy wrote), otherwise it is
REMOTE_ADDR and the header is ignored, since any client can write it.

The per-address lock never stops an account's right password from an address that account
has logged in from before (``KnownLoginAddress``): one guesser on an office's shared address
must not lock the office out. Wrong passwords from there still count, per account name too.
A record of addresses was chosen over a "known device" cookie because it also covers the
editor's second browser or a cleared cookie jar, and needs nothing on the response.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import KnownLoginAddress

UNKNOWN = "unknown"
KNOWN_ADDRESSES_PER_ACCOUNT = 10


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    address = address.strip()
    # Some proxies write the client's port too: "203.0.113.7:51234", "[2001:db8::5]:443".
    if address.startswith("["):
        address = address[1:].partition("]")[0]
    elif address.count(":") == 1:
        address = address.partition(":")[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    return ip.ipv4_mapped or ip if ip.version == 6 else ip


def _is_trusted(ip) -> bool:
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str:
    if request is None:
        return UNKNOWN
    remote = request.META.get("REMOTE_ADDR") or UNKNOWN
    ip = _parse(remote)
    if ip is None:
        return remote
    # Walk the hops right to left, as each trusted proxy appended the address it saw; the
    # first one no trusted proxy could have written is the client. Anything left of it, or a
    # hop that is not an address, was written by the client and is not believed.
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while _is_trusted(ip) and hops:
        hop = _parse(hops.pop())
        if hop is None:
            break
        ip = hop
    return str(ip)


def _key(kind: str, value: str) -> str:
    return f"login-failures:{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]}"


def _over(key: str, limit: int) -> bool:
    return cache.get(key, 0) >= limit


def username_locked(username: str | None) -> bool:
    return bool(username) and _over(_key("user", username), settings.LOGIN_FAILURES_PER_USERNAME)


def address_locked(request) -> bool:
    return _over(_key("addr", client_address(request)), settings.LOGIN_FAILURES_PER_ADDRESS)


def register_failure(request, username: str | None) -> None:
    keys = [_key("addr", client_address(request))] + ([_key("user", username)] if username else [])
    for key in keys:
        if cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear_failures(request, username: str | None) -> None:
    if username:
        cache.delete(_key("user", username))


def _address_hash(address: str) -> str:
    # Keyed by SECRET_KEY: rotating it forgets every known address, which only means the
    # ordinary throttle applies until each editor logs in again.
    return salted_hmac("newsroom.known-login-address", address).hexdigest()


def is_known_address(request, user) -> bool:
    address = client_address(request)
    return address != UNKNOWN and KnownLoginAddress.objects.filter(user=user, address_hash=_address_hash(address)).exists()


def remember_address(request, user) -> None:
    address = client_address(request)
    if address == UNKNOWN:
        return
    KnownLoginAddress.objects.update_or_create(user=user, address_hash=_address_hash(address), defaults={"last_login_at": timezone.now()})
    newest_first = KnownLoginAddress.objects.filter(user=user).order_by("-last_login_at").values_list("pk", flat=True)
    stale = list(newest_first[KNOWN_ADDRESSES_PER_ACCOUNT:])
    KnownLoginAddress.objects.filter(pk__in=stale).delete()


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username_locked(username):
            raise PermissionDenied  # stops every backend; counted as a failure by Django
        user = super().authenticate(request, username=username, password=password, **kwargs)
        # Counted as a failure even with the right password: not counting it would tell a
        # guesser at a locked address which of their guesses was right.
        if user is not None and address_locked(request) and not is_known_address(request, user):
            raise PermissionDenied
        return user


@receiver(user_login_failed)
def _on_failure(sender, credentials, request=None, **kwargs):
    register_failure(request, credentials.get("username"))


@receiver(user_logged_in)
def _on_success(sender, request, user, **kwargs):
    clear_failures(request, user.get_username())
    remember_address(request, user)


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    def _locked(self) -> ValidationError:
        minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
        return ValidationError(
            _("Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau %(minutes)d phút."),
            code="locked",
            params={"minutes": minutes},
        )

    def clean(self):
        username = self.data.get("username")
        if username_locked(username):
            raise self._locked()
        try:
            return super().clean()
        except ValidationError:
            # A locked address is explained only once the password did not open it (a known
            # address with the right password passes); this attempt may have set the lock.
            if address_locked(self.request) or username_locked(username):
                raise self._locked() from None
            raise
