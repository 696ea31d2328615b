import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { SystemContext } from '../platform/access/actor';
import { createDepartment } from '../modules/departments/departments.service';
import { createUser } from '../modules/users/users.service';
import { sql } from 'kysely';
import { seedCustomers } from './seed-customers';
import { seedSales } from './seed-sales';
import { seedArchive } from './seed-archive';
import { seedCatalogue } from './seed-catalogue';
import { seedSharedServices } from './seed-shared-services';
import { seedStatements } from './seed-statements';
import { seedSupplies } from './seed-supplies';
import { seedExpenses } from './seed-expenses';

/** Every demo account signs in with this password (shown in the README and on the sign-in page of a demo install). */
export const DEMO_PASSWORD = 'salesdesk-demo-2026';
export const DEMO_DOMAIN = 'demo.salesdesk.test';

type Person = { key: string; zh: string; en: string; roles: ('manager' | 'assistant' | 'rep' | 'finance')[]; title: string };

/** The demo organisation: one sales department — a manager, two assistants, twelve reps, a finance clerk. */
export const DEMO_PEOPLE: Person[] = [
  { key: 'manager', zh: '王建国', en: 'Wang Jianguo', roles: ['manager'], title: 'Sales Manager / 销售经理' },
  { key: 'assistant1', zh: '李晓梅', en: 'Li Xiaomei', roles: ['assistant'], title: 'Sales Assistant / 销售助理' },
  { key: 'assistant2', zh: 'Emma Clark', en: 'Emma Clark', roles: ['assistant'], title: 'Sales Assistant / 销售助理' },
  { key: 'rep01', zh: '张伟', en: 'Zhang Wei', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep02', zh: '刘洋', en: 'Liu Yang', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep03', zh: '陈静', en: 'Chen Jing', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep04', zh: '杨帆', en: 'Yang Fan', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep05', zh: '赵磊', en: 'Zhao Lei', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep06', zh: '黄敏', en: 'Huang Min', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep07', zh: '周杰', en: 'Zhou Jie', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep08', zh: '吴婷', en: 'Wu Ting', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep09', zh: 'David Miller', en: 'David Miller', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep10', zh: 'Sarah Johnson', en: 'Sarah Johnson', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep11', zh: '孙浩', en: 'Sun Hao', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'rep12', zh: '马丽', en: 'Ma Li', roles: ['rep'], title: 'Sales Representative / 业务员' },
  { key: 'finance', zh: '郑红', en: 'Zheng Hong', roles: ['finance'], title: 'Accountant / 会计' },
];

export const demoEmail = (key: string) => `${key}@${DEMO_DOMAIN}`;

/**
 * Loads the demo organisation once (a marker in settings makes it idempotent).
 * Later modules add their records here, after the people exist.
 */
export async function seedDemo(db: Kysely<Database>, ctx: SystemContext): Promise<{ seeded: boolean }> {
  const people = await seedPeople(db, ctx);
  if (!people.seeded) return { seeded: false };
  // Module records go through the real services (their own transactions, approvals, notifications).
  // The catalogue and territories come first: customers and orders refer to them.
  await seedCatalogue(db, people.ids, ctx);
  await seedSharedServices(db, people.ids);
  await seedCustomers(db, people.ids);
  // Sales records last: they need the customers and products (a no-op without them).
  await seedSales(db, people.ids);
  await seedArchive(db, people.ids);
  await seedStatements(db, people.ids);
  await seedSupplies(db, people.ids);
  await seedExpenses(db, people.ids);
  return { seeded: true };
}

async function seedPeople(db: Kysely<Database>, ctx: SystemContext): Promise<{ seeded: boolean; ids: Map<string, string> }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7300417004)`.execute(trx);
    const marker = await trx.selectFrom('settings').select('key').where('key', '=', 'demo_seeded').executeTakeFirst();
    if (marker) return { seeded: false, ids: new Map() };
    const root = await trx.selectFrom('departments').select('id').where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
    const sales = await createDepartment(trx, ctx, { name: '销售部 Sales', code: 'SALES', parentId: root?.id ?? null });
    const ids = new Map<string, string>();
    for (const p of DEMO_PEOPLE) {
      const isChinese = /[\u4e00-\u9fff]/.test(p.zh);
      const user = await createUser(trx, ctx, {
        email: demoEmail(p.key),
        displayName: isChinese ? `${p.zh} ${p.en}` : p.en,
        password: DEMO_PASSWORD,
        roles: p.roles,
        departmentId: sales.id,
        managerId: p.key === 'manager' ? null : ids.get('manager') ?? null,
        locale: isChinese ? 'zh-CN' : 'en',
        title: p.title,
      });
      ids.set(p.key, user.id);
    }
    await trx.updateTable('departments').set({ manager_id: ids.get('manager')! }).where('id', '=', sales.id).execute();
    await trx.insertInto('settings').values({ key: 'demo_seeded', value: JSON.stringify({ at: new Date().toISOString() }) }).execute();
    return { seeded: true, ids };
  });
}
