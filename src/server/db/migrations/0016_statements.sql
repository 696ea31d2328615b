-- Reps' periodic statements and the department report (issue 5, docs/statements.md).
-- A statement period is one department's month, quarter or (fiscal) year; each active rep of the
-- department gets one statement for it. Figures are kept as JSON objects of integers (minor units
-- for money, counts otherwise): the system's are recomputed from the statistics when shown and
-- snapshotted at submission; the rep's own are what they reported where they differ.

create table statement_periods (
  id uuid primary key default gen_random_uuid(),
  department_id uuid not null references departments (id) deferrable initially immediate,
  kind text not null check (kind in ('month', 'quarter', 'year')),
  period_key text not null,
  starts_on date not null,
  ends_on date not null,
  due_on date not null,
  -- Closed by the assistant with a reason for the statements still missing; consolidation needs all in or this.
  closed_at timestamptz,
  closed_by uuid references users (id) deferrable initially immediate,
  close_reason text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (department_id, kind, period_key),
  check (ends_on >= starts_on)
);

create table statements (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  period_id uuid not null references statement_periods (id) deferrable initially immediate,
  rep_id uuid not null references users (id) deferrable initially immediate,
  department_id uuid not null references departments (id) deferrable initially immediate,
  kind text not null check (kind in ('month', 'quarter', 'year')),
  period_key text not null,
  starts_on date not null,
  ends_on date not null,
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'submitted', 'queried', 'resubmitted', 'accepted')),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  reported jsonb not null default '{}',
  system_at_submit jsonb,
  market text not null default '',
  problems text not null default '',
  next_steps text not null default '',
  query_question text,
  query_answer text,
  submitted_at timestamptz,
  queried_at timestamptz,
  queried_by uuid references users (id) deferrable initially immediate,
  accepted_at timestamptz,
  accepted_by uuid references users (id) deferrable initially immediate,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (rep_id, kind, period_key)
);
create index statements_period on statements (period_id);
create index statements_department on statements (department_id, kind, period_key);

create table department_reports (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  period_id uuid not null references statement_periods (id) deferrable initially immediate,
  department_id uuid not null references departments (id) deferrable initially immediate,
  kind text not null check (kind in ('month', 'quarter', 'year')),
  period_key text not null,
  version_no integer not null check (version_no >= 1),
  -- pending: with the leaders; acknowledged / returned: their answer; superseded: a later version replaced it.
  status text not null default 'pending' check (status in ('pending', 'acknowledged', 'returned', 'withdrawn', 'superseded')),
  locale text not null check (locale in ('en', 'zh-CN')),
  currency text not null,
  content jsonb not null,
  pdf_file_id uuid references files (id) deferrable initially immediate,
  archive_document_id uuid references archive_documents (id) deferrable initially immediate,
  approval_request_id uuid references approval_requests (id) deferrable initially immediate,
  created_by uuid not null references users (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  unique (period_id, version_no)
);
create index department_reports_department on department_reports (department_id, kind, period_key);

-- The department report is filed in the archive as a report.
insert into archive_document_types (code, name_en, name_zh, retention_months, sort) values ('report', 'Report', '报告', 120, 75)
  on conflict (code) do nothing;
