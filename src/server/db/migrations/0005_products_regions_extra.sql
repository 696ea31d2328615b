-- Product catalogue and territories: what 0003 left out.
-- Categories become editable records (version, archive); price lists can be archived;
-- lookups by product and by default list get indexes.

alter table product_categories add column is_archived boolean not null default false;
alter table product_categories add column version integer not null default 1;
alter table product_categories add column updated_at timestamptz not null default now();
create index product_categories_parent_idx on product_categories (parent_id);

alter table price_lists add column is_archived boolean not null default false;
alter table price_lists add column updated_at timestamptz not null default now();
create index price_lists_default_idx on price_lists (currency) where is_default and not is_archived;
create index price_list_items_product_idx on price_list_items (product_id, min_quantity);

create index products_code_trgm on products using gin (code gin_trgm_ops);
create index region_reps_user_idx on region_reps (user_id);
