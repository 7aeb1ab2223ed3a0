-- Stock ever received per SKU (seeding and restocks). The audit checks conservation against it:
-- received = available + reserved + sold, whatever the saga did in between.
alter table product add column received bigint not null default 0;
update product set received = available + reserved + sold;
