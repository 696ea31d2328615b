import { formatMinor } from '../../platform/money/money';

/**
 * The checks' explanations in English and Chinese, built from a finding's params (the web may
 * render its own from the same params; exports and mails use these).
 */
type P = Record<string, unknown>;
const y = (v: unknown) => formatMinor(Number(v ?? 0));
const s = (v: unknown) => (v == null || v === '' ? '—' : String(v));

const CATEGORY: Record<string, [string, string]> = {
  travel_transport: ['transport', '交通费'],
  lodging: ['lodging', '住宿费'],
  meals: ['meals', '伙食补助'],
  local_transport: ['local transport', '市内交通费'],
  entertainment: ['entertainment', '业务招待费'],
  office_supplies: ['office supplies', '办公用品'],
  communication: ['communication', '通讯费'],
  samples: ['samples', '样品费'],
  other: ['other', '其他'],
};
const cat = (v: unknown, zh: boolean) => (CATEGORY[String(v)] ?? [String(v), String(v)])[zh ? 1 : 0];
const upper = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

// The grades the default cap table names; an admin may add others (lower-case codes), which read as "grade <code>".
const GRADE: Record<string, [string, string]> = {
  staff: ['Staff grade', '普通员工'],
  manager: ['Manager grade', '经理级'],
};
const grade = (v: unknown, zh: boolean) => GRADE[String(v)]?.[zh ? 1 : 0] ?? (zh ? `职级 ${s(v)}` : `grade ${s(v)}`);
const TIER_ZH: Record<string, string> = { '1': '一线城市', '2': '二线城市', '3': '三线城市' };
const tier = (v: unknown, zh: boolean) => (zh ? (TIER_ZH[String(v)] ?? `${s(v)}类城市`) : `tier-${s(v)} city`);

/** Which cap applied, in words: "Staff grade, tier-1 city, lodging" / "普通员工，一线城市，住宿费". */
export function capLabel(params: P, locale: 'en' | 'zh-CN'): string {
  const zh = locale === 'zh-CN';
  return [grade(params.grade, zh), tier(params.tier, zh), cat(params.category, zh)].join(zh ? '，' : ', ');
}

const FORMAT_PROBLEM: Record<string, [string, string]> = {
  missing: ['has no invoice or ticket number', '缺少发票或票据号码'],
  pattern: ['does not have the form of its kind (20-digit e-invoice; 8-digit VAT number, optionally after its 10/12-digit code; 13-digit e-ticket)', '号码格式不符（数电发票20位；增值税发票号码8位，可带10/12位发票代码；电子客票号13位）'],
  year: ['is a 20-digit e-invoice number whose first two digits are not its year of issue', '为20位数电发票号码，但前两位与开票年度不符'],
};

