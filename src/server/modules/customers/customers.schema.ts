import { z } from 'zod';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

/**
 * Customers (companies), their contacts and addresses. Imports only zod: the web
 * reuses these for its forms.
 */

export const customerLevel = z.enum(['A', 'B', 'C', 'D']);
export const customerStatus = z.enum(['prospect', 'active', 'dormant', 'lost']);
export const invoiceType = z.enum(['ordinary_vat', 'special_vat']);
export type InvoiceType = z.infer<typeof invoiceType>;
export const addressKind = z.enum(['office', 'shipping', 'billing', 'other']);

const day = z.iso.date();
const optLine = (max = 200) => line(max).nullable().optional();
const currency = z.string().regex(/^[A-Z]{3}$/, 'is a 3-letter ISO currency code');
/** Unified social credit code: trimmed and upper-cased; its checksum is checked by the service (a warning, not a refusal). */
const creditCode = line(30).nullable().optional();

/** Every field a person enters on a customer. */
const customerFields = {
  name: requiredLine(200),
  shortName: optLine(100),
  creditCode,
  // Business licence
  licenceRegNo: optLine(50),
  licenceIssuedOn: day.nullable().optional(),
  legalRepresentative: optLine(100),
  /** Minor units (fen). */
  registeredCapital: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  registeredCapitalCurrency: currency.nullable().optional(),
  licenceAddress: optLine(300),
  businessScope: text(5000).nullable().optional(),
  licenceExpiresOn: day.nullable().optional(),
  /** A file uploaded with POST /api/v1/files (purpose document/image); linked to the customer. */
  licenceFileId: uuid.nullable().optional(),
  // Billing information
  invoiceTitle: optLine(200),
  taxpayerId: optLine(30),
  billingAddress: optLine(300),
  billingPhone: optLine(50),
  bankName: optLine(200),
  bankAccount: optLine(60),
  // Ownership and classification
  departmentId: uuid.nullable().optional(),
  regionId: uuid.nullable().optional(),
  industry: optLine(100),
  source: optLine(100),
  level: customerLevel.nullable().optional(),
  status: customerStatus.optional(),
  isKey: z.boolean().optional(),
  tags: z.array(line(50).pipe(z.string().min(1, 'is required'))).max(30).optional(),
  notes: text(10_000).optional(),
  phone: optLine(50),
  website: optLine(200),
};

/**
 * Creating a customer. `duplicates` says what to do when the duplicate check finds
 * matches: `warn` (the default) creates the customer and returns the matches as
 * warnings; `refuse` writes nothing and answers 409 `duplicate` with the matches in
 * `meta.matches` — the web sends `refuse` first, shows the matches, and sends `warn`
 * once the user confirms it is a different company.
 */
export const createCustomerBody = z
  .object({
    ...customerFields,
    /** Default: the caller. Must be someone in the caller's scope (a rep: themselves). */
    ownerId: uuid.optional(),
    duplicates: z.enum(['warn', 'refuse']).optional(),
  })
  .strict();
export type CreateCustomerInput = z.infer<typeof createCustomerBody>;

/** Changing a customer at the version read. The owner changes only through a hand-over. */
export const updateCustomerBody = z.object(customerFields).partial().extend({ version }).strict();
export type UpdateCustomerInput = z.infer<typeof updateCustomerBody>;

export const versionBody = z.object({ version }).strict();

export const billingField = z.enum(['invoiceTitle', 'taxpayerId', 'billingAddress', 'billingPhone', 'bankName', 'bankAccount']);
export const billingCompleteness = z.object({ invoiceType, complete: z.boolean(), missing: z.array(billingField) });
export type BillingCompleteness = z.infer<typeof billingCompleteness>;

export const duplicateReason = z.enum(['credit_code', 'taxpayer_id', 'same_name', 'similar_name']);
/**
 * A possible duplicate. A match the caller may not see (another rep's customer)
 * shows only its code, owner and why — not its id or name — so that the rep knows
 * whom to ask without the record leaking.
 */
export const duplicateMatch = z.object({
  id: uuid.nullable(),
  code: z.string(),
  name: z.string().nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  why: z.array(duplicateReason),
  similarity: z.number(),
  isVisible: z.boolean(),
});
export type DuplicateMatch = z.infer<typeof duplicateMatch>;

export const creditCodeCheck = z.enum(['ok', 'format', 'checksum']);

