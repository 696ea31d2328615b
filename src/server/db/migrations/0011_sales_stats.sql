-- Summary tables for the sales statistics (issue 5, docs/statistics.md): exact at all times,
-- because the database keeps them in the same transaction as the rows they sum, whatever
-- writes those rows (the sales services, imports and their undo, a customer merge, plain SQL).
--
-- What counts: order lines of orders in status confirmed, delivered or closed, on the line's
-- own date/rep/department/region/customer; returns in status confirmed, on the return's date
-- (a return is counted in the period of the return) and the returned line's product. Costs
-- are summed where known (cost_amount not null), with the net of those same lines
-- (costed_net) so that a margin is only ever computed over lines that have a cost.
--
-- Grains (chosen so that each table is one to two orders of magnitude smaller than the
-- lines: a grain that keeps most base rows gains nothing — a product × rep × region grain
-- kept nearly one summary row per line of a million-line import, so products are summed
-- per department only; a rep's or a region's product figures come from the lines):
--   stats_sales_day            day × rep × department × region
--   stats_sales_month_product  month × product × department
--   stats_sales_month_customer month × customer × rep × department × region
-- Empty dimensions are NULL; the keys treat NULLs as equal (NULLS NOT DISTINCT, PostgreSQL 15+).

create table stats_sales_day (
  day date not null,
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
  unique nulls not distinct (day, owner_id, department_id, region_id)
);
create index stats_sales_day_owner_idx on stats_sales_day (owner_id, day);

create table stats_sales_month_product (
  month date not null,
  product_id uuid not null,
  department_id uuid,
  lines integer not null default 0,
  quantity numeric(24, 4) not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  cost bigint not null default 0,
  costed_net bigint not null default 0,
  return_lines integer not null default 0,
  return_quantity numeric(24, 4) not null default 0,
  return_net bigint not null default 0,
  return_tax bigint not null default 0,
  return_cost bigint not null default 0,
  return_costed_net bigint not null default 0,
  unique nulls not distinct (month, product_id, department_id)
);
create index stats_sales_month_product_product_idx on stats_sales_month_product (product_id, month);

create table stats_sales_month_customer (
  month date not null,
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
  unique nulls not distinct (month, customer_id, owner_id, department_id, region_id)
);
create index stats_sales_month_customer_customer_idx on stats_sales_month_customer (customer_id, month);

-- The cost of a returned quantity: the line's cost in proportion, rounded half up to the cent.
create function stats_return_cost(line_cost bigint, line_qty numeric, returned_qty numeric) returns bigint
language sql immutable parallel safe
as $$ select case when line_cost is null then 0 else round(line_cost * returned_qty / line_qty)::bigint end $$;

-- One SELECT giving the uniform delta rows of a source: `rel` is a table or a trigger's
-- transition table, `kind` what it holds, `sign` +1 (rows coming) or -1 (rows going).
-- Columns: day, owner_id, department_id, region_id, customer_id, product_id, then the measures.
create function stats_delta_sql(rel text, kind text, sign integer) returns text
language plpgsql immutable
as $$
declare
  s text := sign::text;
  order_counts constant text := $q$('confirmed', 'delivered', 'closed')$q$;
  line_measures constant text :=
    '0, %1$s, %1$s * l.quantity, %1$s * l.net_amount, %1$s * l.tax_amount, %1$s * coalesce(l.cost_amount, 0), '
    || 'case when l.cost_amount is null then 0 else %1$s * l.net_amount end, 0, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint';
  return_measures constant text :=
    '0, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0, %1$s, %1$s * rl.quantity, %1$s * rl.net_amount, %1$s * rl.tax_amount, '
    || '%1$s * stats_return_cost(l.cost_amount, l.quantity, rl.quantity), case when l.cost_amount is null then 0 else %1$s * rl.net_amount end';
