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


type DateOnly = string;

export interface JobsTable {
  id: Generated<string>;
  queue: string;
  payload: Json;
  status: Generated<'queued' | 'running' | 'done' | 'failed' | 'cancelled'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  singleton_key: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  time_zone: string;
  queue: string;
  payload: Json;
  next_run_at: Date;
  last_run_at: Date | null;
  is_enabled: Generated<boolean>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  params: Json;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  in_app: boolean;
  email: boolean;
}

export interface MailOutboxTable {
  id: Generated<string>;
  notification_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface FileBlobsTable {
  sha256: string;
  size: number;
  store: 'disk' | 'db';
  created_at: Timestamp;
}

export interface FileBlobChunksTable {
  sha256: string;
  chunk_no: number;
  data: Buffer;
}

export interface FilesTable {
  id: Generated<string>;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  purpose: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface FileLinksTable {
  file_id: string;
  entity_type: string;
  entity_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ApprovalFlowsTable {
  doc_type: string;
  steps: Json;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ApprovalRequestsTable {
  id: Generated<string>;
  doc_type: string;
  doc_id: string;
  title: string;
  amount: number | null;
  currency: string | null;
  submitter_id: string;
  status: 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
  current_step: Generated<number>;
  steps: Json;
  created_at: Timestamp;
  decided_at: Date | null;
  version: Generated<number>;
}

export interface ApprovalTasksTable {
  id: Generated<string>;
  request_id: string;
  step_index: number;
  approver_id: string;
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'returned' | 'skipped';
  acted_by: string | null;
  acted_at: Date | null;
  comment: string | null;
}

export interface ApprovalEventsTable {
  id: Generated<number>;
  request_id: string;
  at: Timestamp;
  actor_id: string | null;
  on_behalf_of: string | null;
  action: string;
  step_index: number | null;
  comment: string | null;
}

export interface ApprovalDelegationsTable {
  id: Generated<string>;
  user_id: string;
  delegate_id: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export interface GeneralRequestsTable {
  id: Generated<string>;
  number: string;
  title: string;
  body: Generated<string>;
  amount: number | null;
  currency: string;
  submitter_id: string;
  department_id: string | null;
  status: 'draft' | 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  decided_at: Date | null;
}

export interface RemindersTable {
  id: Generated<string>;
  entity_type: string;
  entity_id: string;
  user_id: string;
  title: string;
  link: string | null;
  due_on: DateOnly;
  remind_days_before: Generated<number>;
  remind_on_due: Generated<boolean>;
  escalate_after_days: number | null;
  status: Generated<'active' | 'done' | 'cancelled'>;
  sent_before_at: Date | null;
  sent_due_at: Date | null;
  sent_overdue_at: Date | null;
  escalated_at: Date | null;
  escalated_to: string | null;
  created_at: Timestamp;
  closed_at: Date | null;
}

export interface TasksTable {
  id: Generated<string>;
  number: string;
  title: string;
  description: Generated<string>;
  due_on: DateOnly | null;
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>;
  status: Generated<'open' | 'in_progress' | 'done' | 'cancelled'>;
  created_by: string;
  department_id: string | null;
  related_type: string | null;
  related_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Date | null;
}

export interface TaskAssigneesTable {
  task_id: string;
  user_id: string;
  status: Generated<'open' | 'in_progress' | 'done'>;
  result: string | null;
  completed_at: Date | null;
}

export interface TaskCommentsTable {
  id: Generated<string>;
  task_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
}

export interface RegionsTable {
  id: Generated<string>;
  code: string | null;
  name: string;
  parent_id: string | null;
  is_archived: Generated<boolean>;
  external_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegionRepsTable {
  region_id: string;
  user_id: string;
}

export interface ImportBatchesTable {
  id: Generated<string>;
  number: string;
  kind: 'customers' | 'contacts' | 'products' | 'orders';
  file_name: string;
  file_id: string | null;
  status: 'uploaded' | 'validated' | 'importing' | 'imported' | 'failed' | 'undone';
  mapping: Json | null;
  options: Json;
  total_rows: Generated<number>;
  valid_rows: Generated<number>;
  error_rows: Generated<number>;
  progress: Generated<number>;
  created_counts: Json;
  message: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface ImportBatchErrorsTable {
  batch_id: string;
  row_no: number;
  field: string | null;
  code: string;
  message: string;
  value: string | null;
  params: Record<string, string | number> | null;
}

export interface ImportTemplatesTable {
  id: Generated<string>;
  kind: string;
  name: string;
  mapping: Json;
  options: Json;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CustomersTable {
  id: Generated<string>;
  code: string;
  name: string;
  short_name: string | null;
  name_key: string;
  credit_code: string | null;
  credit_code_valid: boolean | null;
  licence_reg_no: string | null;
  licence_issued_on: DateOnly | null;
  legal_representative: string | null;
  registered_capital: number | null;
  registered_capital_currency: string | null;
  licence_address: string | null;
  business_scope: string | null;
  licence_expires_on: DateOnly | null;
  licence_file_id: string | null;
  invoice_title: string | null;
  taxpayer_id: string | null;
  billing_address: string | null;
  billing_phone: string | null;
  bank_name: string | null;
  bank_account: string | null;
  owner_id: string | null;
  department_id: string | null;
  region_id: string | null;
  industry: string | null;
  source: string | null;
  level: 'A' | 'B' | 'C' | 'D' | null;
  status: Generated<'prospect' | 'active' | 'dormant' | 'lost'>;
  is_key: Generated<boolean>;
  tags: Generated<string[]>;
  notes: Generated<string>;
  website: string | null;
  phone: string | null;
  external_id: string | null;
  import_batch_id: string | null;
  merged_into_id: string | null;
  is_archived: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerAddressesTable {
  id: Generated<string>;
  customer_id: string;
  kind: Generated<'office' | 'shipping' | 'billing' | 'other'>;
  address: string;
  city: string | null;
  province: string | null;
  postal_code: string | null;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  /** 0004_customers_extra.sql */
  is_archived: Generated<boolean>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Generated<string>;
  customer_id: string;
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  qq: string | null;
  birthday: DateOnly | null;
  is_primary: Generated<boolean>;
  notes: Generated<string>;
  external_id: string | null;
  import_batch_id: string | null;
  is_archived: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductCategoriesTable {
  id: Generated<string>;
  code: string | null;
  name: string;
  parent_id: string | null;
  external_id: string | null;
  created_at: Timestamp;
  /** 0005_products_regions_extra.sql */
  is_archived: Generated<boolean>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface ProductsTable {
  id: Generated<string>;
  code: string;
  name: string;
  category_id: string | null;
  unit: Generated<string>;
  list_price: Generated<number>;
  cost: number | null;
  currency: string;
  status: Generated<'active' | 'discontinued'>;
  description: Generated<string>;
  external_id: string | null;
  import_batch_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PriceListsTable {
  id: Generated<string>;
  name: string;
  currency: string;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
  is_default: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  /** 0005_products_regions_extra.sql */
  is_archived: Generated<boolean>;
  updated_at: Timestamp;
}

export interface PriceListItemsTable {
  price_list_id: string;
  product_id: string;
  min_quantity: Generated<string>;
  price: number;
}

export interface NegotiationsTable {
  id: Generated<string>;
  number: string;
  customer_id: string;
  subject: string;
  expected_value: number | null;
  currency: string;
  stage: Generated<'qualifying' | 'proposal' | 'negotiating' | 'closing'>;
  outcome: Generated<'open' | 'won' | 'lost'>;
  next_step: string | null;
  next_step_on: DateOnly | null;
  lost_reason: string | null;
  owner_id: string | null;
  department_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Date | null;
}

export interface NegotiationParticipantsTable {
  negotiation_id: string;
  user_id: string | null;
  contact_id: string | null;
}

export interface NegotiationMeetingsTable {
  id: Generated<string>;
  negotiation_id: string;
  held_on: DateOnly;
  notes: string;
  author_id: string | null;
  created_at: Timestamp;
}

export interface ContractsTable {
  id: Generated<string>;
  number: string;
  customer_id: string;
  title: string;
  value: number;
  currency: string;
  signed_on: DateOnly | null;
  starts_on: DateOnly | null;
  ends_on: DateOnly | null;
  status: Generated<'draft' | 'active' | 'expired' | 'terminated'>;
  signed_by: string | null;
  customer_signatory: string | null;
  owner_id: string | null;
  department_id: string | null;
  negotiation_id: string | null;
  notes: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SalesOrdersTable {
  id: Generated<string>;
  number: string;
  customer_id: string;
  owner_id: string | null;
  department_id: string | null;
  region_id: string | null;
  contract_id: string | null;
  order_date: DateOnly;
  currency: string;
  status: Generated<'draft' | 'confirmed' | 'delivered' | 'closed' | 'cancelled'>;
  net_total: Generated<number>;
  tax_total: Generated<number>;
  gross_total: Generated<number>;
  notes: Generated<string>;
  external_id: string | null;
  import_batch_id: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  confirmed_at: Date | null;
}

export interface SalesOrderLinesTable {
  id: Generated<number>;
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: string;
  unit_price: number;
  discount_rate: Generated<string>;
  tax_rate: Generated<string>;
  net_amount: number;
  tax_amount: number;
  gross_amount: number;
  cost_amount: number | null;
  order_date: DateOnly;
  customer_id: string;
  owner_id: string | null;
  region_id: string | null;
  department_id: string | null;
  external_line_id: string | null;
}

export interface SalesReturnsTable {
  id: Generated<string>;
  number: string;
  order_id: string;
  customer_id: string;
  owner_id: string | null;
  department_id: string | null;
  region_id: string | null;
  return_date: DateOnly;
  reason: string;
  status: Generated<'draft' | 'confirmed' | 'cancelled'>;
  net_total: Generated<number>;
  tax_total: Generated<number>;
  gross_total: Generated<number>;
  currency: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SalesReturnLinesTable {
  id: Generated<number>;
  return_id: string;
  order_line_id: number;
  quantity: string;
  net_amount: number;
  tax_amount: number;
  gross_amount: number;
}

export interface CustomerEventsTable {
  id: Generated<number>;
  customer_id: string;
  at: Timestamp;
  kind: string;
  entity_type: string | null;
  entity_id: string | null;
  title: string;
  actor_id: string | null;
  data: Json;
}

export interface LedgerAccountsTable {
  id: Generated<string>;
  code: string;
  name_en: string;
  name_zh: string;
  type: 'asset' | 'liability' | 'equity' | 'income' | 'expense';
  normal_side: 'debit' | 'credit';
  expense_type: string | null;
  parent_id: string | null;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: Generated<string>;
  status: Generated<'draft' | 'posted'>;
  number: string | null;
  year: number | null;
  seq: number | null;
  entry_date: string;
  description: Generated<string>;
  currency: Generated<string>;
  source_type: string;
  source_id: string | null;
  reason: string | null;
  reverses_id: string | null;
  created_by: string | null;
  posted_by: string | null;
  posted_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LedgerLinesTable {
  id: Generated<number>;
  entry_id: string;
  line_no: number;
  account_id: string;
  debit: Generated<number>;
  credit: Generated<number>;
  employee_id: string | null;
  department_id: string | null;
  expense_type: string | null;
  customer_id: string | null;
  trip_id: string | null;
  description: Generated<string>;
}

export interface LedgerPeriodsTable {
  month: string;
  is_closed: Generated<boolean>;
  closed_at: Date | null;
  closed_by: string | null;
  reopened_at: Date | null;
  reopened_by: string | null;
  reopen_reason: string | null;
  version: Generated<number>;
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
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  mail_outbox: MailOutboxTable;
  file_blobs: FileBlobsTable;
  file_blob_chunks: FileBlobChunksTable;
  files: FilesTable;
  file_links: FileLinksTable;
  approval_flows: ApprovalFlowsTable;
  approval_requests: ApprovalRequestsTable;
  approval_tasks: ApprovalTasksTable;
  approval_events: ApprovalEventsTable;
  approval_delegations: ApprovalDelegationsTable;
  general_requests: GeneralRequestsTable;
  reminders: RemindersTable;
  tasks: TasksTable;
  task_assignees: TaskAssigneesTable;
  task_comments: TaskCommentsTable;
  regions: RegionsTable;
  region_reps: RegionRepsTable;
  import_batches: ImportBatchesTable;
  import_batch_errors: ImportBatchErrorsTable;
  import_templates: ImportTemplatesTable;
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
  contacts: ContactsTable;
  product_categories: ProductCategoriesTable;
  products: ProductsTable;
  price_lists: PriceListsTable;
  price_list_items: PriceListItemsTable;
  negotiations: NegotiationsTable;
  negotiation_participants: NegotiationParticipantsTable;
  negotiation_meetings: NegotiationMeetingsTable;
  contracts: ContractsTable;
  sales_orders: SalesOrdersTable;
  sales_order_lines: SalesOrderLinesTable;
  sales_returns: SalesReturnsTable;
  sales_return_lines: SalesReturnLinesTable;
  customer_events: CustomerEventsTable;
  archive_document_types: ArchiveDocumentTypesTable;
  archive_categories: ArchiveCategoriesTable;
  archive_documents: ArchiveDocumentsTable;
  archive_document_versions: ArchiveDocumentVersionsTable;
  archive_document_links: ArchiveDocumentLinksTable;
  archive_document_grants: ArchiveDocumentGrantsTable;
  archive_locations: ArchiveLocationsTable;
  archive_paper_items: ArchivePaperItemsTable;
  archive_paper_movements: ArchivePaperMovementsTable;
  archive_stocktakes: ArchiveStocktakesTable;
  archive_stocktake_lines: ArchiveStocktakeLinesTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lines: LedgerLinesTable;
  ledger_periods: LedgerPeriodsTable;
  employee_grades: EmployeeGradesTable;
  expense_policy_caps: ExpensePolicyCapsTable;
  calendar_days: CalendarDaysTable;
  trips: TripsTable;
  trip_customers: TripCustomersTable;
  trip_legs: TripLegsTable;
  trip_budgets: TripBudgetsTable;
  trip_bookings: TripBookingsTable;
  trip_advances: TripAdvancesTable;
  trip_advance_repayments: TripAdvanceRepaymentsTable;
  expense_claims: ExpenseClaimsTable;
  expense_claim_items: ExpenseClaimItemsTable;
  expense_receipts: ExpenseReceiptsTable;
  invoice_numbers: InvoiceNumbersTable;
  invoice_number_uses: InvoiceNumberUsesTable;
  expense_claim_checks: ExpenseClaimChecksTable;
  expense_claim_payments: ExpenseClaimPaymentsTable;
  statement_periods: StatementPeriodsTable;
  statements: StatementsTable;
  department_reports: DepartmentReportsTable;
  supply_items: SupplyItemsTable;
  supply_requests: SupplyRequestsTable;
  supply_request_lines: SupplyRequestLinesTable;
  supply_movements: SupplyMovementsTable;
  stats_report_views: StatsReportViewsTable;
  stats_exports: StatsExportsTable;
}

// Statistics: saved report views and background exports (0017_report_views.sql).
export interface StatsReportViewsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  kind: 'sales' | 'pivot' | 'dashboard';
  params: Json;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StatsExportsTable {
  id: Generated<string>;
  user_id: string;
  kind: 'sales' | 'pivot';
  format: 'xlsx' | 'pdf';
  locale: string;
  params: Json;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  progress: Generated<number>;
  file_id: string | null;
  message: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

// Document archive (0010_archive.sql).
export interface ArchiveDocumentTypesTable {
  code: string;
  name_en: string;
  name_zh: string;
  retention_months: number | null;
  sort: Generated<number>;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ArchiveCategoriesTable {
  id: Generated<string>;
  parent_id: string | null;
  name_en: string;
  name_zh: string;
  sort: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type Confidentiality = 'internal' | 'confidential' | 'secret';

export interface ArchiveDocumentsTable {
  id: Generated<string>;
  number: string;
  title: string;
  type_code: string;
  category_id: string | null;
  tags: Generated<string[]>;
  document_date: DateOnly | null;
  counterparty: Generated<string>;
  notes: Generated<string>;
  confidentiality: Generated<Confidentiality>;
  owner_id: string | null;
  department_id: string | null;
  current_version: Generated<number>;
  search_text: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type ExtractionStatus = 'pending' | 'done' | 'empty' | 'encrypted' | 'failed' | 'unsupported';

export interface ArchiveDocumentVersionsTable {
  id: Generated<string>;
  document_id: string;
  version_no: number;
  file_id: string;
  comment: Generated<string>;
  extraction_status: Generated<ExtractionStatus>;
  extraction_error: string | null;
  extracted_text: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ArchiveDocumentLinksTable {
  document_id: string;
  entity_type: 'customer' | 'contract' | 'sales_order';
  entity_id: string;
}

export interface ArchiveDocumentGrantsTable {
  id: Generated<string>;
  document_id: string;
  user_id: string | null;
  role: string | null;
  granted_by: string | null;
  granted_at: Generated<Date>;
}

// Office supplies (0015_supplies.sql).
export interface SupplyItemsTable {
  id: Generated<string>;
  code: string;
  name_en: string;
  name_zh: string;
  unit: string;
  unit_cost: number;
  currency: Generated<string>;
  stock_qty: Generated<number>;
  stock_value: Generated<number>;
  reorder_level: Generated<number>;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type SupplyRequestStatus = 'draft' | 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'issued';

export interface SupplyRequestsTable {
  id: Generated<string>;
  number: string;
  requester_id: string;
  department_id: string | null;
  purpose: Generated<string>;
  status: SupplyRequestStatus;
  currency: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  submitted_at: Date | null;
  decided_at: Date | null;
  issued_at: Date | null;
  issued_by: string | null;
  issued_on: string | null;
  ledger_entry_id: string | null;
}

export interface SupplyRequestLinesTable {
  id: Generated<string>;
  request_id: string;
  line_no: number;
  item_id: string;
  quantity: number;
  purpose: Generated<string>;
  issued_cost: number | null;
}

export interface SupplyMovementsTable {
  id: Generated<string>;
  item_id: string;
  kind: 'receipt' | 'issue';
  quantity: number;
  unit_cost: number;
  amount: number;
  moved_on: string;
  request_id: string | null;
  request_line_id: string | null;
  employee_id: string | null;
  department_id: string | null;
  note: Generated<string>;
  ledger_entry_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

// Reps' periodic statements and the department report (0016_statements.sql).
export type StatementKind = 'month' | 'quarter' | 'year';
export interface StatementPeriodsTable {
  id: Generated<string>;
  department_id: string;
  kind: StatementKind;
  period_key: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  due_on: DateOnly;
  closed_at: Date | null;
  closed_by: string | null;
  close_reason: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StatementsTable {
  id: Generated<string>;
  number: string;
  period_id: string;
  rep_id: string;
  department_id: string;
  kind: StatementKind;
  period_key: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  due_on: DateOnly;
  status: Generated<'open' | 'submitted' | 'queried' | 'resubmitted' | 'accepted'>;
  currency: string;
  reported: Json;
  system_at_submit: Json | null;
  market: Generated<string>;
  problems: Generated<string>;
  next_steps: Generated<string>;
  query_question: string | null;
  query_answer: string | null;
  submitted_at: Date | null;
  queried_at: Date | null;
  queried_by: string | null;
  accepted_at: Date | null;
  accepted_by: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DepartmentReportsTable {
  id: Generated<string>;
  number: string;
  period_id: string;
  department_id: string;
  kind: StatementKind;
  period_key: string;
  version_no: number;
  status: Generated<'pending' | 'acknowledged' | 'returned' | 'withdrawn' | 'superseded'>;
  locale: 'en' | 'zh-CN';
  currency: string;
  content: Json;
  pdf_file_id: string | null;
  archive_document_id: string | null;
  approval_request_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}

// ------------------------------------------------------------------ trips and claims (0014)

export interface EmployeeGradesTable {
  user_id: string;
  grade: string;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ExpensePolicyCapsTable {
  id: Generated<string>;
  grade: string;
  city_tier: number;
  category: string;
  unit: 'day' | 'night';
  amount: number;
  updated_at: Timestamp;
}

export interface CalendarDaysTable {
  day: string;
  kind: 'holiday' | 'workday';
  name_en: string;
  name_zh: string;
  updated_at: Timestamp;
}

export interface TripsTable {
  id: Generated<string>;
  number: string;
  traveller_id: string;
  department_id: string | null;
  purpose: string;
  start_date: string;
  end_date: string;
  currency: Generated<string>;
  advance_requested: Generated<number>;
  status: Generated<'draft' | 'submitted' | 'approved' | 'rejected' | 'completed' | 'cancelled'>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  decided_at: Date | null;
}

export interface TripCustomersTable {
  trip_id: string;
  customer_id: string;
}

export interface TripLegsTable {
  id: Generated<string>;
  trip_id: string;
  seq: number;
  from_city: string;
  to_city: string;
  depart_on: string;
  arrive_on: string;
  mode: 'flight' | 'train' | 'car' | 'bus' | 'ship' | 'other';
  city_tier: number;
}

export interface TripBudgetsTable {
  trip_id: string;
  category: string;
  amount: number;
}

export interface TripBookingsTable {
  id: Generated<string>;
  trip_id: string;
  kind: 'flight' | 'train' | 'hotel' | 'other';
  passenger_name: string;
  passenger_id_number: string | null;
  ticket_number: string | null;
  from_city: string | null;
  to_city: string | null;
  travel_date: string;
  travel_time: string | null;
  nights: number | null;
  class: string | null;
  price: number;
  booked_on: string;
  status: Generated<'booked' | 'refunded' | 'changed' | 'reissued'>;
  original_booking_id: string | null;
  refund_amount: number | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TripAdvancesTable {
  id: Generated<string>;
  trip_id: string;
  amount: number;
  paid_on: string;
  method: 'bank' | 'cash';
  note: Generated<string>;
  client_request_id: string | null;
  ledger_entry_id: string;
  paid_by: string | null;
  created_at: Timestamp;
}

/** A traveller's repayment of an unused travel advance (0021). */
export interface TripAdvanceRepaymentsTable {
  id: Generated<string>;
  trip_id: string;
  employee_id: string;
  amount: number;
  repaid_on: string;
  method: 'bank' | 'cash';
  note: Generated<string>;
  ledger_entry_id: string;
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface ExpenseClaimsTable {
  id: Generated<string>;
  number: string;
  claimant_id: string;
  department_id: string | null;
  trip_id: string | null;
  title: string;
  currency: Generated<string>;
  total: Generated<number>;
  status: Generated<'draft' | 'submitted' | 'approved' | 'rejected' | 'paid' | 'cancelled'>;
  client_request_id: string | null;
  approval_entry_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  decided_at: Date | null;
  paid_at: Date | null;
}

export interface ExpenseClaimItemsTable {
  id: Generated<string>;
  claim_id: string;
  line_no: number;
  item_date: string;
  category: string;
  amount: number;
  description: Generated<string>;
  nights: number | null;
  city_tier: number | null;
  booking_id: string | null;
  customer_id: string | null;
}

export interface ExpenseReceiptsTable {
  id: Generated<string>;
  item_id: string;
  claim_id: string;
  kind: 'vat_invoice' | 'rail_e_ticket' | 'flight_itinerary' | 'hotel_invoice' | 'taxi' | 'other';
  file_id: string | null;
  sha256: string | null;
  invoice_number: string | null;
  invoice_amount: number | null;
  invoice_date: string | null;
  buyer_name: string | null;
  buyer_taxpayer_id: string | null;
  passenger_name: string | null;
  from_city: string | null;
  to_city: string | null;
}

export interface InvoiceNumbersTable {
  number: string;
  first_claim_id: string;
  first_used_at: Timestamp;
  use_count: Generated<number>;
}

export interface InvoiceNumberUsesTable {
  id: Generated<string>;
  number: string;
  receipt_id: string | null;
  claim_id: string;
  claimant_id: string;
  used_at: Timestamp;
  released_at: Date | null;
}

export interface ExpenseClaimChecksTable {
  id: Generated<string>;
  claim_id: string;
  key: string;
  code: string;
  severity: 'info' | 'warning' | 'high';
  line_no: number | null;
  params: Json;
  matches: Json;
  overridden_by: string | null;
  overridden_at: Date | null;
  override_reason: string | null;
  created_at: Timestamp;
}

export interface ExpenseClaimPaymentsTable {
  id: Generated<string>;
  claim_id: string;
  claim_total: number;
  advance_cleared: number;
  amount_paid: number;
  paid_on: string;
  method: 'bank' | 'cash';
  ledger_entry_id: string;
  paid_by: string | null;
  created_at: Timestamp;
}

// Paper register of the archive (0013_archive_paper.sql).
export type ArchiveLocationKind = 'room' | 'cabinet' | 'shelf' | 'box';
export type PaperStatus = 'in_place' | 'lent' | 'missing';

export interface ArchiveLocationsTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: ArchiveLocationKind;
  name: string;
  code: string;
  is_archived: Generated<boolean>;
  sort: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ArchivePaperItemsTable {
  id: Generated<string>;
  number: string;
  title: string;
  type_code: string;
  document_id: string | null;
  customer_id: string | null;
  contract_id: string | null;
  confidentiality: Generated<Confidentiality>;
  location_id: string;
  status: Generated<PaperStatus>;
  borrower_id: string | null;
  lent_at: Date | null;
  due_on: DateOnly | null;
  notes: Generated<string>;
  owner_id: string | null;
  department_id: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ArchivePaperMovementsTable {
  id: Generated<string>;
  item_id: string;
  kind: 'register' | 'checkout' | 'checkin' | 'move' | 'missing' | 'found';
  from_location_id: string | null;
  to_location_id: string | null;
  borrower_id: string | null;
  due_on: DateOnly | null;
  stocktake_id: string | null;
  note: Generated<string>;
  actor_id: string | null;
  at: Generated<Date>;
  seq: Generated<number | string>;
}

export interface ArchiveStocktakesTable {
  id: Generated<string>;
  number: string;
  location_id: string;
  status: Generated<'open' | 'finished'>;
  note: Generated<string>;
  started_by: string | null;
  finished_by: string | null;
  finished_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
}

export interface ArchiveStocktakeLinesTable {
  id: Generated<string>;
  stocktake_id: string;
  item_id: string | null;
  code: string;
  is_expected: boolean;
  status_at_start: PaperStatus | null;
  found_at: Date | null;
  found_location_id: string | null;
  result: 'found' | 'missing' | 'misplaced' | 'unknown' | 'lent' | null;
  created_at: Generated<Date>;
}
