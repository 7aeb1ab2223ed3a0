-- payment-service schema (outbox/inbox from platform/outbox V0_1, pending_step from platform/steps V0_2).

-- payment-service's local record of each order: one row per order, the row every saga handler and
-- step locks first (insert-if-absent + SELECT ... FOR UPDATE), so events and steps of one order
-- never interleave. id = UUID v3 of "payment:<orderId>" (PaymentSaga.paymentIdFor): deterministic, so
-- the provider idempotency keys (charge-<id>, refund-<id>) survive redeliveries and restarts.
--
-- status: NEW (locked in the current transaction, nothing decided; never committed), PENDING
-- (charge step scheduled), CAPTURED, DECLINED, CANCELLED (cancel settled before any charge reached
-- the provider), REFUND_PENDING (refund step scheduled), REFUNDED, TOMBSTONE (cancelled before
-- StockReserved; a late StockReserved is ignored).
create table payment (
    id                  uuid         primary key,
    order_id            uuid         not null unique,
    status              varchar(16)  not null,
    amount_minor        bigint       check (amount_minor >= 0),     -- order total, minor units; null for a tombstone
    currency            char(3),                                     -- ISO 4217; null for a tombstone
    payment_token       varchar(128),                                -- card token, needed to (re)send the charge
    shipping_address    text,                                        -- JSON, forwarded in PaymentCaptured
    provider_charge_id  varchar(64),                                 -- set once the provider's charge succeeded
    failure_code        varchar(64),                                 -- the provider's (or our) decline reason
    refunded_minor      bigint       not null default 0 check (refunded_minor >= 0),
    cancel_requested    boolean      not null default false,         -- OrderCancellationRequested was handled
    settled_at          timestamptz,                                 -- PaymentSettled emitted (at most once)
    trace_parent        varchar(128),                                -- W3C context of the causing event: step
    trace_state         varchar(512),                                --   events join the order's trace
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now()
);
