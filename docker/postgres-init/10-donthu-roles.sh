#!/bin/sh
# Database roles of docker-compose.yml (README "Database roles"). PostgreSQL runs this once, as the superuser,
# when its volume is first initialised (/docker-entrypoint-initdb.d); it is idempotent, so an older install can
# run it too: docker compose exec -e POSTGRES_USER=<its superuser> postgres sh /docker-entrypoint-initdb.d/10-donthu-roles.sh
#   donthu_owner: owns the database and its schema; only the one-shot `migrate` service logs in with it
#                 (`donthu db upgrade`: migrations, then grants to donthu_app)
#   donthu_app:   the api, worker and inbox; may read and write rows, only add rows to the audit tables, and
#                 cannot TRUNCATE, ALTER, drop or disable triggers or replace functions
# Passwords come from the environment (.env: POSTGRES_OWNER_PASSWORD, POSTGRES_APP_PASSWORD), never from here.
set -eu
: "${POSTGRES_OWNER_PASSWORD:?set POSTGRES_OWNER_PASSWORD}"
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
     -v owner_password="$POSTGRES_OWNER_PASSWORD" -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE donthu_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'donthu_owner') \gexec
SELECT 'CREATE ROLE donthu_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'donthu_app') \gexec
ALTER ROLE donthu_owner PASSWORD :'owner_password';
ALTER ROLE donthu_app PASSWORD :'app_password';
SELECT 'CREATE DATABASE donthu OWNER donthu_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'donthu') \gexec
ALTER DATABASE donthu OWNER TO donthu_owner;
REVOKE CREATE, TEMPORARY ON DATABASE donthu FROM PUBLIC;
\connect donthu
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
