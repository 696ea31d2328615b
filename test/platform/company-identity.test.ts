import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { call, expenseWorld, expectStatus, receiptFile, vatReceipt, type ExpenseWorld } from '../expenses/helpers';

/**
 * Our company's identity on invoices (company settings): the admin keeps the name and the
 * taxpayer id (unified social credit code, GB 32100) that claim checks compare every e-invoice's
 * buyer with. The id must have the code's shape (18 characters of its alphabet) or be empty; a
 * wrong check character is saved with a warning, not refused.
 */
let t: TestApp;
let w: ExpenseWorld;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const VALID = '91350100M000100Y43';
const BAD_CHECK = '91350100M000100Y44';

beforeAll(async () => {
  t = await createTestApp();
  w = await expenseWorld(t);
}, 120_000);
afterAll(async () => t?.close());

const settings = () => call(w.admin, 'GET', '/api/v1/settings', undefined, 200);
const put = async (over: Record<string, unknown>) => {
  const { warnings: _w, ...current } = await settings();
  return w.admin.request({ method: 'PUT', url: '/api/v1/settings', payload: { ...current, ...over } });
};

describe('company taxpayer id and name in the settings', () => {
  it('saves a valid code (trimmed, upper case) without warnings; a failing check character is saved with a warning', async () => {
    const ok = await put({ taxpayerId: ` ${VALID.toLowerCase()} ` });
    expectStatus(ok, 200);
    expect(ok.json()).toMatchObject({ taxpayerId: VALID, warnings: [] });
    expect((await settings()).taxpayerId).toBe(VALID);

    const warned = await put({ taxpayerId: BAD_CHECK });
    expectStatus(warned, 200);
    expect(warned.json().taxpayerId).toBe(BAD_CHECK);
    expect(warned.json().warnings).toEqual([expect.objectContaining({ field: 'taxpayerId', code: 'credit_code_checksum' })]);
    expect((await settings()).taxpayerId).toBe(BAD_CHECK);
  });

  it('refuses a taxpayer id that is not a credit code (400 naming the field) and keeps what was stored', async () => {
    await put({ taxpayerId: VALID });
    for (const bad of ['91350100M000100Y4', '9135010OM000100Y43', '91350100M000100Y434', '123456789012345', '91350100M000100Y4!', '9135010AM000100Y43']) {
      const res = await put({ taxpayerId: bad });
      expectStatus(res, 400);
      expect(res.json().errors.map((e: Json) => e.field), bad).toEqual(['taxpayerId']);
    }
    expect((await settings()).taxpayerId).toBe(VALID);
    const noName = await put({ companyName: '  ' });
    expectStatus(noName, 400);
    expect(noName.json().errors[0].field).toBe('companyName');
  });

  it("keeps the stored id when a client does not send it, clears it with '', and only the admin may change it", async () => {
    await put({ taxpayerId: VALID });
    const { taxpayerId: _omit, warnings: _w, ...withoutId } = await settings();
    expectStatus(await w.admin.request({ method: 'PUT', url: '/api/v1/settings', payload: withoutId }), 200);
    expect((await settings()).taxpayerId).toBe(VALID);
    for (const s of [w.rep, w.finance, w.manager]) {
      expectStatus(await s.request({ method: 'PUT', url: '/api/v1/settings', payload: { ...withoutId, taxpayerId: BAD_CHECK } }), 403);
    }
    expect((await settings()).taxpayerId).toBe(VALID);
    expectStatus(await put({ taxpayerId: '' }), 200);
    expect((await settings()).taxpayerId).toBe('');
  });

  it('the claim checks compare e-invoice buyers with what the admin saved', async () => {
    expectStatus(await put({ companyName: '杭州新名称科技有限公司', taxpayerId: VALID }), 200);
    const items = [
      // The old identity: both name and id are another company's now.
      { date: '2026-03-11', category: 'meals', amount: 2_000, cityTier: 1, receipts: [vatReceipt(await receiptFile(w.rep), 2_000)] },
      // The new identity passes.
      { date: '2026-03-11', category: 'meals', amount: 2_000, cityTier: 1, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { buyerName: '杭州新名称科技有限公司', buyerTaxpayerId: VALID })] },
    ];
    const claim = await call(w.rep, 'POST', '/api/v1/claims', { title: 'identity', items, submit: true }, 201);
    const buyer = claim.checks.filter((k: Json) => k.code === 'buyer_not_company');
    expect(buyer.map((k: Json) => [k.lineNo, k.params.field, k.params.expected]).sort()).toEqual([
      [1, 'name', '杭州新名称科技有限公司'],
      [1, 'taxpayerId', VALID],
    ]);
  });
});
