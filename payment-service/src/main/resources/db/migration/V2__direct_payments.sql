-- Direct payments (POST /payments): charges made outside the checkout saga, e.g. by a support agent.
--
-- They live in the same table as the saga's payments so that GET /payments/{id} and the audit see
-- every charge payment-service made. To leave the saga's code and constraints untouched, a direct
-- payment's order_id is its own id (order_id stays NOT NULL UNIQUE; the saga only ever looks rows up
-- by PaymentSaga.paymentIdFor(orderId), a UUID v3 of "payment:<orderId>", which can never equal a
-- direct payment's id, a UUID v3 of "direct:<Idempotency-Key>"). The provider sees the same value as
-- its orderId, so its ledger books the charge under the payment id.
--
-- kind: SAGA (one per order, created by StockReserved) or DIRECT. Every existing row is SAGA, and the
-- saga's insert-if-absent (id, order_id, status) gets SAGA from the default.
-- reference: the client's reference of a direct payment (1..64 characters); null for the saga.
alter table payment add column kind varchar(8) not null default 'SAGA'
    check (kind in ('SAGA', 'DIRECT'));
alter table payment add column reference varchar(64);
alter table payment add constraint payment_direct_shape
    check (kind = 'SAGA' or (reference is not null and order_id = id));

-- GET /payments/direct pages through direct payments oldest first (created_at, id).
create index payment_direct_by_creation on payment (created_at, id) where kind = 'DIRECT';
