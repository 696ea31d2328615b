import dayjs from 'dayjs';
import { i18n } from '../i18n';

/** Dates as in Chinese and international business software alike: 2026-03-07 14:05 (browser time zone). */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD') : '';
}

/** "3 hours ago" / "3 小时前", in the current dayjs locale. */
export function fromNow(iso: string | null | undefined): string {
  return iso ? dayjs(iso).fromNow() : '';
}

/** A wait in words: "15 min 2 s" / "15 分 2 秒". */
export function formatWait(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? i18n.t('duration.minutesSeconds', { m, s }) : i18n.t('duration.seconds', { s });
}
