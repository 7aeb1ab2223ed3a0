-- The client's Idempotency-Key of POST /orders, kept on the order it created (platform/idempotency
-- holds the key -> answer record). The unique index is the last line of defence: whatever path
-- writes an order (the API, or a write deferred while this database was down), one key can never
-- name two orders.
alter table orders add column idempotency_key varchar(255);
create unique index orders_idempotency_key on orders (idempotency_key) where idempotency_key is not null;
