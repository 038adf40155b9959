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
# static files with hashed names. The key below exists only for these two commands.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret \
        python manage.py build_catalogue \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private \
    && chown desk:desk /app/media /app/private

ENV DJANGO_DEBUG=false \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private \
    WEB_CONCURRENCY=3

USER desk
EXPOSE 8000

CMD ["gunicorn", "servicedesk.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
