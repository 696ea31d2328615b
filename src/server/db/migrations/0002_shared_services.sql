-- Shared services: jobs and schedules, notifications and mail outbox, files,
-- approvals (flows, requests, tasks, history, delegation), general requests,
-- reminders, tasks.

create table jobs (
  id uuid primary key default gen_random_uuid(),
  queue text not null,
  payload jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  singleton_key text,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create unique index jobs_singleton_key on jobs (singleton_key) where singleton_key is not null;
create index jobs_due_idx on jobs (run_at) where status in ('queued', 'running');
create index jobs_status_idx on jobs (status, finished_at);

create table job_schedules (
  name text primary key,
  cron text not null,
  time_zone text not null,
  queue text not null,
  payload jsonb not null default '{}',
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  is_enabled boolean not null default true
);

create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) deferrable initially immediate,
  kind text not null,
  params jsonb not null default '{}',
  link text,
  entity_type text,
  entity_id text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc, id);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

create table notification_preferences (
  user_id uuid not null references users(id) deferrable initially immediate,
  kind text not null,
  in_app boolean not null default true,
  email boolean not null default true,
  primary key (user_id, kind)
);

create table mail_outbox (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid references notifications(id) deferrable initially immediate,
  to_address text not null,
  subject text not null,
  text_body text not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  message_id text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_outbox_status_idx on mail_outbox (status, created_at);

create table file_blobs (
  sha256 text primary key,
  size bigint not null,
  store text not null check (store in ('disk', 'db')),
  created_at timestamptz not null default now()
);

create table file_blob_chunks (
  sha256 text not null references file_blobs(sha256) deferrable initially immediate,
  chunk_no integer not null,
  data bytea not null,
  primary key (sha256, chunk_no)
);

create table files (
  id uuid primary key default gen_random_uuid(),
  sha256 text not null references file_blobs(sha256) deferrable initially immediate,
  name text not null,
  mime text not null,
  size bigint not null,
  purpose text not null,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now()
);
create index files_sha256_idx on files (sha256);

create table file_links (
  file_id uuid not null references files(id) deferrable initially immediate,
  entity_type text not null,
  entity_id text not null,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  primary key (file_id, entity_type, entity_id)
);
create index file_links_entity_idx on file_links (entity_type, entity_id);

create table approval_flows (
  doc_type text primary key,
  steps jsonb not null,
  version integer not null default 1,
  updated_by uuid references users(id) deferrable initially immediate,
  updated_at timestamptz not null default now()
);

create table approval_requests (
  id uuid primary key default gen_random_uuid(),
  doc_type text not null,
  doc_id text not null,
  title text not null,
  amount bigint,
  currency text,
  submitter_id uuid not null references users(id) deferrable initially immediate,
  status text not null check (status in ('pending', 'approved', 'rejected', 'returned', 'withdrawn')),
  current_step integer not null default 0,
  steps jsonb not null,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  version integer not null default 1
);
create unique index approval_requests_one_pending on approval_requests (doc_type, doc_id) where status = 'pending';
create index approval_requests_doc_idx on approval_requests (doc_type, doc_id, created_at);
create index approval_requests_submitter_idx on approval_requests (submitter_id, created_at desc);

create table approval_tasks (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references approval_requests(id) deferrable initially immediate,
  step_index integer not null,
  approver_id uuid not null references users(id) deferrable initially immediate,
  status text not null check (status in ('waiting', 'pending', 'approved', 'rejected', 'returned', 'skipped')),
  acted_by uuid references users(id) deferrable initially immediate,
  acted_at timestamptz,
  comment text
);
create index approval_tasks_approver_idx on approval_tasks (approver_id, status);
create index approval_tasks_request_idx on approval_tasks (request_id, step_index);

create table approval_events (
  id bigint generated always as identity primary key,
  request_id uuid not null references approval_requests(id) deferrable initially immediate,
  at timestamptz not null default now(),
  actor_id uuid references users(id) deferrable initially immediate,
  on_behalf_of uuid references users(id) deferrable initially immediate,
  action text not null,
  step_index integer,
  comment text
);
create index approval_events_request_idx on approval_events (request_id, id);

create table approval_delegations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) deferrable initially immediate,
  delegate_id uuid not null references users(id) deferrable initially immediate,
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check (ends_on >= starts_on),
  check (user_id <> delegate_id)
);
create index approval_delegations_user_idx on approval_delegations (user_id, starts_on, ends_on);

create table general_requests (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  title text not null,
  body text not null default '',
  amount bigint,
  currency text not null,
  submitter_id uuid not null references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  status text not null check (status in ('draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  decided_at timestamptz,
  check (amount is null or amount >= 0)
);
create index general_requests_submitter_idx on general_requests (submitter_id, created_at desc);

create table reminders (
  id uuid primary key default gen_random_uuid(),
  entity_type text not null,
  entity_id text not null,
  user_id uuid not null references users(id) deferrable initially immediate,
  title text not null,
  link text,
  due_on date not null,
  remind_days_before integer not null default 1 check (remind_days_before >= 0),
  remind_on_due boolean not null default true,
  escalate_after_days integer check (escalate_after_days is null or escalate_after_days >= 0),
  status text not null default 'active' check (status in ('active', 'done', 'cancelled')),
  sent_before_at timestamptz,
  sent_due_at timestamptz,
  sent_overdue_at timestamptz,
  escalated_at timestamptz,
  escalated_to uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  unique (entity_type, entity_id, user_id)
);
create index reminders_active_idx on reminders (due_on) where status = 'active';
create index reminders_user_idx on reminders (user_id, due_on) where status = 'active';

create table tasks (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  title text not null,
  description text not null default '',
  due_on date,
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'cancelled')),
  created_by uuid not null references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  related_type text,
  related_id text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz
);
create index tasks_due_idx on tasks (due_on) where status in ('open', 'in_progress');
create index tasks_related_idx on tasks (related_type, related_id);

create table task_assignees (
  task_id uuid not null references tasks(id) deferrable initially immediate,
  user_id uuid not null references users(id) deferrable initially immediate,
  status text not null default 'open' check (status in ('open', 'in_progress', 'done')),
  result text,
  completed_at timestamptz,
  primary key (task_id, user_id)
);
create index task_assignees_user_idx on task_assignees (user_id, status);

create table task_comments (
  id uuid primary key default gen_random_uuid(),
  task_id uuid not null references tasks(id) deferrable initially immediate,
  author_id uuid not null references users(id) deferrable initially immediate,
  body text not null,
  created_at timestamptz not null default now()
);
create index task_comments_task_idx on task_comments (task_id, created_at);
