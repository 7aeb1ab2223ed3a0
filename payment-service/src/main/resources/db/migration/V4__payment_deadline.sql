-- The order's deadline, from StockReserved (null when its producer did not send one): the charge
-- step does not start a charge for an order past it (status EXPIRED, settled by the cancellation).
alter table payment add column deadline timestamptz;
