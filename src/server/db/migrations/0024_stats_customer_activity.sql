-- Active and new customers read fast (issue 5, items 1 and 7; docs/statistics.md).
--
-- Counting the distinct active customers of a year and the year before read 24 monthly rows
-- per customer from stats_sales_month_customer (120,000 rows on the benchmark's 5,000
-- customers), and finding each customer's first sale was an index probe per customer.
-- Two small tables, kept from the monthly customer table by statement triggers on it in the
-- same transaction (as 0023 keeps the quarterly product table), answer both:
--
-- - stats_customer_year: one row per year × customer × rep × department × region with a
--   12-bit mask of the months in which that customer had counted lines (lines > 0) under
--   that rep, department and region: bit 0 is January. A year is one row, not twelve.
-- - stats_customer_first: each customer's first month with counted lines, anyone's, any
--   product (the "new customer" definition); no row for a customer without one.
--
-- Whoever writes the monthly customer table (the sales triggers, an import's set-based
-- change, stats_rebuild) keeps both exact without knowing them: the trigger recomputes,
-- from the monthly table, every year row and first month the statement touched.

create table stats_customer_year (
  year integer not null,
  customer_id uuid not null,
  owner_id uuid,
  department_id uuid,
  region_id uuid,
  months integer not null default 0,
  unique nulls not distinct (year, customer_id, owner_id, department_id, region_id)
);

create table stats_customer_first (
  customer_id uuid primary key,
  first_month date not null
);

-- SQL text the trigger executes itself: transition tables are visible only in the trigger function's own statements.
-- keys: a SELECT of (month, customer_id, owner_id, department_id, region_id) rows whose year row and first month may have changed.
create or replace function stats_customer_year_sql(keys text) returns text language sql immutable as $$
select 'insert into stats_customer_year as t (year, customer_id, owner_id, department_id, region_id, months)
    select k.year, k.customer_id, k.owner_id, k.department_id, k.region_id,
           coalesce((select bit_or(1 << (extract(month from m.month)::int - 1)) from stats_sales_month_customer m
                      where m.customer_id = k.customer_id and m.month >= make_date(k.year, 1, 1) and m.month < make_date(k.year + 1, 1, 1)
                        and m.owner_id is not distinct from k.owner_id and m.department_id is not distinct from k.department_id
                        and m.region_id is not distinct from k.region_id and m.lines > 0), 0)
      from (select distinct extract(year from month)::int as year, customer_id, owner_id, department_id, region_id from (' || keys || ') as d) as k
    on conflict (year, customer_id, owner_id, department_id, region_id) do update set months = excluded.months
     where t.months <> excluded.months'
$$;

create or replace function stats_customer_first_sql(keys text) returns text language sql immutable as $$
select 'with f as (
      select c.customer_id, (select min(m.month) from stats_sales_month_customer m where m.customer_id = c.customer_id and m.lines > 0) as first_month
        from (select distinct customer_id from (' || keys || ') as d) as c),
    gone as (delete from stats_customer_first t using f where t.customer_id = f.customer_id and f.first_month is null)
    insert into stats_customer_first as t (customer_id, first_month)
    select customer_id, first_month from f where first_month is not null
    on conflict (customer_id) do update set first_month = excluded.first_month where t.first_month <> excluded.first_month'
$$;

create or replace function stats_on_month_customer() returns trigger language plpgsql as $$
declare
  keys text := case tg_op
    when 'INSERT' then 'select month, customer_id, owner_id, department_id, region_id from new_rows'
    when 'DELETE' then 'select month, customer_id, owner_id, department_id, region_id from old_rows'
    else 'select month, customer_id, owner_id, department_id, region_id from new_rows union select month, customer_id, owner_id, department_id, region_id from old_rows'
  end;
begin
  execute stats_customer_year_sql(keys);
  execute stats_customer_first_sql(keys);
  return null;
end $$;

create trigger stats_month_customer_insert after insert on stats_sales_month_customer
  referencing new table as new_rows for each statement execute function stats_on_month_customer();
create trigger stats_month_customer_update after update on stats_sales_month_customer
  referencing old table as old_rows new table as new_rows for each statement execute function stats_on_month_customer();
create trigger stats_month_customer_delete after delete on stats_sales_month_customer
  referencing old table as old_rows for each statement execute function stats_on_month_customer();

-- Filled from the monthly table they summarize.
insert into stats_customer_year (year, customer_id, owner_id, department_id, region_id, months)
select extract(year from month)::int, customer_id, owner_id, department_id, region_id, bit_or(1 << (extract(month from month)::int - 1))
  from stats_sales_month_customer where lines > 0
 group by 1, customer_id, owner_id, department_id, region_id;
insert into stats_customer_first (customer_id, first_month)
select customer_id, min(month) from stats_sales_month_customer where lines > 0 group by customer_id;
