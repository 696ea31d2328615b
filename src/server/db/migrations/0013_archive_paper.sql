-- Paper register of the document archive (issue 6, part 2): physical locations as a tree
-- (room → cabinet → shelf → box), paper originals with their place and status, lending,
-- every movement in a history, and stocktakes of a location's subtree.

create table archive_locations (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references archive_locations(id) deferrable initially immediate,
  -- A child ranks below its parent (room > cabinet > shelf > box); levels may be skipped.
  kind text not null check (kind in ('room', 'cabinet', 'shelf', 'box')),
  name text not null,
  code text not null,
  is_archived boolean not null default false,
  sort integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index archive_locations_code_uq on archive_locations (lower(code));
create index archive_locations_parent_idx on archive_locations (parent_id);

create table archive_paper_items (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  title text not null,
  type_code text not null references archive_document_types(code) deferrable initially immediate,
  -- The electronic copy; when set, its confidentiality and visibility decide who sees the paper too.
  document_id uuid references archive_documents(id) deferrable initially immediate,
  customer_id uuid references customers(id) deferrable initially immediate,
  contract_id uuid references contracts(id) deferrable initially immediate,
  -- The item's own level, used when no electronic copy is linked.
  confidentiality text not null default 'internal' check (confidentiality in ('internal', 'confidential', 'secret')),
  location_id uuid not null references archive_locations(id) deferrable initially immediate,
  status text not null default 'in_place' check (status in ('in_place', 'lent', 'missing')),
  borrower_id uuid references users(id) deferrable initially immediate,
  lent_at timestamptz,
  due_on date,
  notes text not null default '',
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'lent') = (borrower_id is not null and due_on is not null))
);
create index archive_paper_items_location_idx on archive_paper_items (location_id);
create index archive_paper_items_document_idx on archive_paper_items (document_id);
create index archive_paper_items_customer_idx on archive_paper_items (customer_id);
create index archive_paper_items_lent_idx on archive_paper_items (due_on) where status = 'lent';
create index archive_paper_items_title_trgm on archive_paper_items using gin (title gin_trgm_ops);

create table archive_stocktakes (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  location_id uuid not null references archive_locations(id) deferrable initially immediate,
  status text not null default 'open' check (status in ('open', 'finished')),
  note text not null default '',
  started_by uuid references users(id) deferrable initially immediate,
  finished_by uuid references users(id) deferrable initially immediate,
  finished_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now()
);

-- One line per item the location should hold (expected, snapshot at start) and per scanned
-- code; `result` is settled when the stocktake finishes.
create table archive_stocktake_lines (
  id uuid primary key default gen_random_uuid(),
  stocktake_id uuid not null references archive_stocktakes(id) deferrable initially immediate,
  item_id uuid references archive_paper_items(id) deferrable initially immediate,
  code text not null,
  is_expected boolean not null,
  -- The item's status when the stocktake started (expected lines).
  status_at_start text,
  found_at timestamptz,
  found_location_id uuid references archive_locations(id) deferrable initially immediate,
  result text check (result in ('found', 'missing', 'misplaced', 'unknown', 'lent')),
  created_at timestamptz not null default now()
);
create unique index archive_stocktake_lines_code_uq on archive_stocktake_lines (stocktake_id, code);
create index archive_stocktake_lines_item_idx on archive_stocktake_lines (item_id);

create table archive_paper_movements (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references archive_paper_items(id) deferrable initially immediate,
  kind text not null check (kind in ('register', 'checkout', 'checkin', 'move', 'missing', 'found')),
  from_location_id uuid references archive_locations(id) deferrable initially immediate,
  to_location_id uuid references archive_locations(id) deferrable initially immediate,
  borrower_id uuid references users(id) deferrable initially immediate,
  due_on date,
  stocktake_id uuid references archive_stocktakes(id) deferrable initially immediate,
  note text not null default '',
  actor_id uuid references users(id) deferrable initially immediate,
  at timestamptz not null default now(),
  -- Order of the history (several movements can share a transaction's now()).
  seq bigserial not null
);
create index archive_paper_movements_item_idx on archive_paper_movements (item_id, seq desc);
