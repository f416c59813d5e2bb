-- What a session's owner proved and when (Session.authentications): Authentications.encode(),
-- method code and epoch milliseconds pairs, e.g. "pwd:1764586800000,totp:1764586812000".
-- Null for sessions stored before methods were recorded: they read as proved by a password at
-- their start, which is what every earlier session was. The PostgreSQL twin of db/sqlite/V7.sql;
-- adding a nullable column without a default rewrites no rows.
-- Version 7; version 8 is the second factors' migration, made alongside.
ALTER TABLE sessions ADD COLUMN auth TEXT;
