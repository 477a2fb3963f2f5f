"""Settings for the Kulun Banner 2026 portal.

Everything that differs between a laptop and the county server comes from the environment,
read by the strict helpers in ``portal.env``. Every variable is listed in ``.env.example``.
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str, read_secret_file

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
# From the environment, or from a file only the service can read (`make run` writes a random one
# to .secret-key); a fixed development key only when debugging. Otherwise the portal refuses
# to start rather than run with a guessable key.
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / ".secret-key")))
SECRET_KEY = (
    env_str("SECRET_KEY", "")
    or read_secret_file(SECRET_KEY_FILE)
    or ("insecure-development-key-only" if DEBUG else "")
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        f"No secret key: SECRET_KEY is not set and {SECRET_KEY_FILE} is missing or empty. "
        "Set SECRET_KEY to a long random string, or write one to that file (its name is "
        "SECRET_KEY_FILE); `make run` creates it."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
ADMIN_PATH = env_str("ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "simple_history",
    "import_export",
    "csp",
    "portal.apps.LoginProtectionConfig",  # django-axes, under a Chinese name in the admin
    "projects",
    "ledger",
    "portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "portal.logs.RequestLogMiddleware",
    "portal.middleware.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cached pages also answer 304 to a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Strips the /care prefix of the elder-friendly mode before the language is read from the path.
    "portal.middleware.CareModeMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.nul_bytes.RejectNulMiddleware",
    "portal.admin_language.AdminLanguageMiddleware",
    "portal.failures.DatabaseUnavailableMiddleware",
    "portal.cache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.public",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# A locked or stuck database must not hang the site (portal/databases): a statement waits this
# many seconds for another connection's lock, then the visitor gets the 503 page...
DB_LOCK_TIMEOUT = env_int("DB_LOCK_TIMEOUT", 3)
# ...while a write transaction (admin save, import, command) waits longer for the writer ahead.
DB_WRITE_LOCK_TIMEOUT = env_int("DB_WRITE_LOCK_TIMEOUT", 20)
# PostgreSQL only: the longest one statement may run (0: no limit; below gunicorn's 30 s, so a
# stuck query ends as the 503 page), and the longest to wait for a new connection.
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 20)
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 2)
_engine = DATABASES["default"]["ENGINE"]
if _engine == "django.db.backends.sqlite3":
    # WAL lets pages read while a writer works; immediate transactions and a busy timeout keep
    # concurrent admin writes from failing with "database is locked" under gunicorn.
    DATABASES["default"]["ENGINE"] = "portal.databases.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": DB_LOCK_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
    }
elif _engine == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "portal.databases.postgresql"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    _options["options"] = " ".join(
        [
            _options.get("options", ""),
            f"-c lock_timeout={DB_LOCK_TIMEOUT}s",
            f"-c statement_timeout={DB_STATEMENT_TIMEOUT}s",
        ]
    ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Small files the running site writes for itself (the page cache's content version).
STATE_DIR = Path(env_str("STATE_DIR", str(BASE_DIR / "var")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Documents attached to disclosure items (MEDIA_ROOT/private, never served by the web server).
DISCLOSURE_DOCUMENT_MAX_MB = env_int("DISCLOSURE_DOCUMENT_MAX_MB", 10)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How many download files may be built at once: each holds a worker while it builds.
DOWNLOAD_BUILDS_AT_ONCE = env_int("DOWNLOAD_BUILDS_AT_ONCE", 1)

# --- Security -------------------------------------------------------------------------------
# Behind one reverse proxy that terminates HTTPS and sets X-Forwarded-Proto / X-Forwarded-For.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# On when the site is served over HTTPS (set in production): secure cookies, HSTS, redirect.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# /healthz answers plain HTTP so a local monitor can reach it without the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A year of HSTS, but not includeSubDomains/preload: .gov.cn parents are shared with other sites.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Left off on purpose (see above); the deploy check would otherwise warn about each.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair out for 15 minutes;
# keying on the pair means an attacker cannot lock every staff member out at once. Twenty
# across any accounts lock the address itself (password spraying; portal.login_limits).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "portal.login_limits.LoginLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"

# Imports are all-or-nothing and need the add permission, not merely view (PITFALLS.md).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
# Bulk import limits, and where an uploaded file waits between preview and confirm (shared by
# every worker; emptied on confirm, on cancel, and after IMPORT_PENDING_MAX_AGE seconds).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
IMPORT_PENDING_DIR = Path(env_str("IMPORT_PENDING_DIR", str(STATE_DIR / "import-pending")))
IMPORT_PENDING_MAX_AGE = env_int("IMPORT_PENDING_MAX_AGE", 3600)

# --- Reporting calendar and reminder e-mail --------------------------------------------------
# A project's monthly progress report for a month is due by this day of the next month
# (projects.services.calendar); 28 at most, so that every month has the day.
REPORT_DUE_DAY = env_int("REPORT_DUE_DAY", 5)
if not 1 <= REPORT_DUE_DAY <= 28:
    raise ImproperlyConfigured(
        f"REPORT_DUE_DAY must be a day of the month from 1 to 28, not {REPORT_DUE_DAY}."
    )
# Items due within this many days count as "due soon": on the admin home, in the unit table
# and in the reminder mails (send_reminders --days overrides it).
REPORT_REMIND_DAYS = env_int("REPORT_REMIND_DAYS", 7)
if not 0 <= REPORT_REMIND_DAYS <= 60:
    raise ImproperlyConfigured(
        f"REPORT_REMIND_DAYS must be a number of days from 0 to 60, not {REPORT_REMIND_DAYS}."
    )
# The site's address as staff reach it (https://kulun.example.gov.cn), for links in mails.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# The supervision and complaints telephone printed on each project's 公示 sheet; left out if unset.
SUPERVISION_PHONE = env_str("SUPERVISION_PHONE", "")

# The marks an official government site shows in its footer; each is left out while unset.
SITE_SPONSOR = env_str("SITE_SPONSOR", "")  # 主办单位
SITE_OPERATOR = env_str("SITE_OPERATOR", "")  # 承办单位
SITE_ADDRESS = env_str("SITE_ADDRESS", "")  # 联系地址
SITE_PHONE = env_str("SITE_PHONE", "")  # 联系电话
SITE_GOV_ID = env_str("SITE_GOV_ID", "")  # 网站标识码
SITE_ICP = env_str("SITE_ICP", "")  # ICP备案号, e.g. 蒙ICP备12345678号
SITE_PSB = env_str("SITE_PSB", "")  # 公安机关备案号, e.g. 蒙公网安备15052502000001号

# Mail goes to the console (the service log) unless an SMTP server is named.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: use TLS (STARTTLS, usually port "
        "587) or SSL (usually port 465)."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Errors are logged once, as JSON, by the root handler; not again by Django's own.
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
