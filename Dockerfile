# The service desk's one image: web (gunicorn), Celery worker and beat differ only in their
# command (see docker-compose.yml). Build: docker build -t servicedesk .
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# A system user without a login shell runs every process; the code stays read-only to it.
RUN groupadd --system desk \
    && useradd --system --gid desk --home-dir /app --no-create-home --shell /usr/sbin/nologin desk

# Dependencies first, so that a code change does not reinstall them (all wheels: no compiler).
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# The translations and the static files are built into the image; whitenoise serves the
# static files with hashed names. Production settings need a key even for these two commands:
# a random one that lives only in this RUN, so no key is written in the image or the repository.
RUN export DJANGO_DEBUG=false \
        DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    && python manage.py build_catalogue \
    && python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private \
    && chown desk:desk /app/media /app/private

# Production mode (also the settings' default); DJANGO_SECRET_KEY comes from the environment
# at run time (docker-compose.yml: .env), and the process refuses to start without one.
ENV DJANGO_DEBUG=false \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private \
    WEB_CONCURRENCY=3

USER desk
EXPOSE 8000

CMD ["gunicorn", "servicedesk.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
