-- Spreadsheet imports (modules/imports): staging tables filled with COPY, and what undo needs.

-- Order lines parsed, validated and mapped in JS land here (COPY), then a few INSERT … SELECT
-- statements create customers, products, regions, orders and lines in one transaction.
-- Unlogged: the rows live only between the COPY and the apply, and are deleted after it.
create unlogged table import_order_lines_stage (
  batch_id uuid not null,
  order_ext text not null,
  line_no integer not null,
  line_ext text not null,
  product_key text not null,
  quantity numeric(18, 4) not null,
  unit_price bigint not null,
  discount_rate numeric(7, 6) not null,
  tax_rate numeric(7, 6) not null,
  net_amount bigint not null,
  tax_amount bigint not null
);
create index import_order_lines_stage_batch_idx on import_order_lines_stage (batch_id);

-- One row per order of the file (header fields and the sums of its lines, added up while parsing).
create unlogged table import_orders_stage (
  batch_id uuid not null,
  order_ext text not null,
  order_date date not null,
  currency text not null,
  cust_key text not null,
  region_key text,
  owner_id uuid,
  department_id uuid,
  net_total bigint not null,
  tax_total bigint not null
);
create index import_orders_stage_batch_idx on import_orders_stage (batch_id);

-- Customers, contacts and products: one validated record per row as jsonb.
create unlogged table import_rows_stage (
  batch_id uuid not null,
  row_no integer not null,
  data jsonb not null
);
create index import_rows_stage_batch_idx on import_rows_stage (batch_id);

-- Undo removes exactly what a batch created: regions and categories carry their batch too.
alter table regions add column import_batch_id uuid references import_batches(id) deferrable initially immediate;
alter table product_categories add column import_batch_id uuid references import_batches(id) deferrable initially immediate;
create index regions_batch_idx on regions (import_batch_id) where import_batch_id is not null;
create index product_categories_batch_idx on product_categories (import_batch_id) where import_batch_id is not null;
create index customers_batch_idx on customers (import_batch_id) where import_batch_id is not null;
create index contacts_batch_idx on contacts (import_batch_id) where import_batch_id is not null;
create index products_batch_idx on products (import_batch_id) where import_batch_id is not null;
create index import_templates_kind_idx on import_templates (kind, name);
-- Duplicate matching by folded name is an equality lookup (the trigram index serves similarity).
create index customers_name_key_idx on customers (name_key);
create index regions_name_idx on regions (lower(name));