begin
  -- measure columns: orders, lines, quantity, net, tax, cost, costed_net,
  --                  returns, return_lines, return_quantity, return_net, return_tax, return_cost, return_costed_net
  if kind = 'order_lines' then
    return format('select l.order_date, l.owner_id, l.department_id, l.region_id, l.customer_id, l.product_id, ' || line_measures || '
      from %2$s l join sales_orders o on o.id = l.order_id where o.status in ' || order_counts, s, rel);
  elsif kind = 'orders' then
    -- an order itself (its count) and, for a status change, every line it has
    return format('select o.order_date, o.owner_id, o.department_id, o.region_id, o.customer_id, null::uuid, %1$s, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint
      from %2$s o where o.status in ' || order_counts, s, rel)
      || ' union all ' ||
      format('select l.order_date, l.owner_id, l.department_id, l.region_id, l.customer_id, l.product_id, ' || line_measures || '
      from %2$s o join sales_order_lines l on l.order_id = o.id where o.status in ' || order_counts, s, rel);
  elsif kind = 'order_count' then
    return format('select o.order_date, o.owner_id, o.department_id, o.region_id, o.customer_id, null::uuid, %1$s, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint
      from %2$s o where o.status in ' || order_counts, s, rel);
  elsif kind = 'return_lines' then
    return format('select r.return_date, r.owner_id, r.department_id, r.region_id, r.customer_id, l.product_id, ' || return_measures || '
      from %2$s rl join sales_returns r on r.id = rl.return_id join sales_order_lines l on l.id = rl.order_line_id where r.status = ''confirmed''', s, rel);
  elsif kind = 'line_returns' then
    -- the confirmed returns of order lines (they take the line's product and cost)
    return format('select r.return_date, r.owner_id, r.department_id, r.region_id, r.customer_id, l.product_id, ' || return_measures || '
      from %2$s l join sales_return_lines rl on rl.order_line_id = l.id join sales_returns r on r.id = rl.return_id where r.status = ''confirmed''', s, rel);
  elsif kind = 'returns' then
    return format('select r.return_date, r.owner_id, r.department_id, r.region_id, r.customer_id, null::uuid, 0, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint, %1$s, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint
      from %2$s r where r.status = ''confirmed''', s, rel)
      || ' union all ' ||
      format('select r.return_date, r.owner_id, r.department_id, r.region_id, r.customer_id, l.product_id, ' || return_measures || '
      from %2$s r join sales_return_lines rl on rl.return_id = r.id join sales_order_lines l on l.id = rl.order_line_id where r.status = ''confirmed''', s, rel);
  elsif kind = 'return_count' then
    return format('select r.return_date, r.owner_id, r.department_id, r.region_id, r.customer_id, null::uuid, 0, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint, %1$s, 0, 0::numeric, 0::bigint, 0::bigint, 0::bigint, 0::bigint
      from %2$s r where r.status = ''confirmed''', s, rel);
  end if;
  raise exception 'stats_delta_sql: unknown kind %', kind;
end $$;

-- The statement that adds delta rows (the SELECT `src`) into the three summary tables.
create function stats_apply_sql(src text) returns text
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
select (select count(*) from by_day) + (select count(*) from by_product) + (select count(*) from by_customer)'
$$;

-- One trigger function per source table, fired once per statement with the statement's
-- rows as transition tables (PostgreSQL allows one event per trigger with transition
-- tables, hence three triggers per table). An UPDATE that changes nothing counted
-- (a version bump, notes, totals) does no summary work.
create function stats_on_order_lines() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    execute stats_apply_sql(stats_delta_sql('new_rows', 'order_lines', 1));
  elsif tg_op = 'DELETE' then
    execute stats_apply_sql(stats_delta_sql('old_rows', 'order_lines', -1));
  elsif exists (select 1 from new_rows n join old_rows o on o.id = n.id
                where (n.order_id, n.order_date, n.owner_id, n.department_id, n.region_id, n.customer_id, n.product_id, n.quantity, n.net_amount, n.tax_amount, n.cost_amount)
                  is distinct from (o.order_id, o.order_date, o.owner_id, o.department_id, o.region_id, o.customer_id, o.product_id, o.quantity, o.net_amount, o.tax_amount, o.cost_amount)) then
    -- A line's returns are counted with the line's product and cost: they move with it.
    execute stats_apply_sql(stats_delta_sql('new_rows', 'order_lines', 1) || ' union all ' || stats_delta_sql('old_rows', 'order_lines', -1)
      || ' union all ' || stats_delta_sql('new_rows', 'line_returns', 1) || ' union all ' || stats_delta_sql('old_rows', 'line_returns', -1));
  end if;
  return null;
end $$;

create function stats_on_orders() returns trigger language plpgsql as $$
begin
  -- A new order has no lines yet; an order is deleted only after its lines (foreign key).
  if tg_op = 'INSERT' then
    execute stats_apply_sql(stats_delta_sql('new_rows', 'order_count', 1));
  elsif tg_op = 'DELETE' then
    execute stats_apply_sql(stats_delta_sql('old_rows', 'order_count', -1));
  elsif exists (select 1 from new_rows n join old_rows o on o.id = n.id
                where (n.status, n.order_date, n.owner_id, n.department_id, n.region_id, n.customer_id)
                  is distinct from (o.status, o.order_date, o.owner_id, o.department_id, o.region_id, o.customer_id)) then
    -- The lines are counted on their own columns: only a status change moves them here.
    execute stats_apply_sql(
      stats_delta_sql('(select n.* from new_rows n join old_rows o on o.id = n.id where n.status is distinct from o.status)', 'orders', 1) || ' union all ' ||
      stats_delta_sql('(select o.* from new_rows n join old_rows o on o.id = n.id where n.status is distinct from o.status)', 'orders', -1) || ' union all ' ||
      stats_delta_sql('(select n.* from new_rows n join old_rows o on o.id = n.id where n.status is not distinct from o.status)', 'order_count', 1) || ' union all ' ||
      stats_delta_sql('(select o.* from new_rows n join old_rows o on o.id = n.id where n.status is not distinct from o.status)', 'order_count', -1));
  end if;
  return null;
end $$;

create function stats_on_return_lines() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    execute stats_apply_sql(stats_delta_sql('new_rows', 'return_lines', 1));
  elsif tg_op = 'DELETE' then
    execute stats_apply_sql(stats_delta_sql('old_rows', 'return_lines', -1));
  elsif exists (select 1 from new_rows n join old_rows o on o.id = n.id
                where (n.return_id, n.order_line_id, n.quantity, n.net_amount, n.tax_amount)
                  is distinct from (o.return_id, o.order_line_id, o.quantity, o.net_amount, o.tax_amount)) then
    execute stats_apply_sql(stats_delta_sql('new_rows', 'return_lines', 1) || ' union all ' || stats_delta_sql('old_rows', 'return_lines', -1));
  end if;
  return null;
end $$;

create function stats_on_returns() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    execute stats_apply_sql(stats_delta_sql('new_rows', 'return_count', 1));
  elsif tg_op = 'DELETE' then
    execute stats_apply_sql(stats_delta_sql('old_rows', 'return_count', -1));
  elsif exists (select 1 from new_rows n join old_rows o on o.id = n.id
                where (n.status, n.return_date, n.owner_id, n.department_id, n.region_id, n.customer_id)
                  is distinct from (o.status, o.return_date, o.owner_id, o.department_id, o.region_id, o.customer_id)) then
    -- Return lines carry no dimensions of their own: any change of the header moves them.
    execute stats_apply_sql(stats_delta_sql('new_rows', 'returns', 1) || ' union all ' || stats_delta_sql('old_rows', 'returns', -1));
  end if;
  return null;
end $$;

create trigger stats_order_lines_ins after insert on sales_order_lines referencing new table as new_rows for each statement execute function stats_on_order_lines();
create trigger stats_order_lines_upd after update on sales_order_lines referencing new table as new_rows old table as old_rows for each statement execute function stats_on_order_lines();
create trigger stats_order_lines_del after delete on sales_order_lines referencing old table as old_rows for each statement execute function stats_on_order_lines();
create trigger stats_orders_ins after insert on sales_orders referencing new table as new_rows for each statement execute function stats_on_orders();
create trigger stats_orders_upd after update on sales_orders referencing new table as new_rows old table as old_rows for each statement execute function stats_on_orders();
create trigger stats_orders_del after delete on sales_orders referencing old table as old_rows for each statement execute function stats_on_orders();
create trigger stats_return_lines_ins after insert on sales_return_lines referencing new table as new_rows for each statement execute function stats_on_return_lines();
create trigger stats_return_lines_upd after update on sales_return_lines referencing new table as new_rows old table as old_rows for each statement execute function stats_on_return_lines();
create trigger stats_return_lines_del after delete on sales_return_lines referencing old table as old_rows for each statement execute function stats_on_return_lines();
create trigger stats_returns_ins after insert on sales_returns referencing new table as new_rows for each statement execute function stats_on_returns();
create trigger stats_returns_upd after update on sales_returns referencing new table as new_rows old table as old_rows for each statement execute function stats_on_returns();
create trigger stats_returns_del after delete on sales_returns referencing old table as old_rows for each statement execute function stats_on_returns();

-- The summaries recomputed from the base rows: what `salesdesk stats verify` compares with
-- and `salesdesk stats rebuild` writes. Rows whose every measure is zero are left out (the
-- triggers may leave such rows behind after a delete; they change no figure).
create function stats_rebuild() returns void language plpgsql as $$
begin
  delete from stats_sales_day;
  delete from stats_sales_month_product;
  delete from stats_sales_month_customer;
  execute stats_apply_sql(stats_delta_sql('sales_order_lines', 'order_lines', 1) || ' union all ' || stats_delta_sql('sales_orders', 'order_count', 1)
    || ' union all ' || stats_delta_sql('sales_return_lines', 'return_lines', 1) || ' union all ' || stats_delta_sql('sales_returns', 'return_count', 1));
end $$;

-- The summary tables are updated in place, row by row: room left on each page lets the
-- server update a row where it stands (a HOT update, no new index entry). The measures are
-- not indexed, so every such update qualifies.
alter table stats_sales_day set (fillfactor = 60);
alter table stats_sales_month_product set (fillfactor = 60);
alter table stats_sales_month_customer set (fillfactor = 60);

-- The existing rows (demo data, earlier imports) counted once.
select stats_rebuild();
