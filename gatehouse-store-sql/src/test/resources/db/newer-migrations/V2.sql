ALTER TABLE things ADD COLUMN colour TEXT;
UPDATE things SET colour = 'red';
