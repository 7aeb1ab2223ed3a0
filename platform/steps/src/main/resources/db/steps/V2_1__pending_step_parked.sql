-- parked = the step's last run failed and it waits out its backoff (set by the worker's reschedule,
-- cleared by its claim). It tells a parked row from a leased one (both have next_attempt_at in the
-- future), so that a recovered third party can bring the parked ones forward without touching a
-- step another worker is running.
alter table pending_step add column parked boolean not null default false;
-- Version 2.1, not 0.x: the services that use steps (payment V2, shipping V1) have applied their own
-- migrations already, and Flyway refuses a pending version below the applied ones. A service's next
-- migration must be numbered above this one (V3).
