-- Idempotency keys (platform/idempotency). A key is claimed by inserting its row in the SAME
-- transaction as the request's writes: the request's effects and its stored answer commit
-- together, or neither does. A concurrent request with the same key blocks on the uncommitted row
-- (bounded by lock_timeout) and is answered 409.
create table idempotency_key (
    scope            varchar(64)  not null,
    idem_key         varchar(255) not null,
    fingerprint      varchar(64)  not null,   -- SHA-256 of the canonical request
    response_status  int,
    response_headers text,                    -- JSON object
    response_body    text,
    created_at       timestamptz  not null default now(),
    expires_at       timestamptz  not null,
    primary key (scope, idem_key)
);

create index idempotency_key_expiry on idempotency_key (expires_at);
