# A small image that runs `actionbot run` as a non-root user; the database is migrated on start.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/actionbot.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY jobs ./jobs
RUN pip install '.[postgres]' \
    && useradd --create-home --uid 10001 actionbot \
    && mkdir /data && chown actionbot /data

USER actionbot
VOLUME ["/data"]
EXPOSE 3000
# Healthy while the database answers and its schema is current (HTTP mode also has /readyz).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["actionbot", "check"]
# `actionbot run` applies any pending migrations before it starts serving.
CMD ["actionbot", "run"]
