# Production image: gunicorn serves the app (static files through whitenoise); the same
# image runs the django-q2 cluster as the worker. See docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SHOUWEI_ENV=production \
    SHOUWEI_VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs settings that import, not real secrets.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --home /app shouwei && mkdir -p /app/var/media && chown -R shouwei /app/var
USER shouwei

EXPOSE 8000
# The deployment checks first: no start while a demo login keeps its published password.
CMD ["sh", "-c", "python manage.py check --deploy --fail-level ERROR && exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
