-- inventory-service schema (the outbox/inbox tables come from platform/outbox, V0_1).

-- One row per product. The check constraints are the last line of defence against oversell:
-- a bug that would drive a counter negative fails the transaction instead.
create table product (
    sku          varchar(64)  primary key,
    name         varchar(200) not null,
    price_minor  bigint       not null check (price_minor >= 0),   -- minor units (cents)
    currency     char(3)      not null,                            -- ISO 4217
    available    integer      not null check (available >= 0),    -- may be sold
    reserved     integer      not null default 0 check (reserved >= 0),  -- held for running orders
    sold         integer      not null default 0 check (sold >= 0),      -- taken by completed orders
    updated_at   timestamptz  not null default now()
);

-- Inventory's local record of each order: the row every saga handler locks first, so events of
-- one order never interleave. status: NEW (locked, nothing decided), RESERVED, REJECTED, SOLD,
-- RELEASED, TOMBSTONE (cancelled before any OrderPlaced). settled_at: the cancellation was
-- settled (InventorySettled emitted) - at most once per order.
create table order_stock (
    order_id    uuid        primary key,
    status      varchar(16) not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    settled_at  timestamptz
);

-- What an order holds (RESERVED) or held (SOLD, RELEASED): one row per SKU.
create table order_stock_line (
    order_id  uuid        not null references order_stock (order_id),
    sku       varchar(64) not null,
    quantity  integer     not null check (quantity > 0),
    primary key (order_id, sku)
);
