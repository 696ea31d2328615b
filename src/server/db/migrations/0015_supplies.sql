-- Office supplies (issue 7, part 4): a catalogue with stock, receipts and issues as stock
-- movements, and requests approved through the approval engine and issued by the assistant.

create table supply_items (
  id uuid primary key default gen_random_uuid(),
  code text not null check (code ~ '^[0-9A-Za-z][0-9A-Za-z._-]{0,29}$'),
  name_en text not null,
  name_zh text not null,
  unit text not null,
  -- The last purchase price per unit (minor units): what a request is estimated at.
  unit_cost bigint not null check (unit_cost >= 0),
  currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
  -- Stock on hand in whole units and its value at cost: issues take the average cost,
  -- so the value always equals receipts minus issues to the cent.
  stock_qty integer not null default 0 check (stock_qty >= 0),
  stock_value bigint not null default 0 check (stock_value >= 0),
  reorder_level integer not null default 0 check (reorder_level >= 0),
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (stock_qty > 0 or stock_value = 0)
);
create unique index supply_items_code on supply_items (lower(code));

create table supply_requests (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  requester_id uuid not null references users (id) deferrable initially immediate,
  department_id uuid references departments (id) deferrable initially immediate,
  purpose text not null default '',
  status text not null check (status in ('draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn', 'issued')),
  currency text not null default 'CNY',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  decided_at timestamptz,
  issued_at timestamptz,
  issued_by uuid references users (id) deferrable initially immediate,
  issued_on date,
  ledger_entry_id uuid references ledger_entries (id) deferrable initially immediate
);
create index supply_requests_requester on supply_requests (requester_id, created_at desc);
create index supply_requests_department on supply_requests (department_id, created_at desc);

create table supply_request_lines (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references supply_requests (id) on delete cascade deferrable initially immediate,
  line_no integer not null check (line_no > 0),
  item_id uuid not null references supply_items (id) deferrable initially immediate,
  quantity integer not null check (quantity > 0 and quantity <= 100000),
  purpose text not null default '',
  -- Set at issue: the cost taken out of stock for this line.
  issued_cost bigint check (issued_cost is null or issued_cost >= 0),
  unique (request_id, line_no)
);
create index supply_request_lines_item on supply_request_lines (item_id);

-- Every change of stock: a receipt (purchase) adds, an issue takes away. Quantities and
-- amounts are positive; the kind gives the direction.
create table supply_movements (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references supply_items (id) deferrable initially immediate,
  kind text not null check (kind in ('receipt', 'issue')),
  quantity integer not null check (quantity > 0),
  unit_cost bigint not null check (unit_cost >= 0),
  amount bigint not null check (amount >= 0),
  moved_on date not null,
  request_id uuid references supply_requests (id) deferrable initially immediate,
  request_line_id uuid references supply_request_lines (id) deferrable initially immediate,
  -- For issues: who received the supplies and their department (the cost report's grain).
  employee_id uuid references users (id) deferrable initially immediate,
  department_id uuid references departments (id) deferrable initially immediate,
  note text not null default '',
  ledger_entry_id uuid references ledger_entries (id) deferrable initially immediate,
  created_by uuid references users (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  check ((kind = 'issue') = (request_id is not null))
);
create index supply_movements_item on supply_movements (item_id, moved_on, created_at);
create index supply_movements_issue on supply_movements (moved_on, employee_id) where kind = 'issue';

-- The stock account behind the office supplies expense (660106): receipts debit it, issues credit it.
insert into ledger_accounts (code, name_en, name_zh, type, normal_side, expense_type)
select '1411', 'Office supplies in stock', '周转材料—办公用品', 'asset', 'debit', null
where not exists (select 1 from ledger_accounts where lower(code) = '1411');
