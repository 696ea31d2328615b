/**
 * Server-side texts: notifications and mails, in English and 简体中文. The web has its
 * own catalog for the UI; these are the texts that leave the server already rendered
 * (an email cannot be translated by the reader's browser).
 */
export const serverMessages = {
  en: {
    kinds: {
      'approval.pending': { title: 'Approval needed: {{title}}', body: '{{submitter}} submitted {{docLabel}} "{{title}}"{{amountText}}. It is waiting for your decision (step {{step}}).' },
      'approval.approved': { title: 'Approved: {{title}}', body: 'Your {{docLabel}} "{{title}}" was approved.' },
      'approval.rejected': { title: 'Rejected: {{title}}', body: 'Your {{docLabel}} "{{title}}" was rejected by {{actor}}.{{commentText}}' },
      'approval.returned': { title: 'Returned for changes: {{title}}', body: '{{actor}} returned your {{docLabel}} "{{title}}" for changes.{{commentText}}' },
      'approval.commented': { title: 'New comment on {{title}}', body: '{{actor}} commented on {{docLabel}} "{{title}}":{{commentText}}' },
      'approval.withdrawn': { title: 'Withdrawn: {{title}}', body: '{{submitter}} withdrew {{docLabel}} "{{title}}"; nothing is waiting for you any more.' },
      'statement.queried': { title: 'Question on your statement {{title}}', body: '{{actor}} asks about your statement {{title}}: "{{question}}". Please answer and resubmit it.' },
      'statement.resubmitted': { title: 'Statement resubmitted: {{title}}', body: '{{person}} answered your question and resubmitted the statement {{title}}.' },
      'task.assigned': { title: 'New task: {{title}}', body: '{{actor}} assigned you the task "{{title}}"{{dueText}}.' },
      'task.commented': { title: 'New comment on task {{title}}', body: '{{actor}} commented:{{commentText}}' },
      'task.completed': { title: 'Task done: {{title}}', body: '{{actor}} completed "{{title}}".{{resultText}}' },
      'reminder.before': { title: 'Due on {{dueOn}}: {{title}}', body: '"{{title}}" is due on {{dueOn}}.' },
      'reminder.due': { title: 'Due today: {{title}}', body: '"{{title}}" is due today ({{dueOn}}).' },
      'reminder.overdue': { title: 'Overdue: {{title}}', body: '"{{title}}" was due on {{dueOn}} and is not done yet.' },
      'reminder.escalated': { title: 'Overdue for {{person}}: {{title}}', body: '"{{title}}", assigned to {{person}}, was due on {{dueOn}} and is not done. You receive this as their manager.' },
    },
    words: {
      amount: ', amount {{amount}}',
      comment: ' "{{comment}}"',
      due: ', due {{dueOn}}',
      result: ' Result: {{result}}',
      open: 'Open in Salesdesk: {{url}}',
      footer: 'You receive this because of your notification settings in Salesdesk.',
    },
    docTypes: { general_request: 'general request', department_report: 'department report', trip: 'business trip', expense_claim: 'expense claim' } as Record<string, string>,
  },
  'zh-CN': {
    kinds: {
      'approval.pending': { title: '待审批：{{title}}', body: '{{submitter}} 提交了{{docLabel}}“{{title}}”{{amountText}}，等待您审批（第 {{step}} 步）。' },
      'approval.approved': { title: '已批准：{{title}}', body: '您的{{docLabel}}“{{title}}”已获批准。' },
      'approval.rejected': { title: '已驳回：{{title}}', body: '您的{{docLabel}}“{{title}}”被 {{actor}} 驳回。{{commentText}}' },
      'approval.returned': { title: '退回修改：{{title}}', body: '{{actor}} 将您的{{docLabel}}“{{title}}”退回修改。{{commentText}}' },
      'approval.commented': { title: '新评论：{{title}}', body: '{{actor}} 评论了{{docLabel}}“{{title}}”：{{commentText}}' },
      'approval.withdrawn': { title: '已撤回：{{title}}', body: '{{submitter}} 撤回了{{docLabel}}“{{title}}”，无需您再处理。' },
      'statement.queried': { title: '您的报表 {{title}} 有疑问', body: '{{actor}} 对您的报表 {{title}} 提出疑问：“{{question}}”。请答复后重新提交。' },
      'statement.resubmitted': { title: '报表已重新提交：{{title}}', body: '{{person}} 已答复您的疑问并重新提交报表 {{title}}。' },
      'task.assigned': { title: '新任务：{{title}}', body: '{{actor}} 给您分配了任务“{{title}}”{{dueText}}。' },
      'task.commented': { title: '任务新评论：{{title}}', body: '{{actor}} 评论：{{commentText}}' },
      'task.completed': { title: '任务完成：{{title}}', body: '{{actor}} 完成了“{{title}}”。{{resultText}}' },
      'reminder.before': { title: '{{dueOn}} 到期：{{title}}', body: '“{{title}}”将于 {{dueOn}} 到期。' },
      'reminder.due': { title: '今天到期：{{title}}', body: '“{{title}}”今天（{{dueOn}}）到期。' },
      'reminder.overdue': { title: '已逾期：{{title}}', body: '“{{title}}”已于 {{dueOn}} 到期，尚未完成。' },
      'reminder.escalated': { title: '{{person}} 的事项已逾期：{{title}}', body: '分配给 {{person}} 的“{{title}}”已于 {{dueOn}} 到期仍未完成。作为其上级，您收到此提醒。' },
    },
    words: {
      amount: '，金额 {{amount}}',
      comment: '“{{comment}}”',
      due: '，截止日期 {{dueOn}}',
      result: '结果：{{result}}',
      open: '在 Salesdesk 中打开：{{url}}',
      footer: '您收到此邮件是因为您在 Salesdesk 中的通知设置。',
    },
    docTypes: { general_request: '通用申请', department_report: '部门报告', trip: '出差申请', expense_claim: '费用报销单' } as Record<string, string>,
  },
} as const;

