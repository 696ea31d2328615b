-- Imports keep the sales summary tables exact with one set-based change instead of the
-- statement triggers (issue 4, item 11; docs/benchmarks.md). The triggers of 0011 sum a
-- statement's rows from its transition table: for an import of a million lines that is a
-- million-row tuplestore joined back to sales_orders and aggregated four ways. An import
-- already knows each new order's totals and line count (it added them up while parsing),
-- so it sets `salesdesk.stats_import` for its own two INSERTs only (set_config(…, true):
-- local to its transaction, cleared again right after them) and then applies exactly the
-- same aggregate change itself, in the same transaction (imports.repo.ts, applyOrderStats).
-- Only INSERTs are skipped: updates and deletes (an undo) still go through the triggers.
-- Whoever could set the flag could also write the summary tables directly; `salesdesk stats
-- verify` (summary.ts) recomputes them from the base rows either way.

create or replace function stats_on_order_lines() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if current_setting('salesdesk.stats_import', true) = 'on' then
      return null;
    end if;
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

create or replace function stats_on_orders() returns trigger language plpgsql as $$
begin
  -- A new order has no lines yet; an order is deleted only after its lines (foreign key).
  if tg_op = 'INSERT' then
    if current_setting('salesdesk.stats_import', true) = 'on' then
      return null;
    end if;
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

-- The number of lines of each staged order (counted while parsing, like its totals).
alter table import_orders_stage add column line_count integer not null default 0;
