-- A quarterly grain for the customer table (issue 5, item 7; docs/statistics.md): quarter ×
-- customer × rep × department × region, as 0023 did for products. A quarter by customer with
-- its previous quarter and the same quarter last year read 43,000 monthly rows (9 months ×
-- 4,800 customers) scattered over the monthly table; whole quarters now come from this
-- table (3× fewer rows), and only the months of a partly covered first or last quarter from
-- the monthly one.
--
-- Kept from the monthly customer table by 0024's statement triggers on it, in the same
-- transaction: whoever writes that table keeps this one exact without knowing it.

create table stats_sales_quarter_customer (
  quarter date not null,
  customer_id uuid not null,
  owner_id uuid,
  department_id uuid,
  region_id uuid,
  orders integer not null default 0,
  lines integer not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  cost bigint not null default 0,
  costed_net bigint not null default 0,
  returns integer not null default 0,
  return_net bigint not null default 0,
  return_tax bigint not null default 0,
  return_cost bigint not null default 0,
  return_costed_net bigint not null default 0,
  unique nulls not distinct (quarter, customer_id, owner_id, department_id, region_id)
) with (fillfactor = 60);

-- SQL text the trigger executes itself (transition tables are visible only in the trigger function's own statements).
create or replace function stats_quarter_customer_apply_sql(delta text) returns text language sql immutable as $$
select 'insert into stats_sales_quarter_customer as t (quarter, customer_id, owner_id, department_id, region_id, orders, lines, net, tax, cost, costed_net,
                                                    returns, return_net, return_tax, return_cost, return_costed_net)
    select date_trunc(''quarter'', month)::date, customer_id, owner_id, department_id, region_id, sum(orders), sum(lines), sum(net), sum(tax), sum(cost),
           sum(costed_net), sum(returns), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
    from (' || delta || ') as d group by 1, customer_id, owner_id, department_id, region_id
    on conflict (quarter, customer_id, owner_id, department_id, region_id) do update set
      orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax,
      cost = t.cost + excluded.cost, costed_net = t.costed_net + excluded.costed_net, returns = t.returns + excluded.returns,
      return_net = t.return_net + excluded.return_net, return_tax = t.return_tax + excluded.return_tax,
      return_cost = t.return_cost + excluded.return_cost, return_costed_net = t.return_costed_net + excluded.return_costed_net'
$$;

create or replace function stats_quarter_customer_sql(rows text, sign integer) returns text language sql immutable as $$
select 'select month, customer_id, owner_id, department_id, region_id, ' || sign || ' * orders as orders, ' || sign || ' * lines as lines, '
    || sign || ' * net as net, ' || sign || ' * tax as tax, ' || sign || ' * cost as cost, ' || sign || ' * costed_net as costed_net, '
    || sign || ' * returns as returns, ' || sign || ' * return_net as return_net, ' || sign || ' * return_tax as return_tax, '
    || sign || ' * return_cost as return_cost, ' || sign || ' * return_costed_net as return_costed_net from ' || rows
$$;

-- The trigger function of 0024 on the monthly customer table keeps this table too: one
-- set of triggers for everything summed from that table, each statement's change applied once.
create or replace function stats_on_month_customer() returns trigger language plpgsql as $$
declare
  keys text := case tg_op
    when 'INSERT' then 'select month, customer_id, owner_id, department_id, region_id from new_rows'
    when 'DELETE' then 'select month, customer_id, owner_id, department_id, region_id from old_rows'
    else 'select month, customer_id, owner_id, department_id, region_id from new_rows union select month, customer_id, owner_id, department_id, region_id from old_rows'
  end;
  delta text := case tg_op
    when 'INSERT' then stats_quarter_customer_sql('new_rows', 1)
    when 'DELETE' then stats_quarter_customer_sql('old_rows', -1)
    else stats_quarter_customer_sql('new_rows', 1) || ' union all ' || stats_quarter_customer_sql('old_rows', -1)
  end;
begin
  execute stats_customer_year_sql(keys);
  execute stats_customer_first_sql(keys);
  execute stats_quarter_customer_apply_sql(delta);
  return null;
end $$;

-- Filled from the monthly table it sums.
insert into stats_sales_quarter_customer (quarter, customer_id, owner_id, department_id, region_id, orders, lines, net, tax, cost, costed_net,
                                          returns, return_net, return_tax, return_cost, return_costed_net)
select date_trunc('quarter', month)::date, customer_id, owner_id, department_id, region_id, sum(orders), sum(lines), sum(net), sum(tax), sum(cost),
       sum(costed_net), sum(returns), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
  from stats_sales_month_customer group by 1, customer_id, owner_id, department_id, region_id;
