import type { Rule } from 'antd/es/form';
import { i18n } from '../../i18n';
import { currencyDigits, parseMoney } from '../../ui/money';

/**
 * Form rules for an amount typed as text ("1,234.56"): it must parse exactly into the
 * currency's minor units (parseMoney: string arithmetic, no floats). `currency` is read
 * when the rule runs, so a form whose currency changes validates against the new one.
 */
export function moneyRules(currency: () => string, required: boolean): Rule[] {
  return [
    ...(required ? [{ required: true, whitespace: true, message: i18n.t('validation.required') }] : []),
    {
      validator: async (_: unknown, v: string | undefined) => {
        if (v === undefined || v === null || String(v).trim() === '') return;
        if (parseMoney(v, currency()) === undefined) throw new Error(i18n.t('catalogue.money.invalid', { digits: currencyDigits(currency()) }));
      },
    },
  ];
}
