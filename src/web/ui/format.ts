import dayjs from 'dayjs';

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
