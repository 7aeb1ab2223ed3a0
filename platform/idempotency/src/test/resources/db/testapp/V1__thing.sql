create table thing (id bigserial primary key, name varchar(100) not null);
