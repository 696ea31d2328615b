import { i18n } from '../../i18n';
import { formatMoney } from '../../ui/money';

/** Figures in the reader's language: money exact from minor units, ratios as percentages. */
export const money = (minor: number | null | undefined, currency: string) => formatMoney(minor, currency);
export const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? '–' : new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'auto' }).format(ratio);
export const growth = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? '–' : new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
export const count = (n: number | null | undefined) => (n === null || n === undefined ? '–' : new Intl.NumberFormat(i18n.language).format(n));
/** Axis labels: 1.2万 / 12K, so Chinese axes stay short and readable. */
export const compact = (major: number) => new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 }).format(major);