export const customerWarning = z.object({ field: z.string(), code: z.string(), message: z.string() });

export const customerDto = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  creditCode: z.string().nullable(),
  creditCodeValid: z.boolean().nullable(),
  creditCodeCheck: creditCodeCheck.nullable(),
  licenceRegNo: z.string().nullable(),
  licenceIssuedOn: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  registeredCapital: z.number().nullable(),
  registeredCapitalCurrency: z.string().nullable(),
  licenceAddress: z.string().nullable(),
  businessScope: z.string().nullable(),
  licenceExpiresOn: z.string().nullable(),
  licenceFileId: uuid.nullable(),
  invoiceTitle: z.string().nullable(),
  taxpayerId: z.string().nullable(),
  billingAddress: z.string().nullable(),
  billingPhone: z.string().nullable(),
  bankName: z.string().nullable(),
  bankAccount: z.string().nullable(),
  billing: z.object({ ordinary_vat: billingCompleteness, special_vat: billingCompleteness }),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  departmentId: uuid.nullable(),
  departmentName: z.string().nullable(),
  regionId: uuid.nullable(),
  regionName: z.string().nullable(),
  industry: z.string().nullable(),
  source: z.string().nullable(),
  level: customerLevel.nullable(),
  status: customerStatus,
  isKey: z.boolean(),
  tags: z.array(z.string()),
  notes: z.string(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  externalId: z.string().nullable(),
  isArchived: z.boolean(),
  mergedIntoId: uuid.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  canEdit: z.boolean(),
});
export type CustomerDto = z.infer<typeof customerDto>;

/** What a create or update answers: the customer, and what the user should look at (a failing credit code, possible duplicates). */
export const customerWriteResult = customerDto.extend({ warnings: z.array(customerWarning), duplicates: z.array(duplicateMatch) });
export type CustomerWriteResult = z.infer<typeof customerWriteResult>;

export const customerSort = z.enum(['updatedAt', 'createdAt', 'name', 'code']);
const flag = z.enum(['true', 'false']);

/** The list's filters; the export takes the same ones. */
export const customerFilters = z.object({
  /** Over name, short name, code and credit code. */
  q: line(100).optional(),
  ownerId: uuid.optional(),
  departmentId: uuid.optional(),
  regionId: uuid.optional(),
  industry: line(100).optional(),
  level: customerLevel.optional(),
  status: customerStatus.optional(),
  isKey: flag.optional(),
  tag: line(50).optional(),
  /** Licence expiring on or before this day. */
  licenceExpiresBefore: day.optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: customerSort.default('updatedAt'),
  direction: z.enum(['asc', 'desc']).optional(),
});
export const listCustomersQuery = customerFilters
  .extend({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(500).optional() })
  .strict();
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;
export type CustomerFilters = z.infer<typeof customerFilters>;

export const exportFormat = z.enum(['csv', 'xlsx']);
export const exportCustomersQuery = customerFilters.extend({ format: exportFormat.default('csv') }).strict();
export type ExportCustomersQuery = z.infer<typeof exportCustomersQuery>;

export const duplicatesQuery = z
  .object({
    name: line(200).optional(),
    creditCode: line(30).optional(),
    taxpayerId: line(30).optional(),
    /** The customer being edited, left out of its own matches. */
    excludeId: uuid.optional(),
  })
  .strict();
export type DuplicatesQuery = z.infer<typeof duplicatesQuery>;
export const duplicatesResult = z.object({ items: z.array(duplicateMatch), creditCodeCheck: creditCodeCheck.nullable() });

export const billingCheckQuery = z.object({ invoiceType }).strict();

/** Hand a customer to another rep; `moveOpenNegotiations` moves the open negotiations the old owner led to the new one. */
export const handoverBody = z
  .object({ ownerId: uuid, version, moveOpenNegotiations: z.boolean().optional(), note: text(2000).optional() })
  .strict();
export type HandoverInput = z.infer<typeof handoverBody>;

/** Merge `mergeId` into the customer of the path (the survivor); both at the versions read. */
export const mergeBody = z.object({ mergeId: uuid, version, mergeVersion: version }).strict();
export type MergeInput = z.infer<typeof mergeBody>;
export const mergeResult = z.object({ survivor: customerDto, mergedId: uuid, moved: z.record(z.string(), z.number().int()) });

// Contacts

