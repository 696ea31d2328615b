import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely. Dates from `date` columns are 'YYYY-MM-DD' strings; int8 is a number (see type-parsers.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface SettingsTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

export interface DepartmentsTable {
  id: Generated<string>;
  name: string;
  code: string | null;
  parent_id: string | null;
  manager_id: string | null;
  is_archived: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  locale: Generated<'en' | 'zh-CN'>;
  department_id: string | null;
  manager_id: string | null;
  phone: string | null;
  title: string | null;
  is_active: Generated<boolean>;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  attempts: Generated<number>;
  window_started_at: Timestamp;
  locked_until: Date | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Date;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status_code: number | null;
  response_body: string | null;
  response_type: string | null;
  created_at: Timestamp;
  completed_at: Date | null;
}

export interface NumberSequencesTable {
  name: string;
  year: number;
  last_value: number;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface Database {
  settings: SettingsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  number_sequences: NumberSequencesTable;
  schema_migrations: SchemaMigrationsTable;
}
