-- Direct payments record their intent before the provider is called (issue 13, "recovery point"):
-- POST /payments commits the payment PENDING (with its sealed card token) together with the claim of
-- the client's Idempotency-Key and a leased pending step, calls the provider outside any transaction,
-- then records the outcome and answers the key in a second transaction. Should the request die or the
-- provider not answer, the step worker finishes the payment and answers the key, which is why the row
-- names the key (caller = the operator's token subject). Null for saga payments.
alter table payment add column idempotency_caller varchar(255);
alter table payment add column idempotency_key varchar(255);
