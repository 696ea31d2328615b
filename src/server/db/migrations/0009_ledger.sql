-- The double-entry ledger (issue 7): chart of accounts, journal entries with dimensioned lines,
-- monthly periods. The database itself keeps the books honest: every entry balances to the cent
-- at commit, a posted entry has at least two lines, posted entries and their lines can be neither
-- changed nor deleted, and nothing is posted into a closed month. The service checks the same rules
-- first to answer with a named field; these triggers are what holds when the code is wrong or
-- someone writes SQL by hand.

create table ledger_accounts (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name_en text not null,
  name_zh text not null,
  type text not null check (type in ('asset', 'liability', 'equity', 'income', 'expense')),
  normal_side text not null check (normal_side in ('debit', 'credit')),
  -- For expense accounts: the expense type their lines default to (a line may name another).
  expense_type text check (expense_type in ('travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other')),
  parent_id uuid references ledger_accounts (id) deferrable initially immediate,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (code ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,29}$')
);
create unique index ledger_accounts_code on ledger_accounts (lower(code));
create index ledger_accounts_parent on ledger_accounts (parent_id);

create table ledger_entries (
  id uuid primary key default gen_random_uuid(),
  status text not null default 'draft' check (status in ('draft', 'posted')),
  -- Assigned at posting, gap-free per year of the entry date (JE-2026-000042).
  number text,
  year integer,
  seq integer,
  entry_date date not null,
  description text not null default '',
  currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
  -- Where the entry comes from: a business document (advance, claim, payment, …) or a manual entry with its reason.
  source_type text not null check (source_type ~ '^[a-z][a-z_]{1,39}$'),
  source_id uuid,
  reason text,
  -- A reversing entry names the entry it cancels; an entry is reversed at most once.
  reverses_id uuid references ledger_entries (id) deferrable initially immediate,
  created_by uuid references users (id) deferrable initially immediate,
  posted_by uuid references users (id) deferrable initially immediate,
  posted_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ledger_entry_source check (
    (source_type = 'manual' and source_id is null and reason is not null and length(btrim(reason)) > 0)
    or (source_type <> 'manual' and source_id is not null)
  ),
  constraint ledger_entry_reversal check ((source_type = 'reversal') = (reverses_id is not null) and (reverses_id is null or source_id = reverses_id)),
  constraint ledger_entry_number check (
    (status = 'draft' and number is null and year is null and seq is null and posted_at is null)
    or (status = 'posted' and number is not null and year = extract(year from entry_date) and seq > 0 and posted_at is not null)
  )
);
create unique index ledger_entries_number on ledger_entries (year, seq);
create unique index ledger_entries_reverses on ledger_entries (reverses_id) where reverses_id is not null;
create index ledger_entries_source on ledger_entries (source_type, source_id);
create index ledger_entries_date on ledger_entries (entry_date, id);

create table ledger_lines (
  id bigint generated always as identity primary key,
  entry_id uuid not null references ledger_entries (id) on delete cascade deferrable initially immediate,
  line_no integer not null check (line_no > 0),
  account_id uuid not null references ledger_accounts (id) deferrable initially immediate,
  debit bigint not null default 0,
  credit bigint not null default 0,
  employee_id uuid references users (id) deferrable initially immediate,
  department_id uuid references departments (id) deferrable initially immediate,
  expense_type text check (expense_type in ('travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other')),
  customer_id uuid references customers (id) deferrable initially immediate,
  -- Business trips arrive later (issue 7, part 2): a plain uuid until then.
  trip_id uuid,
  description text not null default '',
  -- One side per line, a positive amount in minor units.
  constraint ledger_line_one_side check (debit >= 0 and credit >= 0 and (debit > 0) <> (credit > 0)),
  unique (entry_id, line_no)
);
create index ledger_lines_account on ledger_lines (account_id, entry_id);
create index ledger_lines_employee on ledger_lines (employee_id) where employee_id is not null;
create index ledger_lines_department on ledger_lines (department_id) where department_id is not null;
create index ledger_lines_customer on ledger_lines (customer_id) where customer_id is not null;
create index ledger_lines_trip on ledger_lines (trip_id) where trip_id is not null;
create index ledger_lines_expense_type on ledger_lines (expense_type) where expense_type is not null;

-- A month is open unless its row says closed. The service's posting makes sure the month has a row
-- and share-locks it, and closing updates it, so a close and a posting into the same month never
-- both succeed; the trigger below is the backstop for any other writer.
create table ledger_periods (
  month date primary key check (extract(day from month) = 1),
  is_closed boolean not null default false,
  closed_at timestamptz,
  closed_by uuid references users (id) deferrable initially immediate,
  reopened_at timestamptz,
  reopened_by uuid references users (id) deferrable initially immediate,
  reopen_reason text,
  version integer not null default 1
);

-- Every entry balances at commit (drafts too); a posted entry has at least two lines.
create function ledger_check_entry(p_entry uuid) returns void language plpgsql as $$
declare
  e record;
  d bigint;
  c bigint;
  n integer;
begin
  select id, status into e from ledger_entries where id = p_entry;
  if not found then
    return;
  end if;
  select coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) into d, c, n from ledger_lines where entry_id = p_entry;
  if d <> c then
    raise exception 'ledger entry % is not balanced: debits % <> credits %', p_entry, d, c
      using errcode = 'check_violation', constraint = 'ledger_entry_balanced';
  end if;
  if e.status = 'posted' and n < 2 then
    raise exception 'posted ledger entry % has % line(s); at least two are needed', p_entry, n
      using errcode = 'check_violation', constraint = 'ledger_entry_two_lines';
  end if;
