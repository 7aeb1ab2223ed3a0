-- order-service schema. The outbox/inbox tables come from platform/outbox (db/outbox, V0_1).

create table orders (
    id                        uuid         primary key,
    customer_id               varchar(64)  not null,
    status                    varchar(16)  not null,
    reason                    varchar(32),                 -- CancellationReason once a cancel was requested
    reason_detail             varchar(512),
    currency                  char(3)      not null,       -- one currency per order
    total_amount              bigint       not null,       -- minor units
    payment_token_hint        varchar(16),                 -- masked; the raw token only travels in OrderPlaced
    ship_name                 varchar(128) not null,
    ship_line1                varchar(128) not null,
    ship_line2                varchar(128),
    ship_city                 varchar(64)  not null,
    ship_postal_code          varchar(16)  not null,
    ship_country              char(2)      not null,
    deadline                  timestamptz  not null,
    trace_parent              varchar(128),                -- the placing request's trace: deadline cancels join it
    created_at                timestamptz  not null,
    updated_at                timestamptz  not null,
    -- saga facts (see OrderSaga / SagaState): the status is derived from these
    stock_reserved            boolean      not null default false,
    payment_captured          boolean      not null default false,
    shipment_scheduled        boolean      not null default false,
    inventory_settled         boolean      not null default false,
    released_stock            text,                        -- JSON [{sku, quantity}]
    payment_settled           boolean      not null default false,
    refunded_amount           bigint,
    refunded_currency         char(3),
    shipping_settled          boolean      not null default false,
    cancelled_tracking_number varchar(128)
);

-- Keyset pagination, newest first, with and without the customer filter.
create index orders_customer_page on orders (customer_id, created_at desc, id desc);
create index orders_page on orders (created_at desc, id desc);
-- The deadline job only scans open orders.
create index orders_open_deadline on orders (deadline) where status in ('PENDING', 'STOCK_RESERVED', 'PAID');

create table order_line (
    id                bigserial   primary key,
    order_id          uuid        not null references orders (id),
    line_no           int         not null,
    sku               varchar(64) not null,
    quantity          int         not null check (quantity > 0),
    unit_price_amount bigint      not null check (unit_price_amount >= 0),
    unique (order_id, line_no)
);

create table order_timeline (
    id       bigserial     primary key,   -- insertion order = timeline order
    order_id uuid          not null references orders (id),
    event    varchar(64)   not null,
    at       timestamptz   not null,
    service  varchar(64)   not null,
    detail   varchar(1024)
);
create index order_timeline_order on order_timeline (order_id, id);
