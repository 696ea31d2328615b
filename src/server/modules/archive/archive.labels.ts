import { deniedAsNotFound, fieldError, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { createPdf, FONT_BOLD, FONT_REGULAR } from '../../platform/pdf/pdf';
import { archiveVisibility } from './archive.access';
import { allLocations, locationPaths, visiblePaper } from './archive.paper.repo';
import type { LabelsQuery } from './archive.paper.schema';
import { PAPER_ITEM, paperLink } from './archive.paper.service';
import type { Db } from './archive.repo';
import { subtreeIds } from '../../db/subtree';

/**
 * QR labels for paper originals: an A4 sheet of 3 × 8 labels (70 × 37 mm), each with a
 * QR code holding the item's number and the path to it ("PAP-2026-00001 /archive/paper/<id>":
 * a stocktake scan reads the number, a phone opens the path), the number, the title
 * (Chinese or English, in Noto Sans SC) and the location. Drawn with the PDF platform.
 */
const MM = 72 / 25.4;
const COLS = 3;
const ROWS = 8;
const LABEL_W = 70 * MM;
const LABEL_H = 37 * MM;
const MARGIN_X = (210 * MM - COLS * LABEL_W) / 2;
const MARGIN_Y = (297 * MM - ROWS * LABEL_H) / 2;
/** A sheet is for printing, not for the whole register at once. */
export const MAX_LABELS = 480;

export const labelText = (item: { id: string; number: string }) => `${item.number} ${paperLink(item.id)}`;

/** The label sheet (PDF) of the listed items or of every item in a location's subtree that the caller may see. */
export async function paperLabelsPdf(db: Db, actor: Actor, q: LabelsQuery): Promise<Buffer> {
  requirePermission(actor, 'archive:write');
  const v = await archiveVisibility(db, actor);
  let query = visiblePaper(db, v).select(['p.id', 'p.number', 'p.title', 'p.location_id']);
  if (q.ids) {
    query = query.where('p.id', 'in', q.ids);
  } else {
    const loc = await db.selectFrom('archive_locations').select('id').where('id', '=', q.locationId!).executeTakeFirst();
    if (!loc) throw fieldError('locationId', 'not_found', 'No such location');
    query = query.where('p.location_id', 'in', await subtreeIds(db, 'archive_locations', loc.id));
  }
  const items = await query.orderBy('p.number').limit(MAX_LABELS + 1).execute();
  if (items.length > MAX_LABELS) throw fieldError(q.ids ? 'ids' : 'locationId', 'too_many', `At most ${MAX_LABELS} labels per sheet`);
  if (q.ids) {
    const seen = new Set(items.map((i) => i.id));
    const hidden = q.ids.find((id) => !seen.has(id));
    if (hidden) {
      const exists = await db.selectFrom('archive_paper_items').select('id').where('id', '=', hidden).executeTakeFirst();
      throw exists ? deniedAsNotFound(PAPER_ITEM, hidden) : notFound(PAPER_ITEM, hidden);
    }
  }
  const paths = locationPaths(await allLocations(db));
  const pdf = createPdf({ title: 'Paper labels / 纸质原件标签', locale: actor.locale === 'zh-CN' ? 'zh-CN' : 'en', margin: 0, pageNumbers: false });
  const doc = pdf.doc;
  // Labels reach the page's lower edge: no bottom margin, or pdfkit would start a new page for the last row's text.
  const noMargins = () => (doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 });
  noMargins();
  items.forEach((item, i) => {
    const slot = i % (COLS * ROWS);
    if (i > 0 && slot === 0) {
      doc.addPage();
      noMargins();
    }
    const x = MARGIN_X + (slot % COLS) * LABEL_W;
    const y = MARGIN_Y + Math.floor(slot / COLS) * LABEL_H;
    doc.save().lineWidth(0.3).strokeColor('#bbbbbb').rect(x, y, LABEL_W, LABEL_H).stroke().restore();
    const qrSize = LABEL_H - 6 * MM;
    pdf.qr(labelText(item), { x: x + 3 * MM, y: y + 3 * MM, size: qrSize });
    const tx = x + 5 * MM + qrSize;
    const tw = LABEL_W - (tx - x) - 3 * MM;
    doc.fillColor('black').font(FONT_BOLD).fontSize(9).text(item.number, tx, y + 4 * MM, { width: tw, lineBreak: false });
    doc.font(FONT_REGULAR).fontSize(7.5).text(item.title, tx, y + 9.5 * MM, { width: tw, height: 15 * MM, ellipsis: true });
    doc.fillColor('#555555').fontSize(6).text(paths.get(item.location_id) ?? '', tx, y + LABEL_H - 7 * MM, { width: tw, height: 5 * MM, ellipsis: true });
  });
  if (items.length === 0) doc.fillColor('black').fontSize(12).text('No paper items / 没有纸质原件', 40, 40);
  return pdf.toBuffer();
}
