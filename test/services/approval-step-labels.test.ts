import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';

/**
 * The default flows' step names read in the reader's language (they carry a key); a step an admin
 * named reads as typed in every language. Through the API: a request's steps, the admin's flow
 * list, and a flow saved the way the flow editor sends it back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('approval step labels', () => {
  let t: TestApp;
  let rep: Session;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    const dep = await makeDepartment(t, 'Sales');
    const m = await makeUser(t, ['manager'], { departmentId: dep });
    const r = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id });
    await makeUser(t, ['finance'], { departmentId: dep });
    const a = await makeUser(t, ['admin']);
    rep = await signIn(t.app, r.email);
    admin = await signIn(t.app, a.email);
  }, 60_000);
  afterAll(async () => t?.close());

  const get = async (s: Session, url: string) => {
    const res = await s.request({ url });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const locale = async (s: Session, l: 'en' | 'zh-CN') => expect((await s.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: l } })).statusCode).toBe(200);
  const labels = (steps: Json[]) => steps.map((s) => [s.name, s.key ?? null, s.label]);
  const submit = async () => {
    const res = await rep.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Trade show booth', amount: 900_000, submit: true } });
    expect(res.statusCode).toBe(201);
    return res.json().approvalRequestId as string;
  };

  it("a default flow's steps read in the reader's language; the stored name stays English", async () => {
    const id = await submit();
    expect(labels((await get(rep, `/api/v1/approvals/requests/${id}`)).steps)).toEqual([
      ['Manager', 'manager', 'Manager'],
      ['Finance', 'finance', 'Finance'],
    ]);
    await locale(rep, 'zh-CN');
    expect(labels((await get(rep, `/api/v1/approvals/requests/${id}`)).steps)).toEqual([
      ['Manager', 'manager', '直属上级'],
      ['Finance', 'finance', '财务'],
    ]);
    await locale(rep, 'en');
  });

  it("the admin's flow list shows the labels; a renamed step keeps the admin's name in every language", async () => {
    await locale(admin, 'zh-CN');
    const flow = (await get(admin, '/api/v1/approvals/flows')).items.find((f: Json) => f.docType === 'general_request');
    expect(labels(flow.steps)).toEqual([
      ['Manager', 'manager', '直属上级'],
      ['Finance', 'finance', '财务'],
    ]);
    // The editor sends each step by the label it showed, with its key: the first kept as shown,
    // the second renamed; a third, new step is typed "Manager" by the admin (no key).
    const steps = [
      { name: '直属上级', key: 'manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' },
      { name: '财务总监复核', key: 'finance', approvers: [{ kind: 'role', role: 'finance' }], mode: 'any', minAmount: 500_000 },
      { name: 'Manager', approvers: [{ kind: 'manager', level: 2 }], mode: 'any' },
    ];
    const saved = await admin.request({ method: 'PUT', url: '/api/v1/approvals/flows/general_request', payload: { steps } });
    expect(saved.statusCode).toBe(200);
    expect(labels(saved.json().steps)).toEqual([
      ['Manager', 'manager', '直属上级'],
      ['财务总监复核', null, '财务总监复核'],
      ['Manager', null, 'Manager'],
    ]);
    await locale(admin, 'en');
    const en = (await get(admin, '/api/v1/approvals/flows')).items.find((f: Json) => f.docType === 'general_request');
    expect(labels(en.steps)).toEqual([
      ['Manager', 'manager', 'Manager'],
      ['财务总监复核', null, '财务总监复核'],
      ['Manager', null, 'Manager'],
    ]);

    // A request under the saved flow: the kept default step translates, the admin's names do not.
    const id = await submit();
    await locale(rep, 'zh-CN');
    expect(labels((await get(rep, `/api/v1/approvals/requests/${id}`)).steps).map((s) => s[2])).toEqual(['直属上级', '财务总监复核', 'Manager']);
    await locale(rep, 'en');
  });
});
