-- Platform: settings, organisation, users and roles, sessions, API tokens,
-- login throttling, the hash-chained audit log, idempotency keys and gap-free numbers.
-- Foreign keys are DEFERRABLE so that a restore can load tables in any order inside one transaction.

create extension if not exists pg_trgm;

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table departments (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  code text,
  parent_id uuid references departments(id) deferrable initially immediate,
  manager_id uuid,
  is_archived boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index departments_code_key on departments (lower(code)) where code is not null;
create index departments_parent_idx on departments (parent_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null,
  password_hash text,
  locale text not null default 'en' check (locale in ('en', 'zh-CN')),
  department_id uuid references departments(id) deferrable initially immediate,
  manager_id uuid references users(id) deferrable initially immediate,
  phone text,
  title text,
  is_active boolean not null default true,
  password_changed_at timestamptz,
  last_login_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
create index users_department_idx on users (department_id);
create index users_manager_idx on users (manager_id);

alter table departments add constraint departments_manager_fk
  foreign key (manager_id) references users(id) deferrable initially immediate;

create table user_roles (
  user_id uuid not null references users(id) deferrable initially immediate,
  role text not null check (role in ('admin', 'manager', 'assistant', 'rep', 'finance', 'viewer')),
  primary key (user_id, role)
);

create table sessions (
  id_hash text primary key,
  user_id uuid not null references users(id) deferrable initially immediate,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) deferrable initially immediate,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

-- One row per throttled key ('account:<email>' or 'ip:<address>'); shared by every instance.
create table login_throttle (
  key text primary key,
  attempts integer not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

create table audit_log (
  seq bigint generated always as identity primary key,
  at timestamptz not null,
  actor_id uuid,
  actor_label text,
  action text not null,
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  prev_hash text,
  hash text not null
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);
create index audit_log_actor_idx on audit_log (actor_id, seq);
create index audit_log_at_idx on audit_log (at);

-- Append-only: the database refuses to change or remove an audit entry.
create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'P0001';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();

create table idempotency_keys (
  user_id uuid not null,
  key text not null,
  method text not null,
  path text not null,
  body_hash text not null,
  status_code integer,
  response_body text,
  response_type text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- Gap-free human numbers (SO-2026-00042): the row is locked while a number is taken,
-- inside the transaction that creates the document, so a rollback returns the number.
create table number_sequences (
  name text not null,
  year integer not null,
  last_value bigint not null default 0,
  primary key (name, year)
);
