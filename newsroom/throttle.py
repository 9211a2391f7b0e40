"""Login throttling: repeated failures lock an account name and an address for a while.

Counts live in the cache (Redis in production, shared by every app server). The lock is
enforced in the authentication backend, so it holds for every login path, and explained
in the admin's login form, so a locked-out editor is told why and for how long.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _


def client_address(request) -> str:
    # REMOTE_ADDR is what the proxy in front sets correctly; X-Forwarded-For can be forged.
    return (request.META.get("REMOTE_ADDR") or "unknown") if request is not None else "unknown"


def _key(kind: str, value: str) -> str:
    return f"login-failures:{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]}"


def _keys(request, username: str | None) -> list[tuple[str, int]]:
    keys = [(_key("addr", client_address(request)), settings.LOGIN_FAILURES_PER_ADDRESS)]
    if username:
        keys.append((_key("user", username), settings.LOGIN_FAILURES_PER_USERNAME))
    return keys


def is_locked(request, username: str | None) -> bool:
    counts = cache.get_many([key for key, _ in _keys(request, username)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(request, username))


def register_failure(request, username: str | None) -> None:
    for key, _limit in _keys(request, username):
        if cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear_failures(request, username: str | None) -> None:
    if username:
        cache.delete(_key("user", username))


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_locked(request, username):
            raise PermissionDenied  # stops every backend; counted as a failure by Django
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def _on_failure(sender, credentials, request=None, **kwargs):
    register_failure(request, credentials.get("username"))


@receiver(user_logged_in)
def _on_success(sender, request, user, **kwargs):
    clear_failures(request, user.get_username())


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        username = self.data.get("username")
        if is_locked(self.request, username):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise ValidationError(
                _("Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau %(minutes)d phút."),
                code="locked",
                params={"minutes": minutes},
            )
        return super().clean()
