import type { FlowStep, StepKey } from './approvals.schema';

/**
 * The names of the default flows' steps in English and Chinese. A step is stored with its English
 * name; one that came from a default flow also carries its key, and reads in the reader's language
 * by that key. A step an admin named reads as typed, in every language.
 */
const STEP_NAMES: Record<StepKey, [string, string]> = {
  manager: ['Manager', '直属上级'],
  finance: ['Finance', '财务'],
  leaders: ['Leaders', '部门领导'],
};

/** What to show for a step: its key's name in the reader's language, else the name as stored. */
export function stepLabel(step: { name: string; key?: StepKey | null }, locale: 'en' | 'zh-CN'): string {
  const names = step.key ? STEP_NAMES[step.key] : undefined;
  return names ? names[locale === 'zh-CN' ? 1 : 0] : step.name;
}

/**
 * A step as saved by an admin. The flow editor shows a keyed step by its label and sends it back
 * with its key: when the name is still that key's name (in either language) the step keeps its key
 * and its English name; a renamed step loses the key and keeps what the admin typed.
 */
export function normaliseStepKey(step: FlowStep): FlowStep {
  const { key, ...rest } = step;
  if (!key) return rest;
  const names = STEP_NAMES[key];
  return names.includes(step.name) ? { ...rest, name: names[0], key } : rest;
}
