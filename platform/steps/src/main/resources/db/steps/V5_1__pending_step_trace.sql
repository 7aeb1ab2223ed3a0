-- The W3C trace context a step was registered in (the consumed event's span, the request's span, the
-- step that scheduled it): the worker starts each run's span under it, so every step of every
-- service joins the order's trace. Null for a step registered outside any trace; its runs start a
-- trace of their own.
alter table pending_step add column trace_parent varchar(128), add column trace_state varchar(512);
-- Version 5.1: payment-service has applied V5 and Flyway refuses a pending version below the applied
-- ones. Every service that reads db/steps numbers its next migration above this one (V6).
