-- The summary tables are updated in place, row by row, by every write to the sales rows
-- (migration 0011). Room left on each page lets PostgreSQL update a row where it stands
-- (a HOT update: no index entry to add), which halved the summary work of a large import
-- (docs/benchmarks.md). The measures are not indexed, so every such update qualifies.
alter table stats_sales_day set (fillfactor = 60);
alter table stats_sales_month_product set (fillfactor = 60);
alter table stats_sales_month_customer set (fillfactor = 60);
