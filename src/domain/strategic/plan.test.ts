import { describe, expect, it } from 'vitest';
import { validatePlanItem } from './plan.js';

describe('district plan lines', () => {
  const ok = { priority: 'Pupils in good or better schools', action: 'Termly review of every school below good', owner: 'District lead', dueDate: '2026-07-17', status: 'in_progress' };
  it('accepts a complete line', () => expect(validatePlanItem(ok)).toEqual({}));
  it('names every missing or bad field', () => {
    expect(validatePlanItem({ priority: ' ', action: '', owner: '', dueDate: 'invalid', status: 'finished' })).toEqual({
      priority: 'Enter the priority',
      action: 'Enter the action',
      owner: 'Enter who owns the action',
      dueDate: 'The date the action is due must be a real date',
      status: 'Select the status',
    });
    expect(validatePlanItem({ ...ok, dueDate: '' }).dueDate).toBe('Enter the date the action is due');
  });
});
