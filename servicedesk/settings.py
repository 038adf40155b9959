"""Settings for the service desk: one module, every deployment difference an environment variable.

Fail closed: without ``DJANGO_DEBUG=true`` the desk runs in production mode and refuses to
start without its own ``DJANGO_SECRET_KEY`` (50+ random characters, never a published one).
Development (``DJANGO_DEBUG=true``, which ``make run``, ``make test`` and pytest set): SQLite,
Celery tasks run eagerly after commit, e-mail to the console (and the in-app inbox), a fixed
development key. Services mode: ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``EMAIL_URL``
point at PostgreSQL, Redis and SMTP.
"""

import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env (never in the image: .dockerignore). The settings tests switch it off so
# that they see only the variables they set.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Fail closed: a deployment that forgets the variable gets production settings, never debug
# pages and the published development key. `make run`, `make test` and pytest (pyproject's
# `env`) say DJANGO_DEBUG=true.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

#: For development only: it is in the repository, so production refuses it.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789"
#: Keys that are public (this repository and its history) and so secret to nobody.
PUBLISHED_SECRET_KEYS = frozenset(
    {DEVELOPMENT_SECRET_KEY, "build-only-not-a-secret-build-only-not-a-secret"}
)
SECRET_KEY_MIN_LENGTH = 50
_NEW_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def _production_secret_key() -> str:
    """The key from the environment, or a refusal to start that says what to do."""
    key = env.str("DJANGO_SECRET_KEY", default="")
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set: the desk runs in production mode unless "
            "DJANGO_DEBUG=true. In production put 50+ random characters in DJANGO_SECRET_KEY "
            f"({_NEW_KEY}); on a developer's machine use `make run` or set DJANGO_DEBUG=true."
        )
    if key in PUBLISHED_SECRET_KEYS or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is a published key (the development key or another one written "
            f"in the repository); production needs its own: {_NEW_KEY}"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too short or too simple ({len(key)} characters): production "
            f"needs at least {SECRET_KEY_MIN_LENGTH} random characters: {_NEW_KEY}"
        )
    return key


if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
else:
    SECRET_KEY = _production_secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxies whose X-Forwarded-For is believed: addresses or networks (CIDR),
# comma-separated; docker-compose.yml names its own network. Empty: the connection's address
# is the client's. servicedesk.http.client_address reads it for the audit trail, the public
# form's rate limit, the password reset throttle and the login lock-out.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
try:
    for _proxy in TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {exc}") from exc
if env.bool("DJANGO_TRUST_X_FORWARDED_FOR", default=False):
    # The old switch believed any sender's header; saying so silently would hide that the
    # rate limit and the lock-out now count the proxy as one client.
    raise ImproperlyConfigured(
        "DJANGO_TRUST_X_FORWARDED_FOR is gone: list the proxies' addresses or networks in "
        "DJANGO_TRUSTED_PROXIES (e.g. 172.28.0.0/16) instead."
    )
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "servicedesk",
    "cases",
    "complaints",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "axes",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "servicedesk.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "servicedesk.urls"
WSGI_APPLICATION = "servicedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "servicedesk.context_processors.desk",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if USING_POSTGRES and env.str("DB_OPTIONS", default="-c jit=off"):
    # No JIT compilation: the desk's queries are short, and a plan whose estimate crosses
    # jit_above_cost (the gate over a large register can) spent seconds compiling a query
    # that runs in milliseconds (docs/deploy.md). DB_OPTIONS replaces it; empty sends none.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", env.str("DB_OPTIONS", default="-c jit=off")
    )

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind the proxy every connection comes from the proxy: the address that counts is the one
# the trusted proxies forwarded (TRUSTED_PROXIES), the same one the audit trail records.
AXES_CLIENT_IP_CALLABLE = "servicedesk.http.client_address"

# Password reset requests: a few per hour per address and per e-mail typed, whether or not an
# account has it (the answer must not tell).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_WINDOW = env.int("PASSWORD_RESET_LIMIT_WINDOW", default=60 * 60)  # seconds

# Sessions live in PostgreSQL, never in the cache: a Redis outage logs nobody out, and any web
# process reads any session (docs/deploy.md). They end after an hour without activity.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Language and locale --------------------------------------------------------------------
LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", _("Latvian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["servicedesk.formats"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")  # never served
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}  # rate limits
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage must not take the pages down (servicedesk/cache.py); fail fast, not hang.
    CACHES["default"]["BACKEND"] = "servicedesk.cache.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp://user:password@mail.example.lv:587 or smtp+tls://…; unset: the console.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options: dict[str, object] = {}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email.get("EMAIL_HOST", "localhost"),
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER", ""),
        "password": _email.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": bool(_email.get("EMAIL_USE_TLS", False)),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL", False)),
        "timeout": env.int("EMAIL_TIMEOUT", default=20),
    }
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="AADSO klientu apkalpošana <klienti@aadso.lv>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mail in (docs/mail.md): the institution's mailboxes, read over IMAP every minute, e.g.
# imaps://user:password@mail.example.lv:993/INBOX (imap:// for plain), comma-separated.
INBOUND_MAIL_URLS = env.list("INBOUND_MAIL_URL", default=[])
# A message larger than this is kept as failed (its reason shown), not filed.
INBOUND_MAIL_MAX_BYTES = env.int("INBOUND_MAIL_MAX_BYTES", default=25 * 1024 * 1024)
# 4.6: the institution's document-management rules an e-mail in a foreign language is dealt
# with under, as the e-mail's page names them (e.g. "Dokumentu aprites noteikumi Nr. 5").
DOCUMENT_RULES_REFERENCE = env.str("DOCUMENT_RULES_REFERENCE", default="")

