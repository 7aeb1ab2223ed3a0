-- The column kept the sealed card token in varchar(128), but the order API accepts a clear token of up
-- to 128 characters and its sealed form is longer (key id, IV, GCM tag, base64): a token of more than
-- about 60 characters failed the StockReserved handler on every attempt and its order was dead-lettered.
-- The clear token's bound stays at the edges (order API, POST /payments); here it is whatever sealing makes.
alter table payment alter column payment_token type text;
