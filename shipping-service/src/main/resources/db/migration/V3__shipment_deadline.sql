-- The order's deadline, from PaymentCaptured (null when its producer did not send one): the booking
-- step does not book a shipment for an order past it (status EXPIRED, settled by the cancellation).
-- V3: above platform/steps' V2_1, which this service applied already.
alter table shipment add column deadline timestamptz;
