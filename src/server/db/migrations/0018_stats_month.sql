-- A monthly grain for the day table (issue 5, item 7; docs/statistics.md): month × rep ×
-- department × region. On ten million lines the day table holds 426,390 rows (every
-- day × rep × region that sold); a quarter by rep read 106,981 of them for its three periods.
-- Whole months now come from this table (about 30× smaller) and only the days of a partly
-- covered first or last month from the day table. Kept by the same statement triggers, in
-- the same transaction: stats_apply_sql gains one more insert … on conflict.

create table stats_sales_month (
  month date not null,
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
  return_lines integer not null default 0,
  return_net bigint not null default 0,
  return_tax bigint not null default 0,
  return_cost bigint not null default 0,
  return_costed_net bigint not null default 0,
  unique nulls not distinct (month, owner_id, department_id, region_id)
) with (fillfactor = 60);
create index stats_sales_month_owner_idx on stats_sales_month (owner_id, month);

create or replace function stats_apply_sql(src text) returns text
language sql immutable
as $$
select 'with d (day, owner_id, department_id, region_id, customer_id, product_id, orders, lines, quantity, net, tax, cost, costed_net,
                returns, return_lines, return_quantity, return_net, return_tax, return_cost, return_costed_net) as materialized (' || src || '),
  by_day as (
    insert into stats_sales_day as t (day, owner_id, department_id, region_id, orders, lines, net, tax, cost, costed_net,
                                      returns, return_lines, return_net, return_tax, return_cost, return_costed_net)
    select day, owner_id, department_id, region_id, sum(orders), sum(lines), sum(net), sum(tax), sum(cost), sum(costed_net),
           sum(returns), sum(return_lines), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
    from d group by day, owner_id, department_id, region_id
    on conflict (day, owner_id, department_id, region_id) do update set
      orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax,
      cost = t.cost + excluded.cost, costed_net = t.costed_net + excluded.costed_net, returns = t.returns + excluded.returns,
      return_lines = t.return_lines + excluded.return_lines, return_net = t.return_net + excluded.return_net,
      return_tax = t.return_tax + excluded.return_tax, return_cost = t.return_cost + excluded.return_cost,
      return_costed_net = t.return_costed_net + excluded.return_costed_net
    returning 1),
  by_month as (
    insert into stats_sales_month as t (month, owner_id, department_id, region_id, orders, lines, net, tax, cost, costed_net,
                                      returns, return_lines, return_net, return_tax, return_cost, return_costed_net)
    select date_trunc(''month'', day)::date, owner_id, department_id, region_id, sum(orders), sum(lines), sum(net), sum(tax), sum(cost), sum(costed_net),
           sum(returns), sum(return_lines), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
    from d group by 1, owner_id, department_id, region_id
    on conflict (month, owner_id, department_id, region_id) do update set
      orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax,
      cost = t.cost + excluded.cost, costed_net = t.costed_net + excluded.costed_net, returns = t.returns + excluded.returns,
      return_lines = t.return_lines + excluded.return_lines, return_net = t.return_net + excluded.return_net,
      return_tax = t.return_tax + excluded.return_tax, return_cost = t.return_cost + excluded.return_cost,
      return_costed_net = t.return_costed_net + excluded.return_costed_net
    returning 1),
  by_product as (
    insert into stats_sales_month_product as t (month, product_id, department_id, lines, quantity, net, tax, cost, costed_net,
                                                return_lines, return_quantity, return_net, return_tax, return_cost, return_costed_net)
    select date_trunc(''month'', day)::date, product_id, department_id, sum(lines), sum(quantity), sum(net), sum(tax), sum(cost), sum(costed_net),
           sum(return_lines), sum(return_quantity), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
    from d where product_id is not null group by 1, product_id, department_id
    on conflict (month, product_id, department_id) do update set
      lines = t.lines + excluded.lines, quantity = t.quantity + excluded.quantity, net = t.net + excluded.net, tax = t.tax + excluded.tax,
      cost = t.cost + excluded.cost, costed_net = t.costed_net + excluded.costed_net, return_lines = t.return_lines + excluded.return_lines,
      return_quantity = t.return_quantity + excluded.return_quantity, return_net = t.return_net + excluded.return_net,
      return_tax = t.return_tax + excluded.return_tax, return_cost = t.return_cost + excluded.return_cost,
      return_costed_net = t.return_costed_net + excluded.return_costed_net
    returning 1),
  by_customer as (
    insert into stats_sales_month_customer as t (month, customer_id, owner_id, department_id, region_id, orders, lines, net, tax, cost, costed_net,
                                                 returns, return_net, return_tax, return_cost, return_costed_net)
    select date_trunc(''month'', day)::date, customer_id, owner_id, department_id, region_id, sum(orders), sum(lines), sum(net), sum(tax), sum(cost), sum(costed_net),
           sum(returns), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
    from d group by 1, customer_id, owner_id, department_id, region_id
    on conflict (month, customer_id, owner_id, department_id, region_id) do update set
      orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax,
      cost = t.cost + excluded.cost, costed_net = t.costed_net + excluded.costed_net, returns = t.returns + excluded.returns,
      return_net = t.return_net + excluded.return_net, return_tax = t.return_tax + excluded.return_tax,
      return_cost = t.return_cost + excluded.return_cost, return_costed_net = t.return_costed_net + excluded.return_costed_net
    returning 1)
select (select count(*) from by_day) + (select count(*) from by_month) + (select count(*) from by_product) + (select count(*) from by_customer)'
$$;

create or replace function stats_rebuild() returns void language plpgsql as $$
begin
  delete from stats_sales_day;
  delete from stats_sales_month;
  delete from stats_sales_month_product;
  delete from stats_sales_month_customer;
  execute stats_apply_sql(stats_delta_sql('sales_order_lines', 'order_lines', 1) || ' union all ' || stats_delta_sql('sales_orders', 'order_count', 1)
    || ' union all ' || stats_delta_sql('sales_return_lines', 'return_lines', 1) || ' union all ' || stats_delta_sql('sales_returns', 'return_count', 1));
end $$;

-- The month table filled from the day table it sums (the same rows, the same counting).
insert into stats_sales_month (month, owner_id, department_id, region_id, orders, lines, net, tax, cost, costed_net,
                               returns, return_lines, return_net, return_tax, return_cost, return_costed_net)
select date_trunc('month', day)::date, owner_id, department_id, region_id, sum(orders), sum(lines), sum(net), sum(tax), sum(cost), sum(costed_net),
       sum(returns), sum(return_lines), sum(return_net), sum(return_tax), sum(return_cost), sum(return_costed_net)
  from stats_sales_day group by 1, owner_id, department_id, region_id;
