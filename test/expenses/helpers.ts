import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { updateCompanySettings, getCompanySettings } from '../../src/server/platform/settings/settings.service';
import { makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { multipart, tinyPdf } from '../services/support/fixtures';

/** The expense world: a department with a manager (everyone's manager), an assistant, finance, two reps, and an admin. */
export interface ExpenseWorld {
  t: TestApp;
  departmentId: string;
  rep: Session;
  repB: Session;
  repOther: Session;
  manager: Session;
  assistant: Session;
  finance: Session;
  admin: Session;
}

export const COMPANY = { name: '上海示例贸易有限公司', taxpayerId: '91310000MA1FL1234X' };

export async function expenseWorld(t: TestApp): Promise<ExpenseWorld> {
  const hq = await makeDepartment(t, 'HQ (expenses)');
  const departmentId = await makeDepartment(t, 'Sales (expenses)', hq);
  const otherDepartment = await makeDepartment(t, 'Sales East (expenses)', hq);
  const manager = await makeUser(t, ['manager'], { departmentId, name: 'Manager Wang' });
  const u = (roles: Parameters<typeof makeUser>[1], name: string, dep = departmentId) => makeUser(t, roles, { departmentId: dep, managerId: manager.id, name });
  const rep = await u(['rep'], '张伟 Zhang Wei');
  const repB = await u(['rep'], 'Rep B');
  const repOther = await u(['rep'], 'Rep Other', otherDepartment);
  const assistant = await u(['assistant'], 'Assistant Li');
  const finance = await u(['finance'], 'Finance Zheng');
  const admin = await makeUser(t, ['admin'], { departmentId: hq, name: 'Admin' });
  const settings = await getCompanySettings(t.db.handle.db);
  await updateCompanySettings(t.db.handle.db, { label: 'test' }, { ...settings, companyName: COMPANY.name, taxpayerId: COMPANY.taxpayerId });
  return {
    t,
    departmentId,
    rep: await signIn(t.app, rep.email),
    repB: await signIn(t.app, repB.email),
    repOther: await signIn(t.app, repOther.email),
    manager: await signIn(t.app, manager.email),
    assistant: await signIn(t.app, assistant.email),
    finance: await signIn(t.app, finance.email),
    admin: await signIn(t.app, admin.email),
  };
}

export function expectStatus(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body.slice(0, 600)).toBe(status);
}

export async function call(s: Session, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, status?: number, headers: Record<string, string> = {}) {
  const res = await s.request({ method, url, payload: payload as object, headers });
  if (status !== undefined) expectStatus(res, status);
  return res.json();
}

/** A trip Shanghai → Beijing (tier 1) and back, 2026-03-10…12 (Tue–Thu), budget 6,000.00. */
export const tripBody = (over: Record<string, unknown> = {}) => ({
  purpose: 'Visit customers in Beijing',
  startDate: '2026-03-10',
  endDate: '2026-03-12',
  legs: [
    { fromCity: '上海', toCity: '北京', departOn: '2026-03-10', arriveOn: '2026-03-10', mode: 'train', cityTier: 1 },
    { fromCity: '北京', toCity: '上海', departOn: '2026-03-12', arriveOn: '2026-03-12', mode: 'train', cityTier: 1 },
  ],
  budget: [
    { category: 'travel_transport', amount: 200_000 },
    { category: 'lodging', amount: 200_000 },
    { category: 'meals', amount: 100_000 },
    { category: 'local_transport', amount: 50_000 },
    { category: 'other', amount: 50_000 },
  ],
  advanceRequested: 300_000,
  ...over,
});

/** The manager approves the document's pending approval. */
export async function approve(w: ExpenseWorld, approvalRequestId: string, who: Session = w.manager) {
  return call(who, 'POST', `/api/v1/approvals/requests/${approvalRequestId}/approve`, {}, 200);
}

/** A trip planned by the rep, submitted and approved by the manager. */
export async function approvedTrip(w: ExpenseWorld, over: Record<string, unknown> = {}, rep: Session = w.rep) {
  const trip = await call(rep, 'POST', '/api/v1/trips', { ...tripBody(over), submit: true }, 201);
  expect(trip.status).toBe('submitted');
  await approve(w, trip.approvalRequestId);
  const approved = await call(rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200);
  expect(approved.status).toBe('approved');
  return approved;
}

export async function book(w: ExpenseWorld, tripId: string, body: Record<string, unknown>) {
  return call(w.assistant, 'POST', `/api/v1/trips/${tripId}/bookings`, { passengerName: '张伟', bookedOn: '2026-03-01', ...body }, 201);
}

let fileSeq = 0;
/** Uploads a small distinct PDF as a receipt; returns the file id. */
export async function receiptFile(s: Session, text?: string): Promise<string> {
  fileSeq++;
  const res = await s.request({ method: 'POST', url: '/api/v1/files?purpose=receipt', ...multipart({ name: `receipt-${fileSeq}.pdf`, data: tinyPdf(text ?? `receipt ${fileSeq} ${Math.random()}`), type: 'application/pdf' }) });
  expectStatus(res, 201);
  return res.json().id;
}

/** A 20-digit fully digital e-invoice number of 2026, unique per call. */
let invoiceSeq = 0;
export const invoiceNo = () => `26310000000${String(++invoiceSeq).padStart(9, '0')}`;

/** A clean VAT receipt for our company. */
export const vatReceipt = (fileId: string, amount: number, over: Record<string, unknown> = {}) => ({
  kind: 'vat_invoice',
  fileId,
  invoiceNumber: invoiceNo(),
  invoiceAmount: amount,
  invoiceDate: '2026-03-11',
  buyerName: COMPANY.name,
  buyerTaxpayerId: COMPANY.taxpayerId,
  ...over,
});

export const codes = (claim: { checks: { code: string; lineNo: number | null; overridden: boolean }[] }) => claim.checks.map((c) => `${c.code}@${c.lineNo ?? '-'}`).sort();
