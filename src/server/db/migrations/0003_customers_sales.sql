-- Customers, products, territories and sales records (orders, returns, contracts,
-- negotiations), the customer timeline, and spreadsheet imports.
-- Money is bigint minor units with a currency; quantities and rates are numeric.

create table regions (
  id uuid primary key default gen_random_uuid(),
  code text,
  name text not null,
  parent_id uuid references regions(id) deferrable initially immediate,
  is_archived boolean not null default false,
  external_id text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index regions_code_key on regions (lower(code)) where code is not null;
create unique index regions_external_key on regions (external_id) where external_id is not null;
create index regions_parent_idx on regions (parent_id);

-- Reps assigned to territories (a rep may cover several; a territory may have several reps).
create table region_reps (
  region_id uuid not null references regions(id) deferrable initially immediate,
  user_id uuid not null references users(id) deferrable initially immediate,
  primary key (region_id, user_id)
);

create table import_batches (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  kind text not null check (kind in ('customers', 'contacts', 'products', 'orders')),
  file_name text not null,
  file_id uuid references files(id) deferrable initially immediate,
  status text not null check (status in ('uploaded', 'validated', 'importing', 'imported', 'failed', 'undone')),
  mapping jsonb,
  options jsonb not null default '{}',
  total_rows integer not null default 0,
  valid_rows integer not null default 0,
  error_rows integer not null default 0,
  progress integer not null default 0,
  created_counts jsonb not null default '{}',
  message text,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  undone_at timestamptz,
  undone_by uuid references users(id) deferrable initially immediate
);
create index import_batches_created_idx on import_batches (created_at desc);

create table import_batch_errors (
  batch_id uuid not null references import_batches(id) deferrable initially immediate,
  row_no integer not null,
  field text,
  code text not null,
  message text not null,
  value text
);
create index import_batch_errors_batch_idx on import_batch_errors (batch_id, row_no);

create table import_templates (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  name text not null,
  mapping jsonb not null,
  options jsonb not null default '{}',
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  unique (kind, name)
);

create table customers (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  short_name text,
  -- The name folded for duplicate checks: no company suffixes, half-width, no spaces, lower case.
  name_key text not null,
  credit_code text,
  credit_code_valid boolean,
  licence_reg_no text,
  licence_issued_on date,
  legal_representative text,
  registered_capital bigint check (registered_capital is null or registered_capital >= 0),
  registered_capital_currency text,
  licence_address text,
  business_scope text,
  licence_expires_on date,
  licence_file_id uuid references files(id) deferrable initially immediate,
  invoice_title text,
  taxpayer_id text,
  billing_address text,
  billing_phone text,
  bank_name text,
  bank_account text,
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  region_id uuid references regions(id) deferrable initially immediate,
  industry text,
  source text,
  level text check (level is null or level in ('A', 'B', 'C', 'D')),
  status text not null default 'prospect' check (status in ('prospect', 'active', 'dormant', 'lost')),
  is_key boolean not null default false,
  tags text[] not null default '{}',
  notes text not null default '',
  website text,
  phone text,
  external_id text,
  import_batch_id uuid references import_batches(id) deferrable initially immediate,
  merged_into_id uuid references customers(id) deferrable initially immediate,
  is_archived boolean not null default false,
  version integer not null default 1,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index customers_external_key on customers (external_id) where external_id is not null;
create index customers_owner_idx on customers (owner_id) where merged_into_id is null;
create index customers_department_idx on customers (department_id);
create index customers_region_idx on customers (region_id);
create index customers_credit_code_idx on customers (credit_code) where credit_code is not null;
create index customers_taxpayer_idx on customers (taxpayer_id) where taxpayer_id is not null;
create index customers_name_key_trgm on customers using gin (name_key gin_trgm_ops);
create index customers_name_trgm on customers using gin (name gin_trgm_ops);

create table customer_addresses (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers(id) deferrable initially immediate,
  kind text not null default 'office' check (kind in ('office', 'shipping', 'billing', 'other')),
  address text not null,
  city text,
  province text,
  postal_code text,
  is_default boolean not null default false,
  created_at timestamptz not null default now()
);
create index customer_addresses_customer_idx on customer_addresses (customer_id);

create table contacts (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers(id) deferrable initially immediate,
  name text not null,
  title text,
  mobile text,
  phone text,
  email text,
  wechat text,
  qq text,
  birthday date,
  is_primary boolean not null default false,
  notes text not null default '',
  external_id text,
  import_batch_id uuid references import_batches(id) deferrable initially immediate,
  is_archived boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index contacts_customer_idx on contacts (customer_id);
create unique index contacts_external_key on contacts (external_id) where external_id is not null;

create table product_categories (
  id uuid primary key default gen_random_uuid(),
  code text,
  name text not null,
  parent_id uuid references product_categories(id) deferrable initially immediate,
  external_id text,
  created_at timestamptz not null default now()
);
create unique index product_categories_code_key on product_categories (lower(code)) where code is not null;
create unique index product_categories_external_key on product_categories (external_id) where external_id is not null;

create table products (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  category_id uuid references product_categories(id) deferrable initially immediate,
  unit text not null default 'pcs',
  list_price bigint not null default 0 check (list_price >= 0),
  cost bigint check (cost is null or cost >= 0),
  currency text not null,
  status text not null default 'active' check (status in ('active', 'discontinued')),
  description text not null default '',
  external_id text,
  import_batch_id uuid references import_batches(id) deferrable initially immediate,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index products_code_key on products (lower(code));
create unique index products_external_key on products (external_id) where external_id is not null;
create index products_category_idx on products (category_id);
create index products_name_trgm on products using gin (name gin_trgm_ops);

create table price_lists (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  currency text not null,
  valid_from date,
  valid_to date,
  is_default boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_from is null or valid_to >= valid_from)
);

create table price_list_items (
  price_list_id uuid not null references price_lists(id) deferrable initially immediate,
  product_id uuid not null references products(id) deferrable initially immediate,
  min_quantity numeric(18, 4) not null default 1,
  price bigint not null check (price >= 0),
  primary key (price_list_id, product_id, min_quantity)
);

create table negotiations (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  customer_id uuid not null references customers(id) deferrable initially immediate,
  subject text not null,
  expected_value bigint check (expected_value is null or expected_value >= 0),
  currency text not null,
  stage text not null default 'qualifying' check (stage in ('qualifying', 'proposal', 'negotiating', 'closing')),
  outcome text not null default 'open' check (outcome in ('open', 'won', 'lost')),
  next_step text,
  next_step_on date,
  lost_reason text,
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create index negotiations_customer_idx on negotiations (customer_id);

create table negotiation_participants (
  negotiation_id uuid not null references negotiations(id) deferrable initially immediate,
  user_id uuid references users(id) deferrable initially immediate,
  contact_id uuid references contacts(id) deferrable initially immediate,
  check ((user_id is null) <> (contact_id is null))
);
create unique index negotiation_participants_key on negotiation_participants (negotiation_id, coalesce(user_id, contact_id));

create table negotiation_meetings (
  id uuid primary key default gen_random_uuid(),
  negotiation_id uuid not null references negotiations(id) deferrable initially immediate,
  held_on date not null,
  notes text not null,
  author_id uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now()
);
create index negotiation_meetings_idx on negotiation_meetings (negotiation_id, held_on);

create table contracts (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  customer_id uuid not null references customers(id) deferrable initially immediate,
  title text not null,
  value bigint not null check (value >= 0),
  currency text not null,
  signed_on date,
  starts_on date,
  ends_on date,
  status text not null default 'draft' check (status in ('draft', 'active', 'expired', 'terminated')),
  signed_by uuid references users(id) deferrable initially immediate,
  customer_signatory text,
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  negotiation_id uuid references negotiations(id) deferrable initially immediate,
  notes text not null default '',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
create index contracts_customer_idx on contracts (customer_id);
create index contracts_ends_idx on contracts (ends_on) where status = 'active';

create table sales_orders (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  customer_id uuid not null references customers(id) deferrable initially immediate,
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  region_id uuid references regions(id) deferrable initially immediate,
  contract_id uuid references contracts(id) deferrable initially immediate,
  order_date date not null,
  currency text not null,
  status text not null default 'draft' check (status in ('draft', 'confirmed', 'delivered', 'closed', 'cancelled')),
  net_total bigint not null default 0,
  tax_total bigint not null default 0,
  gross_total bigint not null default 0,
  notes text not null default '',
  external_id text,
  import_batch_id uuid references import_batches(id) deferrable initially immediate,
  version integer not null default 1,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  confirmed_at timestamptz,
  check (gross_total = net_total + tax_total)
);
create unique index sales_orders_external_key on sales_orders (external_id) where external_id is not null;
create index sales_orders_customer_idx on sales_orders (customer_id, order_date);
create index sales_orders_owner_idx on sales_orders (owner_id, order_date);
create index sales_orders_date_idx on sales_orders (order_date);
create index sales_orders_batch_idx on sales_orders (import_batch_id) where import_batch_id is not null;

-- Lines carry the header's date, customer, owner, region and department, so that
-- reports and drill-downs over millions of lines need no join.
create table sales_order_lines (
  id bigint generated always as identity primary key,
  order_id uuid not null references sales_orders(id) deferrable initially immediate,
  line_no integer not null,
  product_id uuid not null references products(id) deferrable initially immediate,
  quantity numeric(18, 4) not null check (quantity > 0),
  unit_price bigint not null check (unit_price >= 0),
  discount_rate numeric(7, 6) not null default 0 check (discount_rate >= 0 and discount_rate < 1),
  tax_rate numeric(7, 6) not null default 0 check (tax_rate >= 0 and tax_rate < 1),
  net_amount bigint not null,
  tax_amount bigint not null,
  gross_amount bigint not null,
  cost_amount bigint,
  order_date date not null,
  customer_id uuid not null,
  owner_id uuid,
  region_id uuid,
  department_id uuid,
  external_line_id text,
  unique (order_id, line_no),
  check (gross_amount = net_amount + tax_amount)
);
create unique index sales_order_lines_external_key on sales_order_lines (external_line_id) where external_line_id is not null;
create index sales_order_lines_product_idx on sales_order_lines (product_id, order_date);
create index sales_order_lines_date_idx on sales_order_lines (order_date);

create table sales_returns (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  order_id uuid not null references sales_orders(id) deferrable initially immediate,
  customer_id uuid not null references customers(id) deferrable initially immediate,
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  region_id uuid references regions(id) deferrable initially immediate,
  return_date date not null,
  reason text not null,
  status text not null default 'draft' check (status in ('draft', 'confirmed', 'cancelled')),
  net_total bigint not null default 0,
  tax_total bigint not null default 0,
  gross_total bigint not null default 0,
  currency text not null,
  version integer not null default 1,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (gross_total = net_total + tax_total)
);
create index sales_returns_order_idx on sales_returns (order_id);
create index sales_returns_date_idx on sales_returns (return_date);

create table sales_return_lines (
  id bigint generated always as identity primary key,
  return_id uuid not null references sales_returns(id) deferrable initially immediate,
  order_line_id bigint not null references sales_order_lines(id) deferrable initially immediate,
  quantity numeric(18, 4) not null check (quantity > 0),
  net_amount bigint not null,
  tax_amount bigint not null,
  gross_amount bigint not null,
  check (gross_amount = net_amount + tax_amount)
);
create index sales_return_lines_return_idx on sales_return_lines (return_id);
create index sales_return_lines_order_line_idx on sales_return_lines (order_line_id);

-- The customer 360 timeline: every module adds its events through one function.
create table customer_events (
  id bigint generated always as identity primary key,
  customer_id uuid not null references customers(id) deferrable initially immediate,
  at timestamptz not null default now(),
  kind text not null,
  entity_type text,
  entity_id text,
  title text not null,
  actor_id uuid references users(id) deferrable initially immediate,
  data jsonb not null default '{}'
);
create index customer_events_customer_idx on customer_events (customer_id, at desc, id desc);
