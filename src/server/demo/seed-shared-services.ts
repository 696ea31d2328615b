import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { createGeneralRequest } from '../modules/requests/requests.service';
import { createTask, updateProgress } from '../modules/tasks/tasks.service';
import { actOnRequest } from '../platform/approvals/approvals.service';
import { businessToday } from '../platform/approvals/approvals.engine';
import { loadActor } from '../platform/auth/actor-loader';

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * Demo records for the shared services, made through the real services so that
 * approvals, notifications and reminders are what a user would see: general
 * requests in every state, tasks due soon, overdue and done.
 */
export async function seedSharedServices(db: Kysely<Database>, ids: Map<string, string>): Promise<void> {
  const actor = async (key: string) => (await loadActor(db, ids.get(key)!))!;
  const manager = await actor('manager');
  const finance = await actor('finance');
  const rep = (n: number) => actor(`rep${String(n).padStart(2, '0')}`);

  // General requests: one per state.
  await createGeneralRequest(db, await rep(1), { title: '新产品目录名片 Business cards for the new catalogue', body: '200 cards, bilingual.', amount: 18_000 });
  await createGeneralRequest(db, await rep(2), { title: '客户礼品：中秋月饼 Mid-autumn mooncakes for key customers', body: '40 boxes for the top customers in East China.', amount: 320_000, submit: true });
  const approved = await createGeneralRequest(db, await rep(3), { title: 'Sample courier to Shenzhen 样品快递', amount: 12_500, submit: true });
  await actOnRequest(db, manager, approved.approvalRequestId!, 'approve', { comment: '同意 Approved' });
  const rejected = await createGeneralRequest(db, await rep(4), { title: '展会展位升级 Booth upgrade at the Canton Fair', body: 'Corner booth instead of standard.', amount: 980_000, submit: true });
  await actOnRequest(db, manager, rejected.approvalRequestId!, 'approve', {});
  await actOnRequest(db, finance, rejected.approvalRequestId!, 'reject', { comment: '超出本季度预算 Over this quarter’s budget' });
  const returned = await createGeneralRequest(db, await rep(5), { title: 'Laptop repair 笔记本维修', amount: 65_000, submit: true });
  await actOnRequest(db, manager, returned.approvalRequestId!, 'return', { comment: '请附上维修报价 Please attach the repair quote' });
  const rep6 = await rep(6);
  const withdrawn = await createGeneralRequest(db, rep6, { title: 'Team dinner 团队聚餐', amount: 150_000, submit: true });
  await actOnRequest(db, rep6, withdrawn.approvalRequestId!, 'withdraw', {});

  // Tasks from the manager: overdue, due soon, due later, done, and one shared by two reps.
  const today = await businessToday(db);
  await createTask(db, manager, { title: '提交十月销售报表 Hand in the October sales statement', assigneeIds: [ids.get('rep01')!], dueOn: addDays(today, -3), priority: 'high' });
  await createTask(db, manager, { title: 'Call back 华东电子 about the quotation', assigneeIds: [ids.get('rep02')!], dueOn: addDays(today, 2), priority: 'urgent' });
  await createTask(db, manager, { title: '整理合同档案 File the signed contracts of Q3', assigneeIds: [ids.get('assistant1')!], dueOn: addDays(today, 7) });
  const done = await createTask(db, manager, { title: 'Update the price list for Guangdong', assigneeIds: [ids.get('rep03')!], dueOn: addDays(today, -10) });
  await updateProgress(db, await rep(3), done.id, { status: 'done', result: '已更新并发给客户 Updated and sent to customers' });
  await createTask(db, manager, { title: '准备展会资料 Prepare the trade show brochures', assigneeIds: [ids.get('rep07')!, ids.get('rep08')!], dueOn: addDays(today, 5), priority: 'normal' });
}
