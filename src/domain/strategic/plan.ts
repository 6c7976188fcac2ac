// A district's step-change plan (the 2014 action plan's district plans): priorities, actions, owners,
// dates and status. Validation is here so the page and any other writer refuse the same input.
export const PLAN_STATUSES = ['not_started', 'in_progress', 'done', 'at_risk'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { not_started: 'Not started', in_progress: 'In progress', done: 'Done', at_risk: 'At risk' };

export interface PlanItemInput {
  priority: string;
  action: string;
  owner: string;
  /** ISO date, '' when empty, 'invalid' when the boxes make no date. */
  dueDate: string;
  status: string;
}

export type PlanErrors = Partial<Record<'priority' | 'action' | 'owner' | 'dueDate' | 'status', string>>;

/** The problems with a plan line, by field, worded for the GOV.UK error summary; empty when none. */
export function validatePlanItem(i: PlanItemInput): PlanErrors {
  const e: PlanErrors = {};
  if (!i.priority.trim()) e.priority = 'Enter the priority';
  else if (i.priority.length > 300) e.priority = 'The priority must be 300 characters or fewer';
  if (!i.action.trim()) e.action = 'Enter the action';
  else if (i.action.length > 2000) e.action = 'The action must be 2,000 characters or fewer';
  if (!i.owner.trim()) e.owner = 'Enter who owns the action';
  else if (i.owner.length > 120) e.owner = 'The owner must be 120 characters or fewer';
  if (!i.dueDate) e.dueDate = 'Enter the date the action is due';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(i.dueDate)) e.dueDate = 'The date the action is due must be a real date';
  if (!(PLAN_STATUSES as readonly string[]).includes(i.status)) e.status = 'Select the status';
  return e;
}
