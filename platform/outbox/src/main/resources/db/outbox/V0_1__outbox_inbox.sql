-- Transactional outbox and inbox, shared by every service (platform/outbox).
-- Versions below 1 so that each service's own migrations (V1, V2, ...) come after these.

create table outbox_event (
    id             uuid         primary key,          -- the CloudEvent id
    seq            bigserial    not null unique,      -- publish order
    aggregate_id   varchar(64)  not null,             -- Kafka key: the orderId
    topic          varchar(128) not null,
    event_type     varchar(128) not null,             -- CloudEvent type
    payload        text         not null,             -- JSON data
    trace_parent   varchar(128),                      -- W3C trace context the row was written in
    trace_state    varchar(512),
    created_at     timestamptz  not null default now(),
    published_at   timestamptz
);

-- The relay only ever scans unpublished rows, in order.
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;

-- Wake the relay when a transaction that wrote outbox rows commits. NOTIFY is transactional:
-- a rolled-back transaction notifies nobody; one statement-level notification per insert statement.
create or replace function outbox_event_notify() returns trigger as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end;
$$ language plpgsql;

create trigger outbox_event_inserted
    after insert on outbox_event
    for each statement execute function outbox_event_notify();

-- Inbox: one row per (consumer group, event id) handled; a redelivered event finds its row and is skipped.
create table inbox_event (
    consumer_group varchar(128) not null,
    event_id       uuid         not null,
    event_type     varchar(128) not null,
    received_at    timestamptz  not null default now(),
    primary key (consumer_group, event_id)
);
