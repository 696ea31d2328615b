-- The details of a row error that its code alone does not carry (the expected amount, the
-- other row of a duplicate), so that the web can say them in the reader's language.
alter table import_batch_errors add column params jsonb;
