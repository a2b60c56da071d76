-- HireWire source schema and its two application roles.
-- hirewire_app reads and writes data but owns nothing, so it cannot alter or drop tables.
-- hirewire_etl only reads; the grants in 005 extend to tables added later.
-- Roles are cluster-wide: create them only when missing so every database can share them.

create schema if not exists hirewire;

do $$
begin
    if not exists (select from pg_roles where rolname = 'hirewire_app') then
        create role hirewire_app login;
    end if;
    if not exists (select from pg_roles where rolname = 'hirewire_etl') then
        create role hirewire_etl login;
    end if;
end
$$;

-- The ETL role can never write, whatever a client asks for.
alter role hirewire_etl set default_transaction_read_only = on;

revoke create on schema hirewire from public;
