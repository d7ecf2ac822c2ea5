#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at ${PGHOST:-127.0.0.1}:${PGPORT:-5432}. When it does not and a local
# Debian cluster exists, starts it; otherwise says how to get one. Exit 0 when the server answers.
set -euo pipefail
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}
user=${PGUSER:-postgres}

answers() { pg_isready -q -h "$host" -p "$port" -U "$user" 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "pg_isready not found: install PostgreSQL (Debian/Ubuntu: apt-get install postgresql), or point PGHOST/PGPORT/PGUSER/PGPASSWORD at a server" >&2
  exit 1
fi
answers && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "PostgreSQL at $host:$port is down: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do answers && exit 0; sleep 1; done
fi
echo "no PostgreSQL answers at $host:$port (user $user). Start one, e.g.:" >&2
echo "  sudo apt-get install postgresql && sudo pg_ctlcluster \$(ls /etc/postgresql) main start" >&2
echo "  or: docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15" >&2
exit 1