const contactFields = {
  name: requiredLine(100),
  title: optLine(100),
  mobile: optLine(50),
  phone: optLine(50),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).nullable().optional(),
  wechat: optLine(100),
  qq: optLine(20),
  birthday: day.nullable().optional(),
  isPrimary: z.boolean().optional(),
  notes: text(5000).optional(),
};
export const createContactBody = z.object(contactFields).strict();
export type CreateContactInput = z.infer<typeof createContactBody>;
export const updateContactBody = z.object(contactFields).partial().extend({ version }).strict();
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const contactDto = z.object({
  id: uuid,
  customerId: uuid,
  customerCode: z.string(),
  customerName: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  qq: z.string().nullable(),
  birthday: z.string().nullable(),
  isPrimary: z.boolean(),
  notes: z.string(),
  isArchived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactDto = z.infer<typeof contactDto>;

export const contactFilters = z.object({
  /** Over the contact's name, mobile, phone, email and the customer's name. */
  q: line(100).optional(),
  customerId: uuid.optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
});
export type ContactFilters = z.infer<typeof contactFilters>;
export const listContactsQuery = contactFilters
  .extend({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(500).optional() })
  .strict();
export type ListContactsQuery = z.infer<typeof listContactsQuery>;
export const exportContactsQuery = contactFilters.extend({ format: exportFormat.default('csv') }).strict();
export type ExportContactsQuery = z.infer<typeof exportContactsQuery>;

export const customerArchivedQuery = z.object({ archived: z.enum(['false', 'true', 'all']).default('false') }).strict();

// Addresses

const addressFields = {
  kind: addressKind.optional(),
  address: requiredLine(300),
  city: optLine(100),
  province: optLine(100),
  postalCode: optLine(20),
  isDefault: z.boolean().optional(),
};
export const createAddressBody = z.object(addressFields).strict();
export type CreateAddressInput = z.infer<typeof createAddressBody>;
export const updateAddressBody = z.object(addressFields).partial().extend({ version }).strict();
export type UpdateAddressInput = z.infer<typeof updateAddressBody>;

export const addressDto = z.object({
  id: uuid,
  customerId: uuid,
  kind: addressKind,
  address: z.string(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  postalCode: z.string().nullable(),
  isDefault: z.boolean(),
  isArchived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type AddressDto = z.infer<typeof addressDto>;


// Timeline and 360

export const timelineQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    /** Comma-separated event kinds. */
    kinds: line(500).optional(),
  })
  .strict();

export const customerEventDto = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  title: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  data: z.unknown(),
});

const money = z.number();
export const customerOverview = z.object({
  profile: customerDto,
  contacts: z.array(contactDto),
  addresses: z.array(addressDto),
  orders: z.object({
    count: z.number().int(),
    netTotal: money,
    recent: z.array(z.object({ id: uuid, number: z.string(), orderDate: z.string(), status: z.string(), grossTotal: money, currency: z.string() })),
  }),
  returns: z.object({
    count: z.number().int(),
    recent: z.array(z.object({ id: uuid, number: z.string(), returnDate: z.string(), status: z.string(), reason: z.string(), grossTotal: money, currency: z.string() })),
  }),
  contracts: z.object({
    count: z.number().int(),
    recent: z.array(
      z.object({ id: uuid, number: z.string(), title: z.string(), value: money, currency: z.string(), status: z.string(), signedOn: z.string().nullable(), endsOn: z.string().nullable() }),
    ),
  }),
  negotiations: z.object({
    count: z.number().int(),
    open: z.number().int(),
    recent: z.array(
      z.object({
        id: uuid,
        number: z.string(),
        subject: z.string(),
        stage: z.string(),
        outcome: z.string(),
        expectedValue: money.nullable(),
        currency: z.string(),
        nextStep: z.string().nullable(),
        nextStepOn: z.string().nullable(),
      }),
    ),
  }),
  files: z.array(z.object({ id: uuid, name: z.string(), mime: z.string(), size: z.number(), createdAt: z.string(), canPreview: z.boolean() })),
  tasks: z.array(z.object({ id: uuid, number: z.string(), title: z.string(), status: z.string(), dueOn: z.string().nullable(), isOverdue: z.boolean() })),
  timeline: z.object({ items: z.array(customerEventDto), nextCursor: z.string().nullable() }),
});
export type CustomerOverview = z.infer<typeof customerOverview>;
