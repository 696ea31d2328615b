import { z } from 'zod';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

/**
 * Sales records: orders, returns, contracts, negotiations. Money travels as integer
 * minor units (fen/cents); quantities and rates as decimal strings ("12.5", "0.13"),
 * never floats.
 */
export const moneyMinor = z.number().int().min(0).max(10_000_000_000_000);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');
/** numeric(18,4): up to 14 integer digits and 4 decimals, more than zero. */
export const quantityText = z
  .string()
  .trim()
  .regex(/^\d{1,14}(\.\d{1,4})?$/, 'a decimal number such as 12.5 (at most 4 decimals)')
  .refine((v) => /[1-9]/.test(v), 'must be more than zero');
/** A fraction below 1 with at most 6 decimals: "0.13" is 13 %. */
export const rateText = z
  .string()
  .trim()
  .regex(/^0(\.\d{1,6})?$/, 'a fraction from 0 to below 1, such as 0.13 (at most 6 decimals)');
const day = z.iso.date();

export const orderStatus = z.enum(['draft', 'confirmed', 'delivered', 'closed', 'cancelled']);
export const returnStatus = z.enum(['draft', 'confirmed', 'cancelled']);
export const contractStatus = z.enum(['draft', 'active', 'expired', 'terminated']);
export const negotiationStage = z.enum(['qualifying', 'proposal', 'negotiating', 'closing']);
export const negotiationOutcome = z.enum(['open', 'won', 'lost']);
export const exportFormat = z.enum(['csv', 'xlsx']);

const listBase = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

// ---------------------------------------------------------------- orders

export const orderLineInput = z
  .object({
    productId: uuid,
    quantity: quantityText,
    /** Minor units per unit, tax exclusive; default: the product's price. */
    unitPrice: moneyMinor.optional(),
    discountRate: rateText.optional(),
    /** Default 0.13 (13 % VAT). */
    taxRate: rateText.optional(),
  })
  .strict();
export type OrderLineInput = z.infer<typeof orderLineInput>;

export const createOrderBody = z
  .object({
    customerId: uuid,
    ownerId: uuid.optional(),
    departmentId: uuid.optional(),
    regionId: uuid.optional(),
    contractId: uuid.nullable().optional(),
    orderDate: day,
    currency: currencyCode.optional(),
    notes: text(5000).optional(),
    lines: z.array(orderLineInput).max(500).default([]),
  })
  .strict();
export type CreateOrderInput = z.input<typeof createOrderBody>;

/** Header fields (and lines, replaced as a whole) of a draft; notes of any open order. */
export const updateOrderBody = createOrderBody
  .omit({ customerId: true, lines: true })
  .partial()
  .extend({ lines: z.array(orderLineInput).max(500).optional(), version })
  .strict();
export type UpdateOrderInput = z.infer<typeof updateOrderBody>;

export const orderTransitionBody = z.object({ to: z.enum(['confirmed', 'delivered', 'closed', 'cancelled']), version }).strict();

const orderFilters = {
  customerId: uuid.optional(),
  ownerId: uuid.optional(),
  status: orderStatus.optional(),
  from: day.optional(),
  to: day.optional(),
  productId: uuid.optional(),
  contractId: uuid.optional(),
  q: line(100).optional(),
};
export const listOrdersQuery = z.object({ ...listBase, ...orderFilters }).strict();
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;
export const exportOrdersQuery = z.object({ format: exportFormat.default('csv'), ...orderFilters }).strict();
export type OrderFilters = Omit<ListOrdersQuery, 'limit' | 'cursor'>;

export const orderLineDto = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  productId: uuid,
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.string(),
  unitPrice: z.number().int(),
  discountRate: z.string(),
  taxRate: z.string(),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
  grossAmount: z.number().int(),
  /** Returned by confirmed returns. */
  returnedQuantity: z.string(),
});

export const orderDto = z.object({
  id: uuid,
  number: z.string(),
  customerId: uuid,
  customerName: z.string(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  departmentId: uuid.nullable(),
  regionId: uuid.nullable(),
  contractId: uuid.nullable(),
  contractNumber: z.string().nullable(),
  orderDate: z.string(),
  currency: z.string(),
  status: orderStatus,
  netTotal: z.number().int(),
  taxTotal: z.number().int(),
  grossTotal: z.number().int(),
  notes: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  confirmedAt: z.string().nullable(),
  /** Only in the detail. */
  lines: z.array(orderLineDto).optional(),
});
export type OrderDto = z.infer<typeof orderDto>;

// ---------------------------------------------------------------- returns

export const returnLineInput = z.object({ orderLineId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), quantity: quantityText }).strict();

export const createReturnBody = z
  .object({
    orderId: uuid,
    returnDate: day,
    reason: requiredLine(500),
    lines: z.array(returnLineInput).min(1).max(500),
  })
  .strict();
export type CreateReturnInput = z.infer<typeof createReturnBody>;
export const updateReturnBody = createReturnBody.omit({ orderId: true }).partial().extend({ version }).strict();
export type UpdateReturnInput = z.infer<typeof updateReturnBody>;
export const returnTransitionBody = z.object({ to: z.enum(['confirmed', 'cancelled']), version }).strict();

const returnFilters = { orderId: uuid.optional(), customerId: uuid.optional(), status: returnStatus.optional(), from: day.optional(), to: day.optional(), q: line(100).optional() };
export const listReturnsQuery = z.object({ ...listBase, ...returnFilters }).strict();
export type ListReturnsQuery = z.infer<typeof listReturnsQuery>;
export const exportReturnsQuery = z.object({ format: exportFormat.default('csv'), ...returnFilters }).strict();

