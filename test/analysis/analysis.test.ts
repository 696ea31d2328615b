import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { insertRegion } from '../helpers/sales';
import { rfmStatement } from '../../src/server/modules/analysis/analysis.repo';
import { rawQuery } from '../helpers/sql';

/**
 * Customer group analysis on a small known dataset: six customers of one department with
 * orders at known days and amounts (a return, a draft and a cancelled order that must not
 * count), one customer of another department, one without orders. Every segment, class,
 * month and risk is worked out by hand in the comments (as of 2026-06-30, 12 months:
 * the period is 2025-07-01 … 2026-06-30).
 */
const AS_OF = '2026-06-30';
const Q = `asOf=${AS_OF}`;
const yuan = (n: number) => n * 100;

describe('customer group analysis', () => {
  let t: TestApp;
  let manager: Session;
  let finance: Session;
  let rep: Session;
  let otherAssistant: Session;
  const id: Record<string, string> = {};
  let east: string;
  let north: string;
  let seq = 0;

  async function customer(name: string, opts: { ownerId: string; departmentId: string; regionId?: string; industry?: string; level?: string }) {
    const [row] = await rawQuery<{ id: string }>(
      t.db.handle,
      `insert into customers (code, name, name_key, owner_id, department_id, region_id, industry, level, status) values ($1, $2, $3, $4, $5, $6, $7, $8, 'active') returning id`,
      [`C-${name}`, name, name.toLowerCase(), opts.ownerId, opts.departmentId, opts.regionId ?? null, opts.industry ?? null, opts.level ?? null],
    );
    id[name] = row.id;
    return row.id;
  }

  async function order(customerName: string, date: string, net: number, status = 'closed', currency = 'CNY') {
    const tax = Math.round(net * 0.13);
    const [row] = await rawQuery<{ id: string }>(
      t.db.handle,
      `insert into sales_orders (number, customer_id, order_date, currency, status, net_total, tax_total, gross_total) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [`SO-T-${++seq}`, id[customerName], date, currency, status, net, tax, net + tax],
    );
    return row.id;
  }

  async function giveBack(orderId: string, customerName: string, date: string, net: number, status = 'confirmed') {
    await rawQuery(
      t.db.handle,
      `insert into sales_returns (number, order_id, customer_id, return_date, reason, status, net_total, tax_total, gross_total, currency) values ($1, $2, $3, $4, 'damaged', $5, $6, 0, $6, 'CNY')`,
      [`SR-T-${++seq}`, orderId, id[customerName], date, status, net],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    const sales = await makeDepartment(t, 'Sales');
    const other = await makeDepartment(t, 'Other branch');
    const m = await makeUser(t, ['manager'], { departmentId: sales, name: 'Manager' });
    manager = await signIn(t.app, m.email);
    finance = await signIn(t.app, (await makeUser(t, ['finance'], { departmentId: sales })).email);
    const r = await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep Zhao' });
    rep = await signIn(t.app, r.email);
    otherAssistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: other })).email);
    const otherRep = await makeUser(t, ['rep'], { departmentId: other, name: 'Rep Far' });
    east = await insertRegion(t.db.handle, 'East');
    north = await insertRegion(t.db.handle, 'North');
    const mine = { ownerId: r.id, departmentId: sales };

    // Alpha: 100,000 + 50,000 (5,000 of it returned) + 30,000; a draft, a cancelled order and a draft return do not count.
    await customer('Alpha', { ...mine, regionId: east, industry: 'Retail', level: 'A' });
    await order('Alpha', '2025-08-10', yuan(100_000));
    const jan = await order('Alpha', '2026-01-15', yuan(50_000), 'delivered');
    await giveBack(jan, 'Alpha', '2026-02-01', yuan(5_000));
    await giveBack(jan, 'Alpha', '2026-02-02', yuan(7_000), 'draft');
    await order('Alpha', '2026-06-20', yuan(30_000), 'confirmed');
    await order('Alpha', '2026-06-25', yuan(99_999), 'draft');
    await order('Alpha', '2026-05-01', yuan(88_888), 'cancelled');
    await order('Alpha', '2026-07-05', yuan(77_777)); // after asOf
    await order('Alpha', '2026-06-21', yuan(66_666), 'closed', 'USD'); // another currency
    // Beta: one order before the period, two in it.
    await customer('Beta', { ...mine, regionId: east, industry: 'Retail', level: 'B' });
    await order('Beta', '2024-03-01', yuan(20_000));
    await order('Beta', '2025-09-01', yuan(20_000));
    await order('Beta', '2026-05-15', yuan(10_000));
    // Gamma: three orders in 2024, none since: dormant.
    await customer('Gamma', { ...mine, industry: 'Energy' });
    for (const d of ['2024-01-10', '2024-06-10', '2024-11-10']) await order('Gamma', d, yuan(40_000));
    // Delta: one first order last month: new.
    await customer('Delta', { ...mine, level: 'C' });
    await order('Delta', '2026-06-01', yuan(5_000));
    // Epsilon: monthly until January (usual interval 92 / 3 = 30 days), silent for 171 days: overdue and a drop.
    await customer('Epsilon', mine);
    for (const d of ['2025-10-10', '2025-11-10', '2025-12-10', '2026-01-10']) await order('Epsilon', d, yuan(10_000));
    // Zeta: 50,000 a quarter, then 1,000 twice: a drop, but not overdue.
    await customer('Zeta', { ...mine, regionId: north });
    for (const d of ['2025-07-15', '2025-10-15', '2026-01-15']) await order('Zeta', d, yuan(50_000));
    for (const d of ['2026-04-15', '2026-06-15']) await order('Zeta', d, yuan(1_000));
    // Far: another department's customer; Idle: no orders at all.
    await customer('Far', { ownerId: otherRep.id, departmentId: other });
    await order('Far', '2026-03-01', yuan(70_000));
    await customer('Idle', mine);
  });
  afterAll(async () => t?.close());

  const get = async (who: Session, url: string, status = 200) => {
    const res = await who.request({ method: 'GET', url: `/api/v1/analysis/customers/${url}` });
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const names = (page: { items: { id: string }[] }) => page.items.map((i) => Object.keys(id).find((k) => id[k] === i.id));

  it('RFM: scores, segments and net sales to the cent; the R × FM grid', async () => {
    const res = await get(manager, `rfm?${Q}`);
    expect(res).toMatchObject({ asOf: AS_OF, periodStart: '2025-07-01', months: 12, currency: 'CNY', customers: 6 });
    const seg = Object.fromEntries(res.segments.map((s: { segment: string; customers: number; netSales: number }) => [s.segment, [s.customers, s.netSales]]));
    // Scores rank the five who ordered in the period (Gamma did not: 1-1-1). R by last order (Epsilon 1 … Alpha 5),
    // F by orders in the period (Delta 1, Beta 2, Alpha 3, Epsilon 4, Zeta 5), M by net sales (Delta 1 … Alpha 5);
    // FM = ⌈(F + M) / 2⌉.
    expect(seg).toEqual({
      champions: [2, yuan(175_000 + 152_000)], // Alpha R5 F3 M5, Zeta R4 F5 M4
      loyal: [0, 0],
      potential_loyalists: [0, 0],
      new: [1, yuan(5_000)], // Delta: first order in the last 90 days
      need_attention: [0, 0],
      at_risk: [0, 0],
      cant_lose: [1, yuan(40_000)], // Epsilon R1 F4 M3: bought much, silent since January
      hibernating: [1, yuan(30_000)], // Beta R2 F2 M2
      lost: [1, 0], // Gamma
    });
    expect(res.grid).toContainEqual({ r: 5, fm: 4, customers: 1 });
    expect(res.grid).toContainEqual({ r: 4, fm: 5, customers: 1 });
    expect(res.grid).toContainEqual({ r: 1, fm: 4, customers: 1 });
    expect(res.grid).toContainEqual({ r: 1, fm: 1, customers: 1 });
    expect(res.grid.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(6);
    expect(res.groups).toEqual([]);

    const members = await get(manager, `members?${Q}&analysis=rfm&segment=champions`);
    expect(names(members)).toEqual(['Alpha', 'Zeta']);
    expect(members.items[0]).toMatchObject({ r: 5, f: 3, m: 5, segment: 'champions', orders: 3, netSales: yuan(175_000), firstOrderDate: '2025-08-10', lastOrderDate: '2026-06-20', daysSinceLastOrder: 10, usualIntervalDays: 157, abcClass: 'A', ownerName: 'Rep Zhao', regionName: 'East', industry: 'Retail', level: 'A' });
  });

  it('RFM by region: groups are exact region values, "none" for customers without one, and a click lists exactly them', async () => {
    const res = await get(manager, `rfm?${Q}&dimension=region`);
    const cells = res.groups.map((g: { key: string; label: string | null; segment: string; customers: number; netSales: number }) => [g.label, g.segment, g.customers, g.netSales]);
    expect(cells).toEqual([
      ['East', 'champions', 1, yuan(175_000)],
      ['East', 'hibernating', 1, yuan(30_000)],
      ['North', 'champions', 1, yuan(152_000)],
      [null, 'new', 1, yuan(5_000)],
      [null, 'cant_lose', 1, yuan(40_000)],
      [null, 'lost', 1, 0],
    ]);
    expect(res.groups[0].key).toBe(east);
    expect(res.groups[3].key).toBe('none');
    expect(names(await get(manager, `members?${Q}&analysis=rfm&segment=champions&regionId=${north}`))).toEqual(['Zeta']);
    expect(names(await get(manager, `members?${Q}&analysis=rfm&segment=lost&regionId=none`))).toEqual(['Gamma']);
    // A filter narrows what is counted, not how customers are scored: East's two keep their segments.
    const eastOnly = await get(manager, `rfm?${Q}&regionId=${east}`);
    expect(eastOnly.customers).toBe(2);
    expect(eastOnly.segments.filter((s: { customers: number }) => s.customers).map((s: { segment: string }) => s.segment)).toEqual(['champions', 'hibernating']);
    // Pareto of East: classes as among everyone, the cumulative line over East alone (175,000 of 205,000).
    const eastAbc = await get(manager, `abc?${Q}&regionId=${east}`);
    expect(eastAbc.points.map((p: { name: string; cumulativeShare: number; class: string }) => [p.name, p.cumulativeShare, p.class])).toEqual([
      ['Alpha', 0.8537, 'A'],
      ['Beta', 1, 'B'],
    ]);
  });

  it('ABC / Pareto: A up to 80 %, B the next 15 %, C the rest; cumulative shares', async () => {
    const res = await get(manager, `abc?${Q}&dimension=level`);
    // Ranked: Alpha 175,000, Zeta 152,000, Epsilon 40,000, Beta 30,000, Delta 5,000 = 402,000 (Gamma has none).
    expect(res.customers).toBe(5);
    expect(res.netSales).toBe(yuan(402_000));
    expect(res.classes).toEqual([
      { class: 'A', customers: 2, netSales: yuan(327_000), share: 0.8134 },
      { class: 'B', customers: 2, netSales: yuan(70_000), share: 0.1741 },
      { class: 'C', customers: 1, netSales: yuan(5_000), share: 0.0124 },
    ]);
    expect(res.points.map((p: { name: string; cumulativeShare: number; class: string }) => [p.name, p.cumulativeShare, p.class])).toEqual([
      ['Alpha', 0.4353, 'A'],
      ['Zeta', 0.8134, 'A'],
      ['Epsilon', 0.9129, 'B'],
      ['Beta', 0.9876, 'B'],
      ['Delta', 1, 'C'],
    ]);
    expect(res.groups.map((g: { key: string; class: string; customers: number }) => [g.key, g.class, g.customers])).toEqual([
      ['A', 'A', 1],
      ['B', 'B', 1],
      ['C', 'C', 1],
      ['none', 'A', 1],
      ['none', 'B', 1],
    ]);
    expect(names(await get(manager, `members?${Q}&analysis=abc&segment=B`))).toEqual(['Epsilon', 'Beta']);
    expect((await get(manager, `abc?${Q}&top=2`)).points).toHaveLength(2);
  });

  it('new vs returning per calendar month, net of returns', async () => {
    const res = await get(manager, `lifecycle?${Q}`);
    expect(res.periodStart).toBe('2025-07-01');
    expect(res.series.map((s: { month: string }) => s.month)).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    const by = Object.fromEntries(res.series.map((s: { month: string; newCustomers: number; returningCustomers: number; newNetSales: number; returningNetSales: number }) => [s.month, [s.newCustomers, s.newNetSales, s.returningCustomers, s.returningNetSales]]));
    expect(by).toEqual({
      '2025-07': [1, yuan(50_000), 0, 0], // Zeta's first
      '2025-08': [1, yuan(100_000), 0, 0], // Alpha's first
      '2025-09': [0, 0, 1, yuan(20_000)], // Beta ordered in 2024
      '2025-10': [1, yuan(10_000), 1, yuan(50_000)], // Epsilon new, Zeta
      '2025-11': [0, 0, 1, yuan(10_000)],
      '2025-12': [0, 0, 1, yuan(10_000)],
      '2026-01': [0, 0, 3, yuan(45_000 + 10_000 + 50_000)], // Alpha net of its return
      '2026-02': [0, 0, 0, 0],
      '2026-03': [0, 0, 0, 0], // Far is another department's
      '2026-04': [0, 0, 1, yuan(1_000)],
      '2026-05': [0, 0, 1, yuan(10_000)], // Alpha's cancelled order does not count
      '2026-06': [1, yuan(5_000), 2, yuan(31_000)], // Delta new; Alpha, Zeta (draft left out)
    });
    expect(names(await get(manager, `members?${Q}&analysis=lifecycle&segment=new&month=2026-06`))).toEqual(['Delta']);
    expect(names(await get(manager, `members?${Q}&analysis=lifecycle&segment=returning&month=2026-06`))).toEqual(['Alpha', 'Zeta']);
  });

  it('dormant and churn risk: counts, recency buckets, lists with reasons', async () => {
    const res = await get(manager, `dormancy?${Q}&dimension=owner`);
    expect(res).toMatchObject({ dormantDays: 180, customers: 6, dormant: 1, churnRisk: 2, drop: 2, overdue: 1 });
    expect(res.recency).toEqual([
      { bucket: '0-30', customers: 3 },
      { bucket: '31-90', customers: 1 },
      { bucket: '91-180', customers: 1 },
      { bucket: '181-365', customers: 0 },
      { bucket: '366+', customers: 1 },
    ]);
    expect(res.groups).toEqual([{ key: expect.any(String), label: 'Rep Zhao', customers: 6, dormant: 1, churnRisk: 2 }]);

    const dormant = await get(manager, `members?${Q}&analysis=dormant`);
    expect(names(dormant)).toEqual(['Gamma']);
    expect(dormant.items[0]).toMatchObject({ lastOrderDate: '2024-11-10', daysSinceLastOrder: 597, usualIntervalDays: 152, netSales: 0, isDormant: true, churnReasons: [] });
    const churn = await get(manager, `members?${Q}&analysis=churn`);
    expect(churn.items.map((i: { name: string; churnReasons: string[]; daysSinceLastOrder: number; usualIntervalDays: number | null }) => [i.name, i.churnReasons, i.daysSinceLastOrder, i.usualIntervalDays])).toEqual([
      ['Zeta', ['drop'], 15, 83],
      ['Epsilon', ['drop', 'overdue'], 171, 30],
    ]);
    expect(names(await get(manager, `members?${Q}&analysis=churn&segment=overdue`))).toEqual(['Epsilon']);
    // With a 170-day threshold Epsilon is dormant, and so no longer a churn risk.
    const shorter = await get(manager, `dormancy?${Q}&dormantDays=170`);
    expect(shorter).toMatchObject({ dormant: 2, churnRisk: 1 });
  });

  it('members: keyset pages by net sales; export in the caller’s language', async () => {
    const first = await get(manager, `members?${Q}&analysis=rfm&segment=champions&limit=1`);
    expect(names(first)).toEqual(['Alpha']);
    expect(first.nextCursor).toBeTruthy();
    const second = await get(manager, `members?${Q}&analysis=rfm&segment=champions&limit=1&cursor=${first.nextCursor}`);
    expect(names(second)).toEqual(['Zeta']);
    expect(second.nextCursor).toBeNull();

    const csv = await manager.request({ method: 'GET', url: `/api/v1/analysis/customers/members/export?${Q}&analysis=rfm&segment=champions&format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('Net sales in period');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['Alpha', 'Zeta']);
    expect(lines[1]).toContain('175000.00');

    await manager.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
    const xlsx = await manager.request({ method: 'GET', url: `/api/v1/analysis/customers/members/export?${Q}&analysis=dormant&format=xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('客户');
    expect(ws.getRow(2).getCell(2).value).toBe('Gamma');
    expect(ws.getRow(2).getCell(7).value).toBe('已流失');
    await manager.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'en' } });
  });

  it('finance reads the same figures; a rep gets 403', async () => {
    expect((await get(finance, `rfm?${Q}`)).segments).toEqual((await get(manager, `rfm?${Q}`)).segments);
    for (const url of [`rfm?${Q}`, `abc?${Q}`, `lifecycle?${Q}`, `dormancy?${Q}`, `members?${Q}&analysis=dormant`, `members/export?${Q}&analysis=dormant`]) {
      const res = await rep.request({ method: 'GET', url: `/api/v1/analysis/customers/${url}` });
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('the back office of another department sees only its own customers', async () => {
    const rfm = await get(otherAssistant, `rfm?${Q}`);
    expect(rfm.customers).toBe(1);
    const all = await Promise.all(['champions', 'new', 'cant_lose', 'hibernating', 'lost'].map((s) => get(otherAssistant, `members?${Q}&analysis=rfm&segment=${s}`)));
    expect(all.flatMap((p) => names(p))).toEqual(['Far']);
    expect((await get(otherAssistant, `abc?${Q}`)).netSales).toBe(yuan(70_000));
    // The manager's figures never include Far.
    const abc = await get(manager, `abc?${Q}`);
    expect(abc.points.some((p: { customerId: string }) => p.customerId === id.Far)).toBe(false);
  });

  it('the default day is today in the company time zone', async () => {
    const res = await get(manager, 'lifecycle');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(res.asOf).toBe(today);
    expect(res.series).toHaveLength(12);
  });

  it('bad parameters get 400 naming the field', async () => {
    const cases: [string, string][] = [
      [`rfm?asOf=2026-13-01`, 'asOf'],
      [`rfm?${Q}&dimension=colour`, 'dimension'],
      [`abc?${Q}&months=0`, 'months'],
      [`abc?${Q}&top=999`, 'top'],
      [`dormancy?${Q}&dormantDays=5`, 'dormantDays'],
      [`rfm?${Q}&regionId=east`, 'regionId'],
      [`rfm?${Q}&level=Z`, 'level'],
      [`rfm?${Q}&colour=red`, 'colour'],
      [`members?${Q}&analysis=rfm`, 'segment'],
      [`members?${Q}&analysis=rfm&segment=Z`, 'segment'],
      [`members?${Q}&analysis=abc&segment=champions`, 'segment'],
      [`members?${Q}&analysis=lifecycle&segment=new`, 'month'],
      [`members?${Q}&analysis=lifecycle&segment=new&month=2026-13`, 'month'],
      [`members?${Q}&analysis=everything`, 'analysis'],
      [`members?${Q}&analysis=dormant&cursor=bm90LWEtY3Vyc29y`, 'cursor'],
      [`members/export?${Q}&analysis=dormant&format=pdf`, 'format'],
    ];
    for (const [url, field] of cases) {
      const res = await manager.request({ method: 'GET', url: `/api/v1/analysis/customers/${url}` });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field).join(' '), url).toContain(field);
    }
  });

  it('the report query: one statement, its SQL as snapshotted', () => {
    const db = t.db.handle.db;
    const compiled = rfmStatement(db, {
      scope: { kind: 'departments', departmentIds: ['00000000-0000-4000-8000-000000000001'], userId: '00000000-0000-4000-8000-000000000002' },
      filters: { months: 12, regionId: 'none', level: 'A' },
      frame: { asOf: AS_OF, periodStart: '2025-07-01', currency: 'CNY', dormantDays: 180 },
      dimension: 'region',
    }).compile(db);
    expect(compiled.sql).toMatchSnapshot();
    expect(compiled.parameters).toMatchSnapshot();
  });
});
