import { describe, expect, it } from 'vitest';
import type { PlannedContact } from '../domain/engagement/index.js';
import { summariseProgramme } from './programme-summary.js';

const contact = (urn: number, meetingType: PlannedContact['meetingType'], halfTerm: PlannedContact['halfTerm'], days: number): PlannedContact => ({
  urn, schoolName: `School ${urn}`, officerId: null, date: halfTerm ? '2026-10-01' : null, academicYear: '2026/27', term: 'autumn', halfTerm, window: 'autumn term', meetingType, reason: '', days,
});

describe('summariseProgramme', () => {
  it('counts schools per category and contacts and days per type and half term, over the schools given', () => {
    const contacts = [contact(1, 'core-group', 'autumn-1', 1), contact(1, 'core-group', 'spring-2', 1), contact(2, 'annual-conversation', 'autumn-1', 0.5), contact(3, 'termly-visit', null, 1)];
    const categoryOf = new Map([
      [1, { code: '4', label: 'High concern' }],
      [2, { code: '1', label: 'Low concern' }],
      [3, { code: '1', label: 'Low concern' }],
    ]);
    const s = summariseProgramme({ programme: { year: '2026/27', contacts, officers: [], unassigned: [], unscheduled: [], allowances: [] }, categoryOf });
    expect(s.byCategory).toEqual([
      { key: '1', label: '1: Low concern', count: 2, days: 1.5 },
      { key: '4', label: '4: High concern', count: 1, days: 2 },
    ]);
    expect(s.byType.map((r) => [r.label, r.count, r.days])).toEqual([
      ['Annual conversation', 1, 0.5],
      ['Termly visit', 1, 1],
      ['Core Group meeting', 2, 2],
    ]);
    expect(s.byHalfTerm.map((r) => [r.label, r.count])).toEqual([
      ['Autumn 1', 2],
      ['Spring 2', 1],
      ['No free school day', 1],
    ]);
  });
});
