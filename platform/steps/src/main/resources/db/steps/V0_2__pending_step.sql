-- Pending saga steps that call a third party (platform/steps). A row is written in the same
-- transaction that decides the step is needed, and deleted in the transaction that records its
-- result. While it exists, the worker keeps (re)trying it with backoff.
create table pending_step (
    id              uuid          primary key,
    order_id        uuid          not null,
    kind            varchar(64)   not null,
    attempts        int           not null default 0,
    next_attempt_at timestamptz   not null default now(),
    last_error      varchar(1000),
    created_at      timestamptz   not null default now(),
    unique (order_id, kind)
);

create index pending_step_due on pending_step (next_attempt_at);
