import { Tag, Tooltip } from 'antd';
import type { ArchiveCategoryDto, Confidentiality, DocumentTypeDto, ExtractionStatus } from '../../api/archive.types';
import { currentLocale, i18n } from '../../i18n';
import { translateOr } from '../../i18n/labels';
import type { TreeRow } from '../../ui/tree';
import { retentionParts } from './archive-logic';

export const CONFIDENTIALITY: Confidentiality[] = ['internal', 'confidential', 'secret'];
const LEVEL_COLORS: Record<Confidentiality, string> = { internal: 'default', confidential: 'orange', secret: 'red' };

/** A bilingual name (types, categories) in the reader's language. */
export const localName = (x: { nameEn: string; nameZh: string }) => (currentLocale() === 'zh-CN' ? x.nameZh || x.nameEn : x.nameEn || x.nameZh);

export const confidentialityLabel = (level: string) => translateOr(`archive.confidentiality.${level}`, level);
export const confidentialityOptions = () => CONFIDENTIALITY.map((v) => ({ value: v, label: confidentialityLabel(v) }));

export function ConfidentialityTag({ level }: { level: Confidentiality }) {
  return (
    <Tag color={LEVEL_COLORS[level]} data-testid="confidentiality" data-value={level}>
      {confidentialityLabel(level)}
    </Tag>
  );
}

const EXTRACTION_COLORS: Record<ExtractionStatus, string> = { pending: 'processing', done: 'success', empty: 'warning', encrypted: 'warning', failed: 'error', unsupported: 'default' };

/** The text-extraction status of a version, flagged when no text could be read. */
export function ExtractionTag({ status }: { status: ExtractionStatus }) {
  return (
    <Tooltip title={translateOr(`archive.extractionHelp.${status}`, status)}>
      <Tag color={EXTRACTION_COLORS[status]} data-testid="extraction-status" data-value={status}>
        {translateOr(`archive.extraction.${status}`, status)}
      </Tag>
    </Tooltip>
  );
}

/** "10 years" / "Indefinitely". */
export function retentionText(months: number | null): string {
  const p = retentionParts(months);
  if (!p) return i18n.t('archive.types.forever');
  return 'years' in p ? i18n.t('archive.types.years', { count: p.years }) : i18n.t('archive.types.months', { count: p.months });
}

export function typeName(types: readonly DocumentTypeDto[] | undefined, code: string): string {
  const t = types?.find((x) => x.code === code);
  return t ? localName(t) : code;
}

/** Document types for a select: active ones, plus the one already chosen even when retired. */
export const typeOptions = (types: readonly DocumentTypeDto[] | undefined, keep?: string | null) =>
  (types ?? []).filter((t) => t.isActive || t.code === keep).map((t) => ({ value: t.code, label: localName(t) }));

/** Categories as rows of ui/tree (the shared tree select and path names). */
export const categoryRows = (items: readonly ArchiveCategoryDto[] | undefined): (TreeRow & ArchiveCategoryDto)[] => (items ?? []).map((c) => ({ ...c, name: localName(c), isArchived: false }));
