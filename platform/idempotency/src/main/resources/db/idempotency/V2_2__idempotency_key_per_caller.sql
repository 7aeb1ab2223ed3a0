-- An Idempotency-Key is its caller's own (the bearer token's subject): two callers may use the same
-- key independently, and one caller's key can neither replay nor block another's request.
-- Rows written before this change belong to nobody in particular ('').
alter table idempotency_key add column caller varchar(255) not null default '';
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add primary key (scope, caller, idem_key);
