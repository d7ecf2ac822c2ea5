-- infra/postgres/10-roles.sh runs this once, as the superuser, when PostgreSQL starts on an empty data directory
-- (docker-entrypoint-initdb.d), with psql variables db, store_user, store_password, reader_user, reader_password
-- (empty reader_user: no reader). The store's role owns its database, hence (PostgreSQL 15 and later) its schema
-- public, where Flyway creates the tables; it is no superuser and cannot create roles or databases. The reader may
-- only connect and SELECT.
CREATE ROLE :"store_user" LOGIN PASSWORD :'store_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER DATABASE :"db" OWNER TO :"store_user";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"store_user";
\if :{?reader_user}
\else
\set reader_user ''
\endif
SELECT :'reader_user' <> '' AS has_reader \gset
\if :has_reader
CREATE ROLE :"reader_user" LOGIN PASSWORD :'reader_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
GRANT CONNECT ON DATABASE :"db" TO :"reader_user";
GRANT USAGE ON SCHEMA public TO :"reader_user";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"reader_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"store_user" IN SCHEMA public GRANT SELECT ON TABLES TO :"reader_user";
ALTER ROLE :"reader_user" SET default_transaction_read_only = on;
\endif
