// Customers, contacts and addresses: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type {
  addressDto,
  addressKind,
  billingCompleteness,
  contactDto,
  createAddressBody,
  createContactBody,
  createCustomerBody,
  customerDto,
  customerEventDto,
  customerFilters,
  customerLevel,
  customerOverview,
  customerStatus,
  customerWriteResult,
  contactFilters,
  duplicateMatch,
  duplicatesResult,
  handoverBody,
  invoiceType,
  mergeBody,
  mergeResult,
  updateCustomerBody,
} from '../../server/modules/customers/customers.schema';

export type CustomerDto = z.infer<typeof customerDto>;
export type CustomerWriteResult = z.infer<typeof customerWriteResult>;
export type CustomerStatus = z.infer<typeof customerStatus>;
export type CustomerLevel = z.infer<typeof customerLevel>;
export type InvoiceType = z.infer<typeof invoiceType>;
export type AddressKind = z.infer<typeof addressKind>;
export type BillingCompleteness = z.infer<typeof billingCompleteness>;
export type DuplicateMatch = z.infer<typeof duplicateMatch>;
export type DuplicatesResult = z.infer<typeof duplicatesResult>;
export type CreateCustomerInput = z.input<typeof createCustomerBody>;
export type UpdateCustomerInput = z.input<typeof updateCustomerBody>;
/** The list's (and the export's) filters, as the query string carries them. */
export type CustomerFilters = Partial<z.input<typeof customerFilters>>;
export type ContactFilters = Partial<z.input<typeof contactFilters>>;
export type ContactDto = z.infer<typeof contactDto>;
export type CreateContactInput = z.input<typeof createContactBody>;
export type AddressDto = z.infer<typeof addressDto>;
export type CreateAddressInput = z.input<typeof createAddressBody>;
export type CustomerEvent = z.infer<typeof customerEventDto>;
export type CustomerOverview = z.infer<typeof customerOverview>;
export type HandoverInput = z.input<typeof handoverBody>;
export type MergeInput = z.input<typeof mergeBody>;
export type MergeResult = z.infer<typeof mergeResult>;