# --- Celery and the notification outbox -----------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the tasks run eagerly in the web process, after the commit that queued them.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=120)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=90)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hold up the request that queued a task: the row waits in
# PostgreSQL and the sweeper picks it up.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "socket_keepalive": True,  # a half-open connection is noticed, not waited on for ever
    "health_check_interval": 10,  # an idle connection is PINGed before it is used again
}
# A Redis outage must not end the worker (docs/deploy.md, "When Redis is down"): retry the
# broker for as long as it is down, not a hundred times, and reconnect through the transport
# that survives a connection lost with tasks in flight (servicedesk/broker.py).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
if CELERY_BROKER_URL.startswith("redis://"):
    CELERY_BROKER_TRANSPORT = "servicedesk.broker:Transport"
# A delivery under way when the broker goes finishes (its row records it in PostgreSQL): to
# cancel it could send the e-mail twice. Its acknowledgement is lost with the connection.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "servicedesk.tasks.sweep_notifications",
        "schedule": env.float("NOTIFY_SWEEP_SECONDS", default=10.0),
        # A sweep not run by then is superseded by the next one (a worker that was down does
        # not run a backlog of them when it comes back).
        "options": {"expires": env.float("NOTIFY_SWEEP_SECONDS", default=10.0)},
    },
    # 4.11: warn the head and the administrators of the head's e-mails not delivered in time.
    "notifications-undelivered-warning": {
        "task": "servicedesk.tasks.warn_undelivered_notifications",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    "cases-reminders": {"task": "cases.tasks.send_reminders", "schedule": 300.0},
    # The dashboard's month tallies: fold the rows the triggers appended (docs/dashboard.md).
    "feedback-tallies-compact": {
        "task": "complaints.tasks.compact_feedback_tallies",
        "schedule": 600.0,
        "options": {"expires": 600.0},
    },
    "inbound-mail": {"task": "cases.tasks.fetch_mail", "schedule": 60.0},  # docs/mail.md
    "complaints-deadline-reminders": {
        "task": "complaints.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=30),
    },  # noqa: E501
    "rules-acknowledgement-reminder": {
        "task": "servicedesk.tasks.remind_rules_acknowledgement",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    "retention-nightly": {
        "task": "servicedesk.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },  # noqa: E501
    # 2.1.6.1: GDPR request due dates (daily) and the 72-hour breach clock (hourly).
    "data-request-reminders": {
        "task": "servicedesk.tasks.remind_data_requests",
        "schedule": crontab(hour=7, minute=45),
    },
    "data-breach-reminders": {
        "task": "servicedesk.tasks.remind_data_breaches",
        "schedule": crontab(minute=10),
    },
    # 2.1.4.2: knowledge-base articles past their review-by date, to their owners (daily).
    "article-review-reminders": {
        "task": "cases.tasks.remind_article_reviews",
        "schedule": crontab(hour=7, minute=50),
    },
}

# Temporary failures are retried 5 s, 10 s, 20 s, 40 s, then every minute: about an hour in
# all; a permanent refusal (5xx) fails at once (docs/notifications.md, "Retries").
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=60)
NOTIFY_BACKOFF_SECONDS = env.int("NOTIFY_BACKOFF_SECONDS", default=5)
NOTIFY_BACKOFF_MAX_SECONDS = env.int("NOTIFY_BACKOFF_MAX_SECONDS", default=60)
# The lease of a row in "sending": a worker killed mid-delivery leaves it, and the sweeper
# gives it to another worker after this (the fixed Message-ID makes a resend recognisable).
NOTIFY_STUCK_SECONDS = env.int("NOTIFY_STUCK_SECONDS", default=15)

# --- Security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Law on Submissions (Iesniegumu likums, since 2026-03-01): kept as settings -------------
SUBMISSION_REPLY_WORKING_DAYS = env.int("SUBMISSION_REPLY_WORKING_DAYS", default=10)
SUBMISSION_EXTENDED_MONTHS = env.int("SUBMISSION_EXTENDED_MONTHS", default=1)
SUBMISSION_FORWARD_WORKING_DAYS = env.int("SUBMISSION_FORWARD_WORKING_DAYS", default=5)

# 4.4 / 4.5: the languages a consultation by phone may be given in. 4.4 says the state language;
# another only where the institution has decided its staff may answer in it (docs/RULES.md,
# "Readings"). Language codes of cases.models.Language, e.g. "lv,ru"; Latvian is always allowed.
PHONE_CONSULTATION_LANGUAGES = env.list("PHONE_CONSULTATION_LANGUAGES", default=["lv"])

# Retention (2.1.6.1): years after closing before personal data is anonymised, per record kind.
RETENTION_YEARS = {
    kind: env.int(f"RETENTION_YEARS_{kind.upper()}", default=env.int("RETENTION_YEARS", default=5))
    for kind in ("contacts", "submissions", "feedback", "clients")
}

# GDPR data subject requests and breaches (2.1.6.1), kept as settings like the periods above.
# Art. 12(3): answer within one month of receipt, extendable by two further months.
DATA_REQUEST_MONTHS = env.int("DATA_REQUEST_MONTHS", default=1)
DATA_REQUEST_EXTENSION_MONTHS = env.int("DATA_REQUEST_EXTENSION_MONTHS", default=2)
# The data protection contacts are reminded this many days before a request's due date.
DATA_REQUEST_REMIND_DAYS = env.int("DATA_REQUEST_REMIND_DAYS", default=5)
# Art. 33(1): the Data State Inspectorate within 72 hours of becoming aware of a breach;
# a reminder when this many hours are left.
DATA_BREACH_NOTIFY_HOURS = env.int("DATA_BREACH_NOTIFY_HOURS", default=72)
DATA_BREACH_REMIND_HOURS = env.int("DATA_BREACH_REMIND_HOURS", default=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
