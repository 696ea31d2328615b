// Types of the sales API (orders, returns, contracts, negotiations), inferred from the server's
// zod schemas with type-only imports: nothing of zod is bundled.
import type { z } from 'zod';
import type {
  contractDto,
  contractStatus,
  createContractBody,
  createNegotiationBody,
  createOrderBody,
  createReturnBody,
  listContractsQuery,
  listNegotiationsQuery,
  listOrdersQuery,
  listReturnsQuery,
  negotiationDto,
  negotiationOutcome,
  negotiationStage,
  orderDto,
  orderLineDto,
  orderLineInput,
  orderStatus,
  returnDto,
  returnStatus,
  updateContractBody,
  updateNegotiationBody,
  updateOrderBody,
} from '../../server/modules/sales/sales.schema';
import type { priceQuoteDto, productDto } from '../../server/modules/products/products.schema';
import type { contactDto, customerDto } from '../../server/modules/customers/customers.schema';

export type OrderStatus = z.infer<typeof orderStatus>;
export type ReturnStatus = z.infer<typeof returnStatus>;
export type ContractStatus = z.infer<typeof contractStatus>;
export type NegotiationStage = z.infer<typeof negotiationStage>;
export type NegotiationOutcome = z.infer<typeof negotiationOutcome>;

export type SalesOrder = z.infer<typeof orderDto>;
export type SalesOrderLine = z.infer<typeof orderLineDto>;
export type OrderLineInput = z.input<typeof orderLineInput>;
export type CreateOrderInput = z.input<typeof createOrderBody>;
export type UpdateOrderInput = z.input<typeof updateOrderBody>;
export type OrderFilters = Omit<Partial<z.input<typeof listOrdersQuery>>, 'limit' | 'cursor'>;

export type SalesReturn = z.infer<typeof returnDto>;
export type CreateReturnInput = z.input<typeof createReturnBody>;
export type ReturnFilters = Omit<Partial<z.input<typeof listReturnsQuery>>, 'limit' | 'cursor'>;

export type Contract = z.infer<typeof contractDto>;
export type CreateContractInput = z.input<typeof createContractBody>;
export type UpdateContractInput = z.input<typeof updateContractBody>;
export type ContractFilters = Omit<Partial<z.input<typeof listContractsQuery>>, 'limit' | 'cursor'>;

export type Negotiation = z.infer<typeof negotiationDto>;
export type CreateNegotiationInput = z.input<typeof createNegotiationBody>;
export type UpdateNegotiationInput = z.input<typeof updateNegotiationBody>;
export type NegotiationFilters = Omit<Partial<z.input<typeof listNegotiationsQuery>>, 'limit' | 'cursor'>;

/** What the sales forms read from the customers and products modules. */
export type CustomerRef = Pick<z.infer<typeof customerDto>, 'id' | 'code' | 'name'>;
export type ContactRef = Pick<z.infer<typeof contactDto>, 'id' | 'name'>;
export type ProductRef = Pick<z.infer<typeof productDto>, 'id' | 'code' | 'name' | 'unit' | 'listPrice' | 'currency' | 'status'>;
export type PriceQuote = z.infer<typeof priceQuoteDto>;
