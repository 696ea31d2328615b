-- Electronic document archive (issue 6, part 1): documents with versions, types with a
-- retention period, a category tree, links to customers/contracts/orders, confidentiality
-- grants, and one searchable text per document (trigram-indexed: Chinese has no word breaks).

create table archive_document_types (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_en text not null,
  name_zh text not null,
  -- Months after the document date when the document is due for review; null: kept indefinitely.
  retention_months integer check (retention_months is null or retention_months between 1 and 1200),
  sort integer not null default 0,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

insert into archive_document_types (code, name_en, name_zh, retention_months, sort) values
  ('contract', 'Contract', '合同', 120, 10),
  ('sales_order', 'Sales order', '销售订单', 60, 20),
  ('sales_return', 'Sales return', '销售退货单', 60, 30),
  ('quotation', 'Quotation', '报价单', 36, 40),
  ('invoice', 'Invoice', '发票', 120, 50),
  ('licence', 'Licence', '证照', 60, 60),
  ('correspondence', 'Correspondence', '往来函件', 36, 70),
  ('other', 'Other', '其他', null, 80);

create table archive_categories (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references archive_categories(id) deferrable initially immediate,
  name_en text not null,
  name_zh text not null,
  sort integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index archive_categories_parent_idx on archive_categories (parent_id);

create table archive_documents (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  title text not null,
  type_code text not null references archive_document_types(code) deferrable initially immediate,
  category_id uuid references archive_categories(id) deferrable initially immediate,
  tags text[] not null default '{}',
  document_date date,
  counterparty text not null default '',
  notes text not null default '',
  confidentiality text not null default 'internal' check (confidentiality in ('internal', 'confidential', 'secret')),
  owner_id uuid references users(id) deferrable initially immediate,
  department_id uuid references departments(id) deferrable initially immediate,
  current_version integer not null default 1,
  -- Title, number, counterparty, tags, file name and the current version's extracted text, in one
  -- column so that one trigram index answers every search (see docs/archive.md).
  search_text text not null default '',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index archive_documents_search_trgm on archive_documents using gin (search_text gin_trgm_ops);
create index archive_documents_title_trgm on archive_documents using gin (title gin_trgm_ops);
create index archive_documents_tags_idx on archive_documents using gin (tags);
create index archive_documents_type_idx on archive_documents (type_code, document_date);
create index archive_documents_category_idx on archive_documents (category_id);
-- The order of every list and of search hits after the title hits (newest first): a page can stop early.
create index archive_documents_date_idx on archive_documents (document_date desc nulls last, id desc);
create index archive_documents_owner_idx on archive_documents (owner_id);
create index archive_documents_department_idx on archive_documents (department_id);

create table archive_document_versions (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references archive_documents(id) deferrable initially immediate,
  version_no integer not null,
  file_id uuid not null references files(id) deferrable initially immediate,
  comment text not null default '',
  -- pending → done | empty | encrypted | failed | unsupported (set by the extraction job).
  extraction_status text not null default 'pending' check (extraction_status in ('pending', 'done', 'empty', 'encrypted', 'failed', 'unsupported')),
  extraction_error text,
  extracted_text text,
  created_by uuid references users(id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  unique (document_id, version_no)
);

create table archive_document_links (
  document_id uuid not null references archive_documents(id) deferrable initially immediate,
  entity_type text not null check (entity_type in ('customer', 'contract', 'sales_order')),
  entity_id uuid not null,
  primary key (document_id, entity_type, entity_id)
);
create index archive_document_links_entity_idx on archive_document_links (entity_type, entity_id);

create table archive_document_grants (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references archive_documents(id) deferrable initially immediate,
  user_id uuid references users(id) deferrable initially immediate,
  role text,
  granted_by uuid references users(id) deferrable initially immediate,
  granted_at timestamptz not null default now(),
  check ((user_id is null) <> (role is null))
);
create unique index archive_document_grants_user_uq on archive_document_grants (document_id, user_id) where user_id is not null;
create unique index archive_document_grants_role_uq on archive_document_grants (document_id, role) where role is not null;
create index archive_document_grants_user_idx on archive_document_grants (user_id);
