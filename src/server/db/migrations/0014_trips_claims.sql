-- Business trips, bookings, travel advances, reimbursement claims with their automatic checks,
-- the invoice-number registry, the expense policy (grades, caps per city tier) and the holiday
-- calendar (issue 7, parts 2 and 3). Money is bigint minor units (fen). See docs/expenses.md.

-- ------------------------------------------------------------------ policy

-- An employee's travel grade (the caps depend on it). No row = 'staff'.
create table employee_grades (
  user_id uuid primary key references users (id) deferrable initially immediate,
  grade text not null check (grade ~ '^[a-z][a-z0-9_]{0,29}$'),
  version integer not null default 1,
  updated_by uuid references users (id) deferrable initially immediate,
  updated_at timestamptz not null default now()
);

-- The policy cap of a category for a grade in a city tier: per night (lodging) or per day (the rest).
create table expense_policy_caps (
  id uuid primary key default gen_random_uuid(),
  grade text not null check (grade ~ '^[a-z][a-z0-9_]{0,29}$'),
  city_tier smallint not null check (city_tier between 1 and 4),
  category text not null check (category in ('travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other')),
  unit text not null check (unit in ('day', 'night')),
  amount bigint not null check (amount >= 0 and amount < 10000000000000),
  updated_at timestamptz not null default now(),
  unique (grade, city_tier, category)
);

-- Defaults after common Chinese travel policies (per night lodging, per day meals and local transport), in fen.
insert into expense_policy_caps (grade, city_tier, category, unit, amount) values
  ('staff', 1, 'lodging', 'night', 50000), ('staff', 2, 'lodging', 'night', 40000), ('staff', 3, 'lodging', 'night', 30000),
  ('staff', 1, 'meals', 'day', 10000), ('staff', 2, 'meals', 'day', 8000), ('staff', 3, 'meals', 'day', 6000),
  ('staff', 1, 'local_transport', 'day', 8000), ('staff', 2, 'local_transport', 'day', 6000), ('staff', 3, 'local_transport', 'day', 5000),
  ('manager', 1, 'lodging', 'night', 80000), ('manager', 2, 'lodging', 'night', 60000), ('manager', 3, 'lodging', 'night', 45000),
  ('manager', 1, 'meals', 'day', 15000), ('manager', 2, 'meals', 'day', 12000), ('manager', 3, 'meals', 'day', 10000),
  ('manager', 1, 'local_transport', 'day', 12000), ('manager', 2, 'local_transport', 'day', 10000), ('manager', 3, 'local_transport', 'day', 8000);

-- The holiday calendar: public holidays and the weekend days that are working days instead (调休上班).
create table calendar_days (
  day date primary key,
  kind text not null check (kind in ('holiday', 'workday')),
  name_en text not null,
  name_zh text not null,
  updated_at timestamptz not null default now()
);

-- China 2026: State Council General Office notice of 2025-11-04 (国务院办公厅关于2026年部分节假日安排的通知).
insert into calendar_days (day, kind, name_en, name_zh)
select d::date, 'holiday', v.name_en, v.name_zh
from (values
  ('2026-01-01', '2026-01-03', 'New Year''s Day', '元旦'),
  ('2026-02-15', '2026-02-23', 'Spring Festival', '春节'),
  ('2026-04-04', '2026-04-06', 'Qingming Festival', '清明节'),
  ('2026-05-01', '2026-05-05', 'Labour Day', '劳动节'),
  ('2026-06-19', '2026-06-21', 'Dragon Boat Festival', '端午节'),
  ('2026-09-25', '2026-09-27', 'Mid-Autumn Festival', '中秋节'),
  ('2026-10-01', '2026-10-07', 'National Day', '国庆节')
) as v (first_day, last_day, name_en, name_zh),
lateral generate_series(v.first_day::date, v.last_day::date, interval '1 day') as d;

insert into calendar_days (day, kind, name_en, name_zh) values
  ('2026-01-04', 'workday', 'Working day (New Year''s Day)', '元旦调休上班'),
  ('2026-02-14', 'workday', 'Working day (Spring Festival)', '春节调休上班'),
  ('2026-02-28', 'workday', 'Working day (Spring Festival)', '春节调休上班'),
  ('2026-05-09', 'workday', 'Working day (Labour Day)', '劳动节调休上班'),
  ('2026-09-20', 'workday', 'Working day (National Day)', '国庆节调休上班'),
  ('2026-10-10', 'workday', 'Working day (National Day)', '国庆节调休上班');

