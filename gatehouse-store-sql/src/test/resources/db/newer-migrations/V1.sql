-- first version
CREATE TABLE things (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO things (id, name) VALUES (1, 'one');
