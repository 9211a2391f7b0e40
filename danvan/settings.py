"""Settings for Dân Vận CMS, driven by environment variables.

With nothing set the site runs embedded: SQLite under var/, a file cache under var/cache/
shared by every server process, media on local disk, DEBUG on. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
(PostgreSQL through psycopg 3) and REDIS_URL; it refuses to start without the first two.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY in the environment.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "tinymce",
    "csp",
    "danvan",
    "organizations",
    "articles",
    "importing",
    "newsroom",
    "search",
    "portal",
    "redirects",
    "desk",
    "editing",
    "operations",
    "api",
    "reports",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request cover everything below,
    # cached pages, redirects and errors included (operations/logs.py).
    "operations.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "danvan.db_router.PinPrimaryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: a cached API answer is rate-limited and made conditional too.
    "api.middleware.ApiMiddleware",
    # Before sessions, locale, CSRF and auth: a cached page is answered without them, and a
    # page is stored with every header they added (see danvan/pagecache.py).
    "danvan.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it looks only at requests no page answers, so found pages cost it nothing.
    "redirects.middleware.OldAddressMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"
ASGI_APPLICATION = "danvan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.context_processors.site",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")), conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # An unreachable server answers readers with the 503 page in seconds, not minutes.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "danvan.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while the importer writes; IMMEDIATE avoids
                # "database is locked" when two writers upgrade their locks at once.
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                # Several gunicorn workers share the file: a writer waits up to this many
                # seconds for another's lock instead of failing at Python's default 5 s.
                "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
            },
        }
    }
# Read replicas (PostgreSQL streaming replicas): reads go to them, writes to the primary.
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_n}"] = {
        **dj_database_url.parse(_url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")), conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["danvan.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set; otherwise files under var/cache/, which every server
# process on this machine shares (danvan/filecache.py), so an edit made through one worker,
# a shell or an import invalidates the pages of all of them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "danvan.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "danvan",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "danvan.filecache.SharedFileCache", "LOCATION": str(VAR_DIR / "cache")}}

# Anonymous pages are cached whole for this long (0 turns the page cache off); any change to
# what they show invalidates them at once. Browsers may keep a page PAGE_BROWSER_SECONDS, a
# caching proxy PAGE_PROXY_SECONDS, after which it revalidates (ETag, see docs/deploy.md).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_BROWSER_SECONDS = int(os.environ.get("PAGE_BROWSER_SECONDS", "60"))
PAGE_PROXY_SECONDS = int(os.environ.get("PAGE_PROXY_SECONDS", "1"))
# After an addition or an edit (never a withdrawal), one process renders a page anew while the
# others serve its previous copy, for at most PAGE_CACHE_STALE_SECONDS; lists beside a page's
# own content (related articles, a document's citing articles, search results) may lag up to
# PAGE_CACHE_LIST_LAG_SECONDS behind (danvan/pagecache.py).
# Each server process hands on the article views it counted in one batch this many seconds
# after the first: one pipeline into Redis's buffer, or without Redis one UPDATE (0: each
# view at once) (danvan/viewcounts.py).
VIEW_BATCH_SECONDS = float(os.environ.get("VIEW_BATCH_SECONDS", "1"))
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "5"))
# With PAGE_CACHE_RENDER_BEHIND=1 that render is done by each process's render thread, not in
# front of a reader (danvan/revalidate.py). Off by default: in a sync gunicorn worker the thread
# takes its turns from the readers' requests, and the flood measured worse with it (bench/RESULTS.md).
PAGE_CACHE_RENDER_BEHIND = os.environ.get("PAGE_CACHE_RENDER_BEHIND", "0") == "1"
# Each process keeps the pages it served last (their bodies up to this many bytes) and
# answers them without asking the shared cache while nothing they show changed
# (danvan/pagecache.py, "Copies kept in the process").
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024)))
PAGE_CACHE_LIST_LAG_SECONDS = int(os.environ.get("PAGE_CACHE_LIST_LAG_SECONDS", "60"))
# Pages whose lagging list is all that changed are rendered by at most this many requests at
# once across the site (0: no limit); a page that waited PAGE_CACHE_STALE_SECONDS for a turn
# renders anyway (danvan/pagecache.py, "Turns for lagging lists").
PAGE_CACHE_LAGGED_RENDERS = int(os.environ.get("PAGE_CACHE_LAGGED_RENDERS", "1"))
# A page with no copy to show while another process renders it: wait this long for that render.
PAGE_CACHE_WAIT_SECONDS = float(os.environ.get("PAGE_CACHE_WAIT_SECONDS", "1"))

AUTHENTICATION_BACKENDS = ["newsroom.throttle.ThrottledModelBackend"]
# Login throttling: this many failures within the window lock the account name (from any
# address) or the address (for any account name) until the window passes.
# The read-only API (api/): requests per minute from one client address.
API_REQUESTS_PER_MINUTE = int(os.environ.get("API_REQUESTS_PER_MINUTE", "120"))

LOGIN_FAILURES_PER_USERNAME = int(os.environ.get("LOGIN_FAILURES_PER_USERNAME", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
# Proxies whose X-Forwarded-For is believed for the client's address (addresses or CIDR
# blocks, comma-separated). Without them every client behind the proxy would share its
# address, and one guesser would lock the whole newsroom out; with an untrusted sender the
# header is ignored, since any client can write it.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or CIDR block.") from None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Vietnamese, Hanoi time, day-first dates.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Media on local disk is answered by the site (a photo only while its article is public:
# articles/media.py). Behind nginx, name its internal location for MEDIA_ROOT here
# ("/_media/") and the site answers with X-Accel-Redirect instead of sending the file.
MEDIA_X_ACCEL_REDIRECT = os.environ.get("MEDIA_X_ACCEL_REDIRECT", "").strip()
if MEDIA_X_ACCEL_REDIRECT and not MEDIA_X_ACCEL_REDIRECT.endswith("/"):
    MEDIA_X_ACCEL_REDIRECT += "/"
# Media on S3-compatible object storage when a bucket is named (AWS, MinIO, Viettel, …).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }
    if AWS_STORAGE_BUCKET_NAME
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": ("django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "danvan.staticfiles.ManifestOrPlainStorage")
    },
}
# Until collectstatic has written its manifest, production serves the files from where the
# apps keep them (plain names, a warning in the log) rather than answering every page 500.
if not DEBUG and not (STATIC_ROOT / "staticfiles.json").exists():
    WHITENOISE_USE_FINDERS = True

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "newsroom.tags.tags_from_string"  # typed tag names normalised like any typed line

# Logs: one line per request and per admin action, each with the request id (operations/logs.py);
# LOG_FORMAT=json writes one JSON object per line, for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "operations.logs.JsonFormatter"}, "plain": {"()": "operations.logs.PlainFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json" if LOG_FORMAT == "json" else "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Production hardening (DEBUG off). Proxies terminate TLS in front of gunicorn.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may come over plain HTTP
    # Off only for a local run over plain HTTP (`make run`, danvan/localrun.py): a Secure
    # cookie never comes back over HTTP, and the login would fail its CSRF check.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the admin's JavaScript reads it for its own requests

# Content-Security-Policy: scripts only from this site (no inline script anywhere, the
# admin and the TinyMCE editor included); inline styles are allowed because TinyMCE and
# the admin's widgets set them; video frames from the players the sanitiser keeps
# (danvan/embeds.py, one list for both).
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

from danvan.embeds import frame_sources  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *frame_sources()],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The rich-text editor, served from this project's static files, in Vietnamese.
TINYMCE_DEFAULT_CONFIG = {
    "language": "vi",
    "height": 520,
    "menubar": False,
    # Every button in sight: the form's column at 1366 px would hide link, image and video
    # behind a "more" button.
    "toolbar_mode": "wrap",
    "promotion": False,
    "branding": False,
    "license_key": "gpl",
    "plugins": "lists link image media table autoresize wordcount code",
    "toolbar": (
        "undo redo | blocks | bold italic underline strikethrough | bullist numlist | blockquote | "
        "link image media table | alignleft aligncenter alignright | removeformat code"
    ),
    "block_formats": "Đoạn văn=p; Tiêu đề 2=h2; Tiêu đề 3=h3; Tiêu đề 4=h4",
    "relative_urls": False,
    "convert_urls": False,
    "entity_encoding": "raw",
    "image_caption": True,
    "image_dimensions": True,
    "table_default_styles": {},
    "table_use_colgroups": False,
    "invalid_elements": "script,style,object,embed,form,input",
    # Video: a YouTube, Vimeo or Facebook address pasted into "Chèn video" becomes its player;
    # the sanitiser keeps only those players' frames (danvan/embeds.py), and so does the CSP.
    "media_alt_source": False,
    "media_poster": False,
    "media_url_resolver": "danvanMediaUrlResolver",
    # A link may open in a new tab; TinyMCE adds rel="noopener", the sanitiser "noreferrer".
    "link_target_list": [{"title": "Cùng cửa sổ", "value": ""}, {"title": "Mở trong thẻ mới", "value": "_blank"}],
    "link_default_protocol": "https",
    # Bulleted and numbered lists pasted from Word become real lists (static/js/editor_paste.js).
    "paste_preprocess": "danvanPastePreprocess",
    # Images pasted, dropped or uploaded go into the media library through its checks;
    # "browse" lists the library (static/js/media_upload.js; the CSP allows no inline script).
    "images_upload_url": "/" + os.environ.get("ADMIN_URL", "admin/").strip("/") + "/articles/mediaimage/upload/",
    "images_upload_handler": "danvanImagesUpload",
    "file_picker_callback": "danvanFilePicker",
    "file_picker_types": "image",
    "images_file_types": "jpeg,jpg,png,webp",
    "automatic_uploads": True,
}
TINYMCE_EXTRA_MEDIA = {"js": ["js/media_upload.js", "js/editor_paste.js"], "css": {"all": ["admin-extra/media_library.css"]}}

# Where the admin lives; change it to keep bots off /admin/.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Public site identity, used in titles, feeds and OpenGraph.
SITE_NAME = os.environ.get("SITE_NAME", "Ban Dân vận")
# Empty: links are made with the host the reader used (danvan/siteurl.py).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# E-mail: the desk's notifications (desk/notify.py) also go by e-mail once a mail server is
# named; DESK_EMAIL=0 keeps them in the admin only, DESK_EMAIL=1 sends through the backend
# as configured (the console backend in development).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
DESK_EMAIL = env_bool("DESK_EMAIL", bool(EMAIL_HOST))

# Import limits: the largest file, and the seconds reading, parsing and extracting one file
# may take before it is stopped and reported (0: no limit; import_articles --time-budget).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
IMPORT_FILE_SECONDS = float(os.environ.get("IMPORT_FILE_SECONDS", "30"))

# Backups (operations/): where `manage.py backup` writes, and the PostgreSQL tools it runs
# (empty: pg_dump / pg_restore found on PATH; name them when the server's version is elsewhere,
# e.g. /usr/lib/postgresql/16/bin/pg_dump). BACKUP_MAX_AGE_HOURS: check_deploy warns past it.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or VAR_DIR / "backups")
PG_DUMP = os.environ.get("PG_DUMP", "")
PG_RESTORE = os.environ.get("PG_RESTORE", "")
BACKUP_MAX_AGE_HOURS = int(os.environ.get("BACKUP_MAX_AGE_HOURS", "26"))
# The gunicorn master's pid file (`gunicorn --pid`), which `manage.py upgrade` signals to reload.
GUNICORN_PID_FILE = Path(os.environ.get("GUNICORN_PID_FILE") or VAR_DIR / "gunicorn.pid")

# Old addresses readers asked for that lead nowhere: at most this many are kept for the
# report (the most asked-for; redirects/README.md).
OLD_ADDRESS_MISSES_KEPT = int(os.environ.get("OLD_ADDRESS_MISSES_KEPT", "1000"))