const TEXTS: Record<string, (p: P, zh: boolean) => string> = {
  duplicate_invoice: (p, zh) =>
    zh ? `发票/票据号码 ${s(p.number)} 已在其他报销中使用（${s(p.count)} 次）。` : `Invoice / ticket number ${s(p.number)} has already been claimed (${s(p.count)} other use${p.count === 1 ? '' : 's'}).`,
  invoice_number_format: (p, zh) => {
    const [en, cn] = FORMAT_PROBLEM[String(p.problem)] ?? FORMAT_PROBLEM.pattern;
    return zh ? `票据 ${s(p.number)}：${cn}。` : `Receipt ${s(p.number)} ${en}.`;
  },
  buyer_not_company: (p, zh) =>
    p.field === 'name'
      ? zh
        ? `发票购买方名称“${s(p.actual)}”不是本公司（${s(p.expected)}）。`
        : `The buyer on the invoice, "${s(p.actual)}", is not our company (${s(p.expected)}).`
      : zh
        ? `发票购买方纳税人识别号 ${s(p.actual)} 不是本公司的 ${s(p.expected)}。`
        : `The buyer's taxpayer id on the invoice (${s(p.actual)}) is not our company's ${s(p.expected)}.`,
  duplicate_receipt_file: (p, zh) => (zh ? `同一票据文件（${s(p.fileName)}）已在其他报销中使用。` : `The same receipt file (${s(p.fileName)}) has been used before.`),
  passenger_mismatch: (p, zh) => (zh ? `票据乘客“${s(p.passenger)}”不是出差人 ${s(p.traveller)}。` : `The ticket's passenger "${s(p.passenger)}" is not the traveller ${s(p.traveller)}.`),
  outside_itinerary: (p, zh) =>
    p.reason === 'route'
      ? zh
        ? `行程 ${s(p.from)} → ${s(p.to)}（${s(p.date)}）不在批准的行程中。`
        : `The route ${s(p.from)} → ${s(p.to)} (${s(p.date)}) is not in the approved itinerary.`
      : zh
        ? `行程 ${s(p.from)} → ${s(p.to)} 的日期 ${s(p.date)} 不在批准的行程日期内。`
        : `The ticket ${s(p.from)} → ${s(p.to)} is dated ${s(p.date)}, outside the approved itinerary's dates.`,
  refunded_ticket: (p, zh) =>
    zh
      ? `票 ${s(p.ticket)} 已${p.status === 'refunded' ? '退票' : '改签'}（票价 ${y(p.price)}，退回 ${y(p.refund)}），最多可报 ${y(p.allowed)}，本次报销 ${y(p.claimed)}。`
      : `Ticket ${s(p.ticket)} was ${p.status} (price ${y(p.price)}, ${y(p.refund)} back): at most ${y(p.allowed)} may be claimed, ${y(p.claimed)} is.`,
  reissued_original_claimed: (p, zh) =>
    zh ? `改签后的票 ${s(p.ticket)} 的原票 ${s(p.original)} 也已报销。` : `Ticket ${s(p.ticket)} is a reissue, and its original ${s(p.original)} was claimed as well.`,
  over_cap: (p, zh) =>
    p.unit === 'night'
      ? zh
        ? `${cat(p.category, true)}每晚 ${y(p.perNight)}（${s(p.nights)} 晚共 ${y(p.claimed)}）超过标准 ${y(p.cap)}/晚（${capLabel(p, 'zh-CN')}）。`
        : `${upper(cat(p.category, false))} at ${y(p.perNight)} a night (${y(p.claimed)} for ${s(p.nights)}) is over the cap of ${y(p.cap)} a night (${capLabel(p, 'en')}).`
      : zh
        ? `${s(p.date)} 的${cat(p.category, true)} ${y(p.claimed)} 超过每日标准 ${y(p.cap)}（${capLabel(p, 'zh-CN')}）。`
        : `${upper(cat(p.category, false))} on ${s(p.date)} come to ${y(p.claimed)}, over the daily cap of ${y(p.cap)} (${capLabel(p, 'en')}).`,
  over_budget: (p, zh) =>
    p.category == null
      ? zh
        ? `出差 ${s(p.trip)} 的报销合计 ${y(p.claimed)} 超出批准预算 ${y(p.budget)}（超 ${y(p.over)}）。`
        : `Claims on trip ${s(p.trip)} come to ${y(p.claimed)}, over the approved budget of ${y(p.budget)} by ${y(p.over)}.`
      : zh
        ? `${cat(p.category, true)}合计 ${y(p.claimed)} 超出该类预算 ${y(p.budget)}（超 ${y(p.over)}）。`
        : `${upper(cat(p.category, false))} come to ${y(p.claimed)}, over the budget of ${y(p.budget)} for it by ${y(p.over)}.`,
  weekend_or_holiday: (p, zh) =>
    p.kind === 'holiday'
      ? zh
        ? `${s(p.date)} 是法定节假日（${s(p.nameZh)}）。`
        : `${s(p.date)} is a public holiday (${s(p.nameEn)}).`
      : zh
        ? `${s(p.date)} 是周末。`
        : `${s(p.date)} is a weekend day.`,
  missing_receipt: (p, zh) => (zh ? `${cat(p.category, true)} ${y(p.amount)} 没有附票据文件。` : `The ${cat(p.category, false)} item of ${y(p.amount)} has no receipt file.`),
  outside_trip_dates: (p, zh) => (zh ? `日期 ${s(p.date)} 不在出差期间 ${s(p.start)} 至 ${s(p.end)} 内。` : `The date ${s(p.date)} is outside the trip (${s(p.start)} to ${s(p.end)}).`),
  amount_over_invoice: (p, zh) => (zh ? `报销金额 ${y(p.claimed)} 超过票据金额 ${y(p.invoiced)}。` : `The amount claimed, ${y(p.claimed)}, is more than the receipts show (${y(p.invoiced)}).`),
};

/** A match in the reader's language where it is one of ours (a cap); other labels are data (numbers, names, routes). */
export function localizeMatch<M extends { type: string; label: string }>(m: M, params: P, locale: 'en' | 'zh-CN'): M {
  return m.type === 'cap' ? { ...m, label: capLabel(params, locale) } : m;
}

export function explainCheck(code: string, params: P, locale: 'en' | 'zh-CN'): string {
  const t = TEXTS[code];
  return t ? t(params, locale === 'zh-CN') : code;
}
