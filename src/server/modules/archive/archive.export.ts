import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { buildExport, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import type { SearchHitDto, SearchQuery } from './archive.schema';
import { searchDocuments } from './archive.service';

/**
 * The documents list (a search with its filters) as CSV / XLSX, with the search's own visibility:
 * a confidential document not granted to the reader is never a row. The search answers pages, so
 * the export walks them; at most EXPORT_DOCUMENTS rows (`salesdesk archive export` takes everything).
 */
export const EXPORT_DOCUMENTS = 10_000;
const PAGE = 100;

const LEVEL_ZH: Record<string, string> = { internal: '内部', confidential: '机密', secret: '绝密' };

function columns(zh: boolean): ExportColumn<SearchHitDto>[] {
  return [
    { key: 'number', en: 'Number', zh: '编号', value: (d) => d.number, width: 18 },
    { key: 'title', en: 'Title', zh: '标题', value: (d) => d.title, width: 40 },
    { key: 'type', en: 'Type', zh: '类型', value: (d) => d.typeCode, width: 14 },
    { key: 'date', en: 'Document date', zh: '文件日期', value: (d) => d.documentDate, kind: 'date', width: 12 },
    { key: 'counterparty', en: 'Counterparty', zh: '相对方', value: (d) => d.counterparty, width: 30 },
    { key: 'tags', en: 'Tags', zh: '标签', value: (d) => d.tags.join(', '), width: 20 },
    { key: 'level', en: 'Confidentiality', zh: '密级', value: (d) => (zh ? (LEVEL_ZH[d.confidentiality] ?? d.confidentiality) : d.confidentiality), width: 14 },
    { key: 'version', en: 'Version', zh: '版本', value: (d) => d.currentVersion, kind: 'number', width: 8 },
    { key: 'updated', en: 'Updated', zh: '更新时间', value: (d) => d.updatedAt, width: 22 },
  ];
}

export async function exportDocuments(db: Kysely<Database>, actor: Actor, q: Omit<SearchQuery, 'limit' | 'offset'> & { format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  const { format, ...filters } = q;
  const rows: SearchHitDto[] = [];
  for (let offset = 0; offset < EXPORT_DOCUMENTS; offset += PAGE) {
    const page = await searchDocuments(db, actor, { ...filters, limit: PAGE, offset });
    rows.push(...page.items);
    if (page.items.length < PAGE) break;
  }
  return buildExport(rows, columns(actor.locale === 'zh-CN'), { format, locale: actor.locale, name: 'documents', sheet: { en: 'Documents', zh: '档案文件' } });
}
