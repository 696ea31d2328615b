-- A quarterly grain for the product table (issue 5, item 7; docs/statistics.md): quarter ×
-- product × department. On ten million lines a year by product read 30,000 monthly rows
-- per period (12 months × 500 products × 5 departments) and summing them was most of the
-- report's time; whole quarters now come from this table (3× fewer rows), and only the
-- months of a partly covered first or last quarter from the monthly table.
--
-- It is kept from the monthly product table itself, by statement triggers on it, in the
-- same transaction: whoever writes that table (the sales triggers through stats_apply_sql,
-- an import's set-based change, stats_rebuild) keeps this one exact without knowing it.
-- Quantities are left out: no report reads them at this grain.

create table stats_sales_quarter_product (
  quarter date not null,
  product_id uuid not null,
  department_id uuid,
  lines integer not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  cost bigint not null default 0,
  costed_net bigint not null default 0,
  return_lines integer not null default 0,
  return_net bigint not null default 0,
  return_tax bigint not null default 0,
  return_cost bigint not null default 0,
  return_costed_net bigint not null default 0,
  unique nulls not distinct (quarter, product_id, department_id)
) with (fillfactor = 60);

-- The change of a statement on the monthly table: new rows added, old rows taken away. SQL text that
-- the trigger itself executes: transition tables are visible only in the trigger function's own statements.
create or replace function stats_quarter_product_apply_sql(delta text) returns text language sql immutable as $$
select 'insert into stats_sales_quarter_product as t (quarter, product_id, department_id, lines, net, tax, cost, costed_net,
                                                   return_lines, return_net, return_tax, return_cost, return_costed_net)
    select date_trunc(''quarter'', month)::date, product_id, department_id, sum(lines), sum(net), sum(tax), sum(cost), sum(costed_net),
           sum(return_lines), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
    from (' || delta || ') as d group by 1, product_id, department_id
    on conflict (quarter, product_id, department_id) do update set
      lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax, cost = t.cost + excluded.cost,
      costed_net = t.costed_net + excluded.costed_net, return_lines = t.return_lines + excluded.return_lines,
      return_net = t.return_net + excluded.return_net, return_tax = t.return_tax + excluded.return_tax,
      return_cost = t.return_cost + excluded.return_cost, return_costed_net = t.return_costed_net + excluded.return_costed_net'
$$;

create or replace function stats_quarter_product_sql(rows text, sign integer) returns text language sql immutable as $$
select 'select month, product_id, department_id, ' || sign || ' * lines as lines, ' || sign || ' * net as net, ' || sign || ' * tax as tax, '
    || sign || ' * cost as cost, ' || sign || ' * costed_net as costed_net, ' || sign || ' * return_lines as return_lines, '
    || sign || ' * return_net as return_net, ' || sign || ' * return_tax as return_tax, ' || sign || ' * return_cost as return_cost, '
    || sign || ' * return_costed_net as return_costed_net from ' || rows
$$;

create or replace function stats_on_month_product() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    execute stats_quarter_product_apply_sql(stats_quarter_product_sql('new_rows', 1));
  elsif tg_op = 'DELETE' then
    execute stats_quarter_product_apply_sql(stats_quarter_product_sql('old_rows', -1));
  else
    execute stats_quarter_product_apply_sql(stats_quarter_product_sql('new_rows', 1) || ' union all ' || stats_quarter_product_sql('old_rows', -1));
  end if;
  return null;
end $$;

-- Transition tables allow one event per trigger.
create trigger stats_month_product_insert after insert on stats_sales_month_product
  referencing new table as new_rows for each statement execute function stats_on_month_product();
create trigger stats_month_product_update after update on stats_sales_month_product
  referencing old table as old_rows new table as new_rows for each statement execute function stats_on_month_product();
create trigger stats_month_product_delete after delete on stats_sales_month_product
  referencing old table as old_rows for each statement execute function stats_on_month_product();

-- Filled from the monthly table it sums.
insert into stats_sales_quarter_product (quarter, product_id, department_id, lines, net, tax, cost, costed_net,
                                         return_lines, return_net, return_tax, return_cost, return_costed_net)
select date_trunc('quarter', month)::date, product_id, department_id, sum(lines), sum(net), sum(tax), sum(cost), sum(costed_net),
       sum(return_lines), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
  from stats_sales_month_product group by 1, product_id, department_id;
