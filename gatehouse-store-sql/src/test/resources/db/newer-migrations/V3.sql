-- a script of a newer Gatehouse
CREATE TABLE newer (id INTEGER);
