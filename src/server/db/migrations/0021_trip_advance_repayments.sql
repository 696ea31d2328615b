-- The traveller pays back the part of a travel advance their claims did not use (issue 7).
-- Each repayment is a business document that posts once to the ledger (Dr 1002 bank or
-- 1001 cash / Cr 1221 employee advances, with the employee, department and trip). Like a posted
-- entry it is never changed or deleted: a mistake is corrected in the ledger by a reversal.
-- The service locks the trip row and refuses more than is outstanding; the constraint trigger
-- below holds the same rule for any other writer.

create table trip_advance_repayments (
  id uuid primary key default gen_random_uuid(),
  trip_id uuid not null references trips (id) deferrable initially immediate,
  employee_id uuid not null references users (id) deferrable initially immediate,
  amount bigint not null check (amount > 0 and amount < 10000000000000),
  repaid_on date not null,
  method text not null check (method in ('bank', 'cash')),
  note text not null default '',
  ledger_entry_id uuid not null unique references ledger_entries (id) deferrable initially immediate,
  recorded_by uuid references users (id) deferrable initially immediate,
  created_at timestamptz not null default now()
);
create index trip_advance_repayments_trip on trip_advance_repayments (trip_id, repaid_on);

-- One posting per repayment, whatever the code does.
create unique index ledger_entries_one_per_advance_repayment on ledger_entries (source_type, source_id)
  where source_type = 'trip_advance_repayment';

create function trip_advance_repayments_guard() returns trigger language plpgsql as $$
begin
  raise exception 'an advance repayment is never changed or deleted; reverse its ledger entry instead'
    using errcode = 'check_violation', constraint = 'trip_advance_repayment_immutable';
end $$;
create trigger trip_advance_repayments_guard before update or delete on trip_advance_repayments
  for each row execute function trip_advance_repayments_guard();

-- Never more repaid than was paid out and not cleared by the trip's paid claims.
create function trip_advance_repayments_check_outstanding() returns trigger language plpgsql as $$
declare
  paid bigint;
  cleared bigint;
  repaid bigint;
begin
  select coalesce(sum(amount), 0) into paid from trip_advances where trip_id = new.trip_id;
  select coalesce(sum(p.advance_cleared), 0) into cleared
    from expense_claim_payments p join expense_claims c on c.id = p.claim_id where c.trip_id = new.trip_id;
  select coalesce(sum(amount), 0) into repaid from trip_advance_repayments where trip_id = new.trip_id;
  if repaid + cleared > paid then
    raise exception 'trip %: % repaid and % cleared by claims exceed the % advanced', new.trip_id, repaid, cleared, paid
      using errcode = 'check_violation', constraint = 'trip_advance_repayment_over_outstanding';
  end if;
  return null;
end $$;
create constraint trigger trip_advance_repayments_outstanding after insert on trip_advance_repayments
  deferrable initially immediate for each row execute function trip_advance_repayments_check_outstanding();
