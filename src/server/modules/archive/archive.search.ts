import { can } from '../../platform/access/guard';
import { registerSearchProvider } from '../../platform/workbench/workbench.registry';
import { listPaperItems } from './archive.paper.service';
import { searchDocuments } from './archive.service';

export const ARCHIVE_DOCUMENT_HIT = 'archive_document';
export const ARCHIVE_PAPER_HIT = 'archive_paper';

/**
 * The header search finds archived documents (number, title, metadata and the text inside the files,
 * through the archive's own search and its visibility rule: a confidential document not granted to
 * the reader is never a hit) and paper originals (number or title, the same visibility).
 */
export function registerArchiveSearch(): void {
  registerSearchProvider({
    kind: ARCHIVE_DOCUMENT_HIT,
    async search(db, actor, q, limit) {
      if (!can(actor, 'archive:read')) return [];
      const found = await searchDocuments(db, actor, { q, includeSubcategories: 'true', limit, offset: 0 });
      return found.items.map((d) => ({ kind: ARCHIVE_DOCUMENT_HIT, id: d.id, title: `${d.number} ${d.title}`, subtitle: d.counterparty || d.documentDate, link: `/archive/documents/${d.id}` }));
    },
  });
  registerSearchProvider({
    kind: ARCHIVE_PAPER_HIT,
    async search(db, actor, q, limit) {
      if (!can(actor, 'archive:read')) return [];
      const found = await listPaperItems(db, actor, { q, limit, offset: 0 });
      return found.items.map((p) => ({ kind: ARCHIVE_PAPER_HIT, id: p.id, title: `${p.number} ${p.title}`, subtitle: p.customerName, link: `/archive/paper/${p.id}` }));
    },
  });
}