-- ------------------------------------------------------------------ trips

create table trips (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  traveller_id uuid not null references users (id) deferrable initially immediate,
  department_id uuid references departments (id) deferrable initially immediate,
  purpose text not null,
  start_date date not null,
  end_date date not null,
  currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
  advance_requested bigint not null default 0 check (advance_requested >= 0 and advance_requested < 10000000000000),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected', 'completed', 'cancelled')),
  version integer not null default 1,
  created_by uuid references users (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  decided_at timestamptz,
  check (end_date >= start_date)
);
create index trips_traveller on trips (traveller_id, created_at);
create index trips_department on trips (department_id, created_at);
create index trips_created on trips (created_at, id);

create table trip_customers (
  trip_id uuid not null references trips (id) on delete cascade deferrable initially immediate,
  customer_id uuid not null references customers (id) deferrable initially immediate,
  primary key (trip_id, customer_id)
);

create table trip_legs (
  id uuid primary key default gen_random_uuid(),
  trip_id uuid not null references trips (id) on delete cascade deferrable initially immediate,
  seq integer not null check (seq > 0),
  from_city text not null,
  to_city text not null,
  depart_on date not null,
  arrive_on date not null,
  mode text not null check (mode in ('flight', 'train', 'car', 'bus', 'ship', 'other')),
  -- The tier of the destination city (1 = Beijing, Shanghai, Guangzhou, Shenzhen …): the caps depend on it.
  city_tier smallint not null check (city_tier between 1 and 4),
  unique (trip_id, seq),
  check (arrive_on >= depart_on)
);

create table trip_budgets (
  trip_id uuid not null references trips (id) on delete cascade deferrable initially immediate,
  category text not null check (category in ('travel_transport', 'lodging', 'meals', 'local_transport', 'other')),
  amount bigint not null check (amount >= 0 and amount < 10000000000000),
  primary key (trip_id, category)
);

create table trip_bookings (
  id uuid primary key default gen_random_uuid(),
  trip_id uuid not null references trips (id) deferrable initially immediate,
  kind text not null check (kind in ('flight', 'train', 'hotel', 'other')),
  passenger_name text not null,
  passenger_id_number text,
  ticket_number text,
  from_city text,
  to_city text,
  travel_date date not null,
  travel_time text check (travel_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  nights integer check (nights > 0 and nights < 366),
  class text,
  price bigint not null check (price >= 0 and price < 10000000000000),
  booked_on date not null,
  status text not null default 'booked' check (status in ('booked', 'refunded', 'changed', 'reissued')),
  original_booking_id uuid references trip_bookings (id) deferrable initially immediate,
  refund_amount bigint check (refund_amount >= 0 and refund_amount < 10000000000000),
  version integer not null default 1,
  created_by uuid references users (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'reissued') = (original_booking_id is not null)),
  check (refund_amount is null or refund_amount <= price)
);
create index trip_bookings_trip on trip_bookings (trip_id);
create index trip_bookings_ticket on trip_bookings (ticket_number) where ticket_number is not null;

-- A travel advance paid to the traveller; each posts once to the ledger (Dr 1221 / Cr 1002|1001).
create table trip_advances (
  id uuid primary key default gen_random_uuid(),
  trip_id uuid not null references trips (id) deferrable initially immediate,
  amount bigint not null check (amount > 0 and amount < 10000000000000),
  paid_on date not null,
  method text not null check (method in ('bank', 'cash')),
  note text not null default '',
  client_request_id text,
  ledger_entry_id uuid not null unique references ledger_entries (id) deferrable initially immediate,
  paid_by uuid references users (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  unique (trip_id, client_request_id)
);

-- ------------------------------------------------------------------ claims

create table expense_claims (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  claimant_id uuid not null references users (id) deferrable initially immediate,
  department_id uuid references departments (id) deferrable initially immediate,
  trip_id uuid references trips (id) deferrable initially immediate,
  title text not null,
  currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
  -- Always the sum of the items (kept by the service in the same transaction).
  total bigint not null default 0 check (total >= 0),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected', 'paid', 'cancelled')),
  -- A retried "create" from the same client makes one claim.
  client_request_id text,
  approval_entry_id uuid references ledger_entries (id) deferrable initially immediate,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  decided_at timestamptz,
  paid_at timestamptz,
  unique (claimant_id, client_request_id)
);
create index expense_claims_claimant on expense_claims (claimant_id, created_at);
create index expense_claims_department on expense_claims (department_id, created_at);
create index expense_claims_trip on expense_claims (trip_id) where trip_id is not null;
create index expense_claims_created on expense_claims (created_at, id);

create table expense_claim_items (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null references expense_claims (id) on delete cascade deferrable initially immediate,
  line_no integer not null check (line_no > 0),
  item_date date not null,
  category text not null check (category in ('travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other')),
  amount bigint not null check (amount > 0 and amount < 10000000000000),
  description text not null default '',
  nights integer check (nights > 0 and nights < 366),
  city_tier smallint check (city_tier between 1 and 4),
  booking_id uuid references trip_bookings (id) deferrable initially immediate,
  customer_id uuid references customers (id) deferrable initially immediate,
  unique (claim_id, line_no)
);
create index expense_claim_items_booking on expense_claim_items (booking_id) where booking_id is not null;

create table expense_receipts (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references expense_claim_items (id) on delete cascade deferrable initially immediate,
  claim_id uuid not null references expense_claims (id) on delete cascade deferrable initially immediate,
  kind text not null check (kind in ('vat_invoice', 'rail_e_ticket', 'flight_itinerary', 'hotel_invoice', 'taxi', 'other')),
  file_id uuid references files (id) deferrable initially immediate,
  sha256 text,
  invoice_number text,
  invoice_amount bigint check (invoice_amount >= 0 and invoice_amount < 10000000000000),
  invoice_date date,
  buyer_name text,
  buyer_taxpayer_id text,
  passenger_name text,
  from_city text,
  to_city text
);
create index expense_receipts_claim on expense_receipts (claim_id);
create index expense_receipts_sha on expense_receipts (sha256) where sha256 is not null;

-- The invoice-number registry: one row per number ever claimed (the unique key), and every use of it.
-- Saving a receipt upserts its number here first, so two claims using one number at the same moment
-- are serialised on this row and each sees the other.
create table invoice_numbers (
  number text primary key,
  first_claim_id uuid not null references expense_claims (id) deferrable initially immediate,
  first_used_at timestamptz not null default now(),
  use_count integer not null default 1
);

create table invoice_number_uses (
  id uuid primary key default gen_random_uuid(),
  number text not null references invoice_numbers (number) deferrable initially immediate,
  receipt_id uuid unique,
  claim_id uuid not null references expense_claims (id) deferrable initially immediate,
  claimant_id uuid not null references users (id) deferrable initially immediate,
  used_at timestamptz not null default now(),
  -- Set when the receipt left a draft claim (edited away): the use stays on record but no longer counts.
  released_at timestamptz
);
create index invoice_number_uses_number on invoice_number_uses (number);

-- The automatic checks' findings on a claim. Re-run when the items change; a finding that comes
-- back (same key) keeps its override.
create table expense_claim_checks (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null references expense_claims (id) on delete cascade deferrable initially immediate,
  key text not null,
  code text not null,
  severity text not null check (severity in ('info', 'warning', 'high')),
  line_no integer,
  params jsonb not null default '{}',
  matches jsonb not null default '[]',
  overridden_by uuid references users (id) deferrable initially immediate,
  overridden_at timestamptz,
  override_reason text,
  created_at timestamptz not null default now(),
  unique (claim_id, key),
  check ((overridden_by is null) = (override_reason is null))
);

-- The payment of an approved claim, net of the trip's open advance. One per claim.
create table expense_claim_payments (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null unique references expense_claims (id) deferrable initially immediate,
  claim_total bigint not null check (claim_total >= 0),
  advance_cleared bigint not null check (advance_cleared >= 0),
  amount_paid bigint not null check (amount_paid >= 0),
  paid_on date not null,
  method text not null check (method in ('bank', 'cash')),
  ledger_entry_id uuid not null unique references ledger_entries (id) deferrable initially immediate,
  paid_by uuid references users (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  check (claim_total = advance_cleared + amount_paid)
);

-- One posting per business document of this module, whatever the code does (reversals have their own source type).
create unique index ledger_entries_one_per_expense_document on ledger_entries (source_type, source_id)
  where source_type in ('trip_advance', 'expense_claim', 'expense_claim_payment');
