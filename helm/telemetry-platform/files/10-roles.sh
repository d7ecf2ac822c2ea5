#!/bin/sh
# PostgreSQL's first start (docker-entrypoint-initdb.d, as the superuser, on an empty data directory): the roles of
# infra/postgres/roles.sql from the environment, STORE_USER and STORE_PASSWORD (the anomaly store: owner of the
# database and its schema, no superuser), READER_USER and READER_PASSWORD (optional: the board's read-only role).
# Used by infra/docker-compose.yml, k8s/platform/postgres.yaml and the chart (a copy in its files/).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v db="$POSTGRES_DB" \
  -v store_user="$STORE_USER" -v store_password="$STORE_PASSWORD" \
  -v reader_user="${READER_USER:-}" -v reader_password="${READER_PASSWORD:-}" \
  -f /etc/telemetry/roles.sql
