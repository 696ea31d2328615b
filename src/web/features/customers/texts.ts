import type { customersEn } from '../../i18n/modules/customers.en';

type Section = (typeof customersEn)['customers'];
/** The keys of a section of this feature's texts that hold a sentence (not a nested group), so `c('name')` is checked against the English texts. */
export type TextKey<S extends keyof Section> = { [K in keyof Section[S]]: Section[S][K] extends string ? K : never }[keyof Section[S]] & string;
