-- Sales records (issue 4): indexes for the doors the sales module opens.

-- A contract's linked orders.
create index sales_orders_contract_idx on sales_orders (contract_id) where contract_id is not null;
-- Returns by customer (customer 360) and the returnable quantity per order line.
create index sales_returns_customer_idx on sales_returns (customer_id, return_date);
-- The workbench: open negotiations whose next step is due; contracts by negotiation (won → contract).
create index negotiations_next_step_idx on negotiations (next_step_on) where outcome = 'open';
create index contracts_negotiation_idx on contracts (negotiation_id) where negotiation_id is not null;
-- Lists newest first.
create index contracts_created_idx on contracts (created_at desc, id desc);
create index negotiations_created_idx on negotiations (created_at desc, id desc);
