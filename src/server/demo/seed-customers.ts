import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { reserveCustomerCodes } from '../modules/customers/customers.repo';
import { companyNameKey, creditCodeCheckCharacter } from '../modules/customers/customers.identity';
import { businessToday } from '../platform/approvals/approvals.engine';
import { createRng, type Rng } from './rng';

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const CITIES = [
  ['上海', 'Shanghai', '310000', '上海市'],
  ['北京', 'Beijing', '110000', '北京市'],
  ['广州', 'Guangzhou', '440100', '广东省'],
  ['深圳', 'Shenzhen', '440300', '广东省'],
  ['杭州', 'Hangzhou', '330100', '浙江省'],
  ['苏州', 'Suzhou', '320500', '江苏省'],
  ['南京', 'Nanjing', '320100', '江苏省'],
  ['成都', 'Chengdu', '510100', '四川省'],
  ['武汉', 'Wuhan', '420100', '湖北省'],
  ['厦门', 'Xiamen', '350200', '福建省'],
  ['青岛', 'Qingdao', '370200', '山东省'],
  ['宁波', 'Ningbo', '330200', '浙江省'],
] as const;
const WORDS = ['华东', '恒达', '鑫源', '宏远', '金桥', '天成', '瑞丰', '永泰', '东方', '长城', '海岸', '新世纪', '联创', '中科', '博远', '嘉禾', '盛世', '安信', '凯旋', '众诚'];
const TRADES = [
  ['电子', 'Electronics', 'Electronics'],
  ['机械', 'Machinery', 'Machinery'],
  ['化工', 'Chemicals', 'Chemicals'],
  ['贸易', 'Trading', 'Trading'],
  ['科技', 'Technology', 'IT'],
  ['建材', 'Building Materials', 'Construction'],
  ['医疗器械', 'Medical Devices', 'Healthcare'],
  ['食品', 'Foods', 'Food'],
  ['物流', 'Logistics', 'Logistics'],
  ['纺织', 'Textiles', 'Textiles'],
] as const;
const CN_SUFFIXES = ['有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];
const EN_WORDS = ['Pacific', 'Golden Bridge', 'Silverline', 'Northstar', 'Evergreen', 'Bluewave', 'Summit', 'Harbour', 'Orient', 'Keystone', 'Pioneer', 'Crescent'];
const EN_SUFFIXES = ['Co., Ltd.', 'Limited', 'Inc.', 'GmbH', 'Corporation'];
const SOURCES = ['Exhibition', 'Referral', 'Website', 'Cold call', 'Tender', 'Existing network'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '强', '丽', '涛', '明', '超'];
const TITLES = ['采购经理 Purchasing Manager', '总经理 General Manager', '财务 Accountant', '技术主管 Technical Lead', '采购员 Buyer'];
const EN_CONTACTS = ['Michael Brown', 'Anna Schmidt', 'James Wilson', 'Laura Rossi', 'Peter Novak', 'Sophie Martin'];
const BANKS = ['中国工商银行', '中国建设银行', '中国银行', '招商银行', '交通银行'];
const CODE_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(rng: Rng, regionCode: string): string {
  let body = '91' + regionCode;
  while (body.length < 17) body += rng.pick(CODE_BODY.split(''));
  return body + creditCodeCheckCharacter(body);
}
const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

type CustomerInsert = Database['customers'] extends infer T ? { [K in keyof T]?: unknown } : never;

/**
 * About 400 demo customers spread over the twelve reps, Chinese and English names,
 * with contacts, an office address, billing information (some incomplete), licences
 * (a few expiring within 30 days, two lapsed) and planted duplicates: the same
 * credit code under two owners, and name variants (suffix, brackets, spaces,
 * full-width letters). Written in bulk, in one transaction; deterministic.
 */
export async function seedCustomers(db: Kysely<Database>, ids: Map<string, string>): Promise<void> {
  const rng = createRng(20_260_401);
  const today = await businessToday(db);
  const reps = Array.from({ length: 12 }, (_, i) => ids.get(`rep${String(i + 1).padStart(2, '0')}`)!);
  const assistant = ids.get('assistant1')!;
  const users = await db.selectFrom('users').select(['id', 'department_id']).where('id', 'in', reps).execute();
  const departmentOf = new Map(users.map((u) => [u.id, u.department_id]));

  const rows: CustomerInsert[] = [];
  const used = new Set<string>();
  const add = (name: string, owner: string, extra: Record<string, unknown> = {}) => {
    const i = rows.length;
    const city = CITIES[i % CITIES.length];
    const trade = TRADES[rng.int(0, TRADES.length - 1)];
    const code = creditCode(rng, city[2]);
    const complete = rng.next() < 0.7;
    const licenceDay = rng.next() < 0.85 ? addDays(today, rng.int(60, 3000)) : null;
    rows.push({
      name,
      name_key: companyNameKey(name),
      short_name: name.length > 10 ? name.slice(0, 6) : null,
      credit_code: code,
      credit_code_valid: true,
      licence_reg_no: `${city[2]}${digits(rng, 9)}`,
      licence_issued_on: addDays(today, -rng.int(400, 6000)),
      legal_representative: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.next() < 0.5 ? rng.pick(GIVEN) : ''}`,
      registered_capital: rng.int(10, 5000) * 10_000 * 100,
      registered_capital_currency: 'CNY',
      licence_address: `${city[3]}${city[0]}市${rng.pick(WORDS)}路${rng.int(1, 999)}号`,
      business_scope: `${trade[0]}产品的研发、生产与销售；货物进出口。`,
      licence_expires_on: licenceDay,
      invoice_title: name,
      taxpayer_id: code,
      billing_address: complete ? `${city[0]}市${rng.pick(WORDS)}大道${rng.int(1, 500)}号` : null,
      billing_phone: complete ? `0${rng.int(10, 999)}-${digits(rng, 8)}` : null,
      bank_name: complete ? `${rng.pick(BANKS)}${city[0]}分行` : null,
      bank_account: complete ? digits(rng, 19) : null,
      owner_id: owner,
      department_id: departmentOf.get(owner) ?? null,
      industry: trade[2],
      source: rng.pick(SOURCES),
      level: rng.pick(['A', 'B', 'B', 'C', 'C', 'C', 'D']),
      status: rng.pick(['active', 'active', 'active', 'prospect', 'dormant', 'lost']),
      is_key: rng.next() < 0.12,
      tags: rng.next() < 0.3 ? [rng.pick(['export', 'vip', 'tender', 'distributor', 'OEM'])] : [],
      notes: '',
      phone: `0${rng.int(10, 999)}-${digits(rng, 8)}`,
      website: null,
      created_by: assistant,
      ...extra,
    });
  };

  while (rows.length < 380) {
    const owner = reps[rows.length % reps.length];
    let name: string;
    if (rng.next() < 0.8) {
      const city = CITIES[rng.int(0, CITIES.length - 1)];
      const trade = TRADES[rng.int(0, TRADES.length - 1)];
      name = `${city[0]}${rng.pick(WORDS)}${trade[0]}${rng.pick(CN_SUFFIXES)}`;
    } else {
      const city = CITIES[rng.int(0, CITIES.length - 1)];
      const trade = TRADES[rng.int(0, TRADES.length - 1)];
      name = `${city[1]} ${rng.pick(EN_WORDS)} ${trade[1]} ${rng.pick(EN_SUFFIXES)}`;
    }
    const key = companyNameKey(name);
    if (used.has(key)) continue;
    used.add(key);
    add(name, owner);
  }

  // Licences: six expire within 30 days, two have lapsed; two early credit codes fail the checksum.
  for (let i = 0; i < 6; i++) rows[i * 37].licence_expires_on = addDays(today, 3 + i * 5);
  rows[11].licence_expires_on = addDays(today, -4);
  rows[23].licence_expires_on = addDays(today, -20);
  for (const i of [50, 51]) {
    const code = rows[i].credit_code as string;
    const bad = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    rows[i].credit_code = bad;
    rows[i].taxpayer_id = bad;
    rows[i].credit_code_valid = false;
  }

  // Planted duplicates, owned by other reps than the originals.
  const plant = (from: number, name: string, extra: Record<string, unknown> = {}) => add(name, reps[(from + 5) % reps.length], { notes: 'Demo: a planted duplicate', ...extra });
  const original = (i: number) => rows[i].name as string;
  plant(2, original(2).replace(/(股份有限公司|有限责任公司|集团有限公司|有限公司)$/, '（有限公司）'));
  plant(5, original(5).replace(/(有限公司)$/, ' $1'));
  plant(8, original(8), { credit_code: rows[8].credit_code, taxpayer_id: rows[8].taxpayer_id });
  plant(14, `${original(14)}分公司`, { credit_code: rows[14].credit_code, taxpayer_id: null });
  const english = rows.findIndex((r) => /^[A-Z]/.test(r.name as string));
  if (english >= 0) {
    const name = original(english).replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    plant(english, name);
  }
  while (rows.length < 400) {
    const i = rng.int(60, 370);
    plant(i, original(i).replace(/(股份有限公司|有限责任公司|集团有限公司|有限公司|Co\., Ltd\.|Limited|Inc\.|GmbH|Corporation)$/, '').trim() + rng.pick([' ', '']), { taxpayer_id: rows[i].taxpayer_id, credit_code: null, credit_code_valid: null });
  }

  // Territories (when the catalogue seeded them): a customer lies in one of its owner's regions.
  const territory = await db
    .selectFrom('region_reps as rr')
    .innerJoin('regions as g', 'g.id', 'rr.region_id')
    .select(['rr.user_id', 'g.id'])
    .orderBy('g.code')
    .execute();
  rows.forEach((r, i) => {
    const mine = territory.filter((x) => x.user_id === r.owner_id);
    r.region_id = mine.length ? mine[i % mine.length].id : null;
  });

  await db.transaction().execute(async (trx) => {
    const first = await reserveCustomerCodes(trx, rows.length);
    rows.forEach((r, i) => (r.code = `C-${String(first + i).padStart(6, '0')}`));
    const inserted: { id: string; code: string; name: string; owner_id: string | null; licence_expires_on: string | null }[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      inserted.push(
        ...(await trx
          .insertInto('customers')
          .values(rows.slice(i, i + 100) as never)
          .returning(['id', 'code', 'name', 'owner_id', 'licence_expires_on'])
          .execute()),
      );
    }
    inserted.sort((a, b) => a.code.localeCompare(b.code));
    const contacts: Record<string, unknown>[] = [];
    const addresses: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const reminders: Record<string, unknown>[] = [];
    for (const [i, c] of inserted.entries()) {
      const english = /^[A-Z\uFF21-\uFF3A]/.test(c.name);
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) {
        const name = english ? rng.pick(EN_CONTACTS) : `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.next() < 0.5 ? rng.pick(GIVEN) : ''}`;
        contacts.push({
          customer_id: c.id,
          name,
          title: rng.pick(TITLES),
          mobile: `1${rng.pick(['3', '5', '8'])}${digits(rng, 9)}`,
          email: english ? `${name.split(' ')[0].toLowerCase()}@${c.code.toLowerCase()}.example.com` : null,
          wechat: rng.next() < 0.6 ? `wx_${digits(rng, 8)}` : null,
          qq: rng.next() < 0.3 ? digits(rng, 9) : null,
          birthday: rng.next() < 0.4 ? `19${rng.int(60, 99)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : null,
          is_primary: k === 0,
        });
      }
      const city = CITIES[i % CITIES.length];
      addresses.push({ customer_id: c.id, kind: 'office', address: `${city[0]}市${rng.pick(WORDS)}路${rng.int(1, 999)}号`, city: city[0], province: city[3], postal_code: `${city[2].slice(0, 4)}00`, is_default: true });
      events.push({ customer_id: c.id, kind: 'customer.created', title: `${c.code} ${c.name}`, actor_id: assistant, entity_type: 'customer', entity_id: c.id });
      if (c.licence_expires_on && c.owner_id) {
        reminders.push({
          entity_type: 'customer_licence',
          entity_id: c.id,
          user_id: c.owner_id,
          title: `${c.code} ${c.name}`,
          link: `/customers/${c.id}`,
          due_on: c.licence_expires_on,
          remind_days_before: 30,
          remind_on_due: true,
          escalate_after_days: 0,
        });
      }
    }
    for (let i = 0; i < contacts.length; i += 200) await trx.insertInto('contacts').values(contacts.slice(i, i + 200) as never).execute();
    for (let i = 0; i < addresses.length; i += 200) await trx.insertInto('customer_addresses').values(addresses.slice(i, i + 200) as never).execute();
    for (let i = 0; i < events.length; i += 200) await trx.insertInto('customer_events').values(events.slice(i, i + 200) as never).execute();
    for (let i = 0; i < reminders.length; i += 200) await trx.insertInto('reminders').values(reminders.slice(i, i + 200) as never).execute();
  });
}