export const returnLineDto = z.object({
  id: z.number().int(),
  orderLineId: z.number().int(),
  lineNo: z.number().int(),
  productId: uuid,
  productName: z.string(),
  quantity: z.string(),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
  grossAmount: z.number().int(),
});

export const returnDto = z.object({
  id: uuid,
  number: z.string(),
  orderId: uuid,
  orderNumber: z.string(),
  customerId: uuid,
  customerName: z.string(),
  ownerId: uuid.nullable(),
  returnDate: z.string(),
  reason: z.string(),
  status: returnStatus,
  currency: z.string(),
  netTotal: z.number().int(),
  taxTotal: z.number().int(),
  grossTotal: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lines: z.array(returnLineDto).optional(),
});
export type ReturnDto = z.infer<typeof returnDto>;

// ---------------------------------------------------------------- contracts

export const createContractBody = z
  .object({
    customerId: uuid,
    title: requiredLine(300),
    value: moneyMinor,
    currency: currencyCode.optional(),
    signedOn: day.nullable().optional(),
    startsOn: day.nullable().optional(),
    endsOn: day.nullable().optional(),
    signedBy: uuid.nullable().optional(),
    customerSignatory: line(200).nullable().optional(),
    ownerId: uuid.optional(),
    negotiationId: uuid.nullable().optional(),
    notes: text(5000).optional(),
  })
  .strict();
export type CreateContractInput = z.infer<typeof createContractBody>;
export const updateContractBody = createContractBody.omit({ customerId: true }).partial().extend({ version }).strict();
export type UpdateContractInput = z.infer<typeof updateContractBody>;
export const contractTransitionBody = z.object({ to: z.enum(['active', 'terminated']), version }).strict();

const contractFilters = { customerId: uuid.optional(), ownerId: uuid.optional(), status: contractStatus.optional(), endsBefore: day.optional(), q: line(100).optional() };
export const listContractsQuery = z.object({ ...listBase, ...contractFilters }).strict();
export type ListContractsQuery = z.infer<typeof listContractsQuery>;
export const exportContractsQuery = z.object({ format: exportFormat.default('csv'), ...contractFilters }).strict();

export const contractDto = z.object({
  id: uuid,
  number: z.string(),
  customerId: uuid,
  customerName: z.string(),
  title: z.string(),
  value: z.number().int(),
  currency: z.string(),
  signedOn: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: contractStatus,
  signedBy: uuid.nullable(),
  signedByName: z.string().nullable(),
  customerSignatory: z.string().nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  departmentId: uuid.nullable(),
  negotiationId: uuid.nullable(),
  notes: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Only in the detail. */
  orders: z.array(z.object({ id: uuid, number: z.string(), orderDate: z.string(), status: orderStatus, grossTotal: z.number().int(), currency: z.string() })).optional(),
});
export type ContractDto = z.infer<typeof contractDto>;

// ---------------------------------------------------------------- negotiations

const participants = z.object({ userIds: z.array(uuid).max(50).default([]), contactIds: z.array(uuid).max(50).default([]) }).strict();

export const createNegotiationBody = z
  .object({
    customerId: uuid,
    subject: requiredLine(300),
    expectedValue: moneyMinor.nullable().optional(),
    currency: currencyCode.optional(),
    stage: negotiationStage.optional(),
    nextStep: line(500).nullable().optional(),
    nextStepOn: day.nullable().optional(),
    ownerId: uuid.optional(),
    participants: participants.optional(),
  })
  .strict();
export type CreateNegotiationInput = z.input<typeof createNegotiationBody>;
export const updateNegotiationBody = createNegotiationBody.omit({ customerId: true }).partial().extend({ version }).strict();
export type UpdateNegotiationInput = z.input<typeof updateNegotiationBody>;
export const meetingBody = z.object({ heldOn: day, notes: text(20_000).pipe(z.string().trim().min(1, 'is required')) }).strict();
export const outcomeBody = z.object({ outcome: z.enum(['won', 'lost']), lostReason: line(1000).optional(), version }).strict();
export const contractFromNegotiationBody = z.object({ version }).strict();

const negotiationFilters = { customerId: uuid.optional(), ownerId: uuid.optional(), stage: negotiationStage.optional(), outcome: negotiationOutcome.optional(), q: line(100).optional() };
export const listNegotiationsQuery = z.object({ ...listBase, ...negotiationFilters }).strict();
export type ListNegotiationsQuery = z.infer<typeof listNegotiationsQuery>;
export const exportNegotiationsQuery = z.object({ format: exportFormat.default('csv'), ...negotiationFilters }).strict();

export const negotiationDto = z.object({
  id: uuid,
  number: z.string(),
  customerId: uuid,
  customerName: z.string(),
  subject: z.string(),
  expectedValue: z.number().int().nullable(),
  currency: z.string(),
  stage: negotiationStage,
  outcome: negotiationOutcome,
  nextStep: z.string().nullable(),
  nextStepOn: z.string().nullable(),
  lostReason: z.string().nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  departmentId: uuid.nullable(),
  contractId: uuid.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  /** Only in the detail. */
  participants: z.array(z.object({ kind: z.enum(['user', 'contact']), id: uuid, name: z.string() })).optional(),
  meetings: z.array(z.object({ id: uuid, heldOn: z.string(), notes: z.string(), authorId: uuid.nullable(), authorName: z.string().nullable(), createdAt: z.string() })).optional(),
});
export type NegotiationDto = z.infer<typeof negotiationDto>;
