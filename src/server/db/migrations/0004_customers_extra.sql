-- Customers module additions: addresses are edited at a version and archived, never
-- deleted; contacts are searched by name; customers are listed by owner and update time.
alter table customer_addresses add column is_archived boolean not null default false;
alter table customer_addresses add column version integer not null default 1;
alter table customer_addresses add column updated_at timestamptz not null default now();

create index contacts_name_trgm on contacts using gin (name gin_trgm_ops);
create index customers_updated_idx on customers (updated_at desc, id desc) where merged_into_id is null;
create index customers_licence_expiry_idx on customers (licence_expires_on) where licence_expires_on is not null and merged_into_id is null and not is_archived;
