import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { createSupplyItem, createSupplyRequest, issueSupplyRequest, receiveSupplies } from '../modules/supplies/supplies.service';
import { actOnRequest } from '../platform/approvals/approvals.service';
import { loadActor } from '../platform/auth/actor-loader';

/**
 * Demo office supplies through the real services: a catalogue in both languages with stock
 * received (one item below its reorder level), and requests in every state — issued (stock down,
 * cost booked to the rep and posted to the ledger), approved and waiting to be issued, pending.
 */
export async function seedSupplies(db: Kysely<Database>, ids: Map<string, string>): Promise<void> {
  const actor = async (key: string) => (await loadActor(db, ids.get(key)!))!;
  const assistant = await actor('assistant1');
  const manager = await actor('manager');
  const catalogue = [
    { code: 'PEN-GEL', nameEn: 'Gel pens, box of 12', nameZh: '中性笔（12支装）', unit: 'box', unitCost: 1_850, reorderLevel: 5, receive: [40, 1_850] },
    { code: 'A4-500', nameEn: 'A4 copy paper, 500 sheets', nameZh: 'A4 复印纸（500张）', unit: 'ream', unitCost: 2_390, reorderLevel: 10, receive: [60, 2_290] },
    { code: 'TONER-HP', nameEn: 'Toner cartridge HP 26A', nameZh: '惠普 26A 硒鼓', unit: 'piece', unitCost: 46_500, reorderLevel: 2, receive: [2, 46_500] },
    { code: 'NOTE-A5', nameEn: 'Notebook A5', nameZh: 'A5 笔记本', unit: 'piece', unitCost: 1_200, reorderLevel: 20, receive: [80, 1_150] },
    { code: 'CARD-BOX', nameEn: 'Business card holder', nameZh: '名片盒', unit: 'piece', unitCost: 3_500, reorderLevel: 3, receive: [12, 3_500] },
  ] as const;
  const items = new Map<string, string>();
  for (const c of catalogue) {
    const item = await createSupplyItem(db, assistant, { code: c.code, nameEn: c.nameEn, nameZh: c.nameZh, unit: c.unit, unitCost: c.unitCost, reorderLevel: c.reorderLevel });
    await receiveSupplies(db, assistant, item.id, { quantity: c.receive[0], unitCost: c.receive[1], note: '年初采购 Opening purchase' });
    items.set(c.code, item.id);
  }
  const request = async (rep: string, purpose: string, lines: [string, number][]) =>
    createSupplyRequest(db, await actor(rep), { purpose, lines: lines.map(([code, quantity]) => ({ itemId: items.get(code)!, quantity })), submit: true });

  const issued = [
    await request('rep01', '客户拜访用 For customer visits', [['NOTE-A5', 2], ['PEN-GEL', 1]]),
    await request('rep03', 'Trade show booth 展会展台', [['CARD-BOX', 2], ['A4-500', 3]]),
    await request('assistant2', '前台打印 Front desk printer', [['TONER-HP', 1], ['A4-500', 5]]),
  ];
  for (const r of issued) {
    if (r.approvalRequestId && r.status === 'pending') await actOnRequest(db, manager, r.approvalRequestId, 'approve', { comment: '同意 Approved' });
    const fresh = await db.selectFrom('supply_requests').select(['version', 'status']).where('id', '=', r.id).executeTakeFirstOrThrow();
    if (fresh.status === 'approved') await issueSupplyRequest(db, assistant, r.id, fresh.version);
  }
  const waiting = await request('rep05', 'New hire starter kit 新员工文具', [['PEN-GEL', 1], ['NOTE-A5', 3]]);
  if (waiting.approvalRequestId && waiting.status === 'pending') await actOnRequest(db, manager, waiting.approvalRequestId, 'approve', {});
  await request('rep07', 'Quarterly report printing 季度报告打印', [['A4-500', 4]]);
}