end $$;

create function ledger_lines_check_balance() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform ledger_check_entry(old.entry_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.entry_id <> old.entry_id) then
    perform ledger_check_entry(new.entry_id);
  end if;
  return null;
end $$;

create constraint trigger ledger_lines_balanced after insert or update or delete on ledger_lines
  deferrable initially deferred for each row execute function ledger_lines_check_balance();

create function ledger_entries_check_balance() returns trigger language plpgsql as $$
begin
  perform ledger_check_entry(new.id);
  return null;
end $$;

create constraint trigger ledger_entries_balanced after insert or update on ledger_entries
  deferrable initially deferred for each row execute function ledger_entries_check_balance();

-- Posted entries are immutable; posting into a closed month is refused.
create function ledger_entries_guard() returns trigger language plpgsql as $$
declare
  closed boolean;
  m date;
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'posted' then
    raise exception 'ledger entry % is posted and cannot be changed or deleted; post a reversing entry', old.number
      using errcode = 'check_violation', constraint = 'ledger_entry_immutable';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if new.status = 'posted' then
    m := date_trunc('month', new.entry_date)::date;
    select is_closed into closed from ledger_periods where month = m for share;
    if closed then
      raise exception 'the period % is closed: no posting with an entry date in it', to_char(m, 'YYYY-MM')
        using errcode = 'check_violation', constraint = 'ledger_period_closed';
    end if;
  end if;
  return new;
end $$;

create trigger ledger_entries_guard before insert or update or delete on ledger_entries
  for each row execute function ledger_entries_guard();

-- Lines may still be added to a posted entry that this very transaction wrote (a restore writes an
-- entry's row before its lines); the balance and two-line checks at commit hold for it all the same.
-- Once committed, an entry's lines never change.
create function ledger_lines_guard() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and exists (select 1 from ledger_entries where id = old.entry_id and status = 'posted') then
    raise exception 'the lines of a posted ledger entry cannot be changed or deleted'
      using errcode = 'check_violation', constraint = 'ledger_entry_immutable';
  end if;
  if tg_op = 'UPDATE' and exists (select 1 from ledger_entries where id = new.entry_id and status = 'posted') then
    raise exception 'the lines of a posted ledger entry cannot be changed or deleted'
      using errcode = 'check_violation', constraint = 'ledger_entry_immutable';
  end if;
  if tg_op = 'INSERT' and exists (select 1 from ledger_entries where id = new.entry_id and status = 'posted' and xmin <> pg_current_xact_id()::xid) then
    raise exception 'no lines can be added to a posted ledger entry'
      using errcode = 'check_violation', constraint = 'ledger_entry_immutable';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $$;

create trigger ledger_lines_guard before insert or update or delete on ledger_lines
  for each row execute function ledger_lines_guard();

create function ledger_refuse_truncate() returns trigger language plpgsql as $$
begin
  raise exception 'the ledger cannot be truncated' using errcode = 'check_violation', constraint = 'ledger_entry_immutable';
end $$;

create trigger ledger_entries_no_truncate before truncate on ledger_entries for each statement execute function ledger_refuse_truncate();
create trigger ledger_lines_no_truncate before truncate on ledger_lines for each statement execute function ledger_refuse_truncate();

-- The preset chart of accounts of a sales department (codes after the Chinese small-enterprise chart).
insert into ledger_accounts (code, name_en, name_zh, type, normal_side, expense_type) values
  ('1001', 'Cash on hand', '库存现金', 'asset', 'debit', null),
  ('1002', 'Bank deposits', '银行存款', 'asset', 'debit', null),
  ('1122', 'Accounts receivable', '应收账款', 'asset', 'debit', null),
  ('1221', 'Employee advances (receivable from employees)', '其他应收款—员工备用金', 'asset', 'debit', null),
  ('2202', 'Accounts payable', '应付账款', 'liability', 'credit', null),
  ('2241', 'Payables to employees (reimbursements)', '其他应付款—应付员工报销款', 'liability', 'credit', null),
  ('3001', 'Paid-in capital', '实收资本', 'equity', 'credit', null),
  ('6001', 'Sales revenue', '主营业务收入', 'income', 'credit', null),
  ('6601', 'Selling expenses', '销售费用', 'expense', 'debit', null);

insert into ledger_accounts (code, name_en, name_zh, type, normal_side, expense_type, parent_id)
select v.code, v.name_en, v.name_zh, 'expense', 'debit', v.expense_type, (select id from ledger_accounts where code = '6601')
from (values
  ('660101', 'Travel — transport', '差旅费—交通费', 'travel_transport'),
  ('660102', 'Travel — lodging', '差旅费—住宿费', 'lodging'),
  ('660103', 'Travel — meals and allowances', '差旅费—伙食补助', 'meals'),
  ('660104', 'Local transport', '市内交通费', 'local_transport'),
  ('660105', 'Business entertainment', '业务招待费', 'entertainment'),
  ('660106', 'Office supplies', '办公用品费', 'office_supplies'),
  ('660107', 'Communication', '通讯费', 'communication'),
  ('660108', 'Samples', '样品费', 'samples'),
  ('660199', 'Other selling expenses', '其他销售费用', 'other')
) as v (code, name_en, name_zh, expense_type);
