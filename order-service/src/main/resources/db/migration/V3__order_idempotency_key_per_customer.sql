-- Idempotency keys are per caller (platform/idempotency V2_2): one customer's key can never name two
-- of their orders, and two customers may use the same key.
drop index orders_idempotency_key;
create unique index orders_idempotency_key on orders (customer_id, idempotency_key) where idempotency_key is not null;