export type ServerLocale = keyof typeof serverMessages;
export type NotificationKind = keyof (typeof serverMessages)['en']['kinds'];
export const NOTIFICATION_KINDS = Object.keys(serverMessages.en.kinds) as NotificationKind[];

export function interpolate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => (params[key] === undefined || params[key] === null ? '' : String(params[key])));
}

/** Formats integer minor units for a reader, exact (no float arithmetic): 123456 CNY → "¥1,234.56". */
export function formatMoney(minor: number, currency: string, locale: ServerLocale): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit);
  const frac = String(abs % unit).padStart(digits, '0');
  const symbol = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  return `${sign}${symbol}${whole.toLocaleString('en')}${digits ? '.' + frac : ''}`;
}

/** Renders a notification's title and body in a locale, filling the optional phrases. */
export function renderNotification(kind: string, params: Record<string, unknown>, locale: ServerLocale): { title: string; body: string } {
  const cat = serverMessages[locale] ?? serverMessages.en;
  const entry = (cat.kinds as Record<string, { title: string; body: string }>)[kind];
  if (!entry) return { title: kind, body: '' };
  const p: Record<string, unknown> = { ...params };
  p.docLabel = cat.docTypes[String(params.docType ?? '')] ?? params.docType ?? '';
  p.amountText = typeof params.amount === 'number' && params.currency ? interpolate(cat.words.amount, { amount: formatMoney(params.amount, String(params.currency), locale) }) : '';
  p.commentText = params.comment ? interpolate(cat.words.comment, params) : '';
  p.dueText = params.dueOn ? interpolate(cat.words.due, params) : '';
  p.resultText = params.result ? interpolate(cat.words.result, params) : '';
  return { title: interpolate(entry.title, p), body: interpolate(entry.body, p) };
}
