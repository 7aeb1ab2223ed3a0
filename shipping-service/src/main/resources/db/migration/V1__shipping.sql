-- shipping-service schema (outbox/inbox tables: platform/outbox V0_1; pending_step: platform/steps V0_2).

-- Shipping's local record of each order, and the order's shipment. The row every saga handler and
-- step locks first (insert-if-absent + FOR UPDATE), so that events and steps of one order never
-- interleave. One shipment per order at most: order_id is the key, shipment_id is derived from it
-- (UUID v3 of "shipment:<orderId>"), so redeliveries and restarts always find the same shipment.
--
-- status: NEW (locked, nothing decided), PENDING (paid, booking step scheduled), SCHEDULED (booked
-- at the carrier), FAILED (carrier said the address is not deliverable), CANCEL_PENDING (booked,
-- carrier cancellation step scheduled), CANCELLED (cancelled at the carrier, or settled before it
-- was ever booked), TOMBSTONE (cancelled before any PaymentCaptured: a late one is ignored).
create table shipment (
    order_id             uuid          primary key,
    shipment_id          uuid          not null unique,
    status               varchar(16)   not null,
    -- the order's cancellation arrived while the booking step was PENDING; the step settles it
    cancel_requested     boolean       not null default false,
    -- the delivery address as PaymentCaptured carried it (null for a tombstone)
    ship_name            varchar(128),
    ship_line1           varchar(128),
    ship_line2           varchar(128),
    ship_city            varchar(64),
    ship_postal_code     varchar(16),
    ship_country         varchar(2),
    -- what the carrier answered to the booking
    carrier              varchar(64),
    carrier_shipment_id  varchar(64),
    tracking_number      varchar(64),
    failure_reason       varchar(500),
    -- W3C trace context of the event that caused the pending step: the step's events join that trace
    trace_parent         varchar(64),
    trace_state          varchar(512),
    created_at           timestamptz   not null default now(),
    updated_at           timestamptz   not null default now(),
    -- set once, when the order's cancellation was settled (ShippingSettled emitted)
    settled_at           timestamptz
);
