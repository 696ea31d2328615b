-- Statistics (issue 5, part 2): saved report views per user, and report exports that run
-- as background jobs (their progress, and the stored file once ready). Both are private
-- to the user who made them.

create table stats_report_views (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  name text not null check (length(name) between 1 and 200),
  -- 'sales' (the report page), 'pivot' or 'dashboard'
  kind text not null check (kind in ('sales', 'pivot', 'dashboard')),
  params jsonb not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, kind, name)
);

create table stats_exports (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  kind text not null check (kind in ('sales', 'pivot')),
  format text not null check (format in ('xlsx', 'pdf')),
  locale text not null,
  params jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  progress integer not null default 0 check (progress between 0 and 100),
  file_id uuid references files(id),
  message text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index stats_exports_user_idx on stats_exports (user_id, created_at desc);
