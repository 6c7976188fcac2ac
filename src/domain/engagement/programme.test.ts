import { describe, expect, it } from 'vitest';
import { academicYear, isWorkingDay, loadCalendar, workingDaysIn } from '../calendar/index.js';
import type { EngagementExpectation } from '../engagement-types.js';
import { assignOfficers } from './assign.js';
import { planProgramme, type PlannedSchool } from './programme.js';

const calendar = loadCalendar();
const light: EngagementExpectation = { cadence: 'annual', meetingType: 'annual-conversation', daysPerContact: 0.5, description: 'Light touch, at least an annual conversation' };
const medium: EngagementExpectation = { cadence: 'termly', meetingType: 'termly-visit', daysPerContact: 1, description: 'Detailed discussions and early help' };
const high: EngagementExpectation = { cadence: 'half-termly', meetingType: 'core-group', daysPerContact: 1, allowanceDaysPerYear: 4, description: 'A Core Group meets each half term' };

const school = (urn: number, engagement: EngagementExpectation, officerId: string | null, isMaintained = true, category = 'A'): PlannedSchool => ({
  urn,
  name: `School ${urn}`,
  category,
  categoryLabel: category === 'D' ? 'High concern' : 'No concern',
  engagement,
  officerId,
  isMaintained,
});

const schools = [
  school(101, light, 'o1'),
  school(102, high, 'o1', true, 'D'),
  school(103, medium, 'o2', true, 'C'),
  school(104, light, 'o2', false),
  school(105, medium, null, true, 'C'),
];
const officers = [
  { id: 'o1', name: 'Officer One', capacityDays: 170 },
  { id: 'o2', name: 'Officer Two', capacityDays: 3 },
];

describe('planProgramme', () => {
  const plan = planProgramme({ year: '2025/26', calendar, schools, officers });
  const of = (urn: number) => plan.contacts.filter((c) => c.urn === urn);

  it('plans contacts by cadence: annual in autumn, termly each term, half-termly each half term', () => {
    expect(of(102).map((c) => c.halfTerm)).toEqual(['autumn-1', 'autumn-2', 'spring-1', 'spring-2', 'summer-1', 'summer-2']);
    expect(of(103).map((c) => c.term)).toEqual(['autumn', 'spring', 'summer']);
    expect(of(104).map((c) => [c.term, c.meetingType])).toEqual([['autumn', 'annual-conversation']]);
    expect(of(102)[0].reason).toMatch(/^Category D \(High concern\): A Core Group meets each half term\. Core Group meeting once each half term, here in the Autumn 1 2025\/26\./);
  });

  it('gives every maintained school at least an annual quality-assurance visit', () => {
    expect(of(101).map((c) => [c.term, c.meetingType, c.days])).toEqual([
      ['autumn', 'annual-conversation', 0.5],
      ['spring', 'quality-assurance-visit', 1],
    ]);
    expect(of(101)[1].reason).toMatch(/every maintained school has at least an annual quality-assurance visit/);
    expect(of(104).some((c) => c.meetingType === 'quality-assurance-visit')).toBe(false); // academy
    expect(of(103).some((c) => c.meetingType === 'quality-assurance-visit')).toBe(false); // termly visits already
  });

  it('dates every contact on a school day, at most one per officer per day', () => {
    for (const c of plan.contacts) expect(isWorkingDay(c.date!, calendar, { excludeSchoolHolidays: true })).toBe(true);
    const keys = plan.contacts.filter((c) => c.officerId).map((c) => `${c.officerId}|${c.date}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(plan.unscheduled).toEqual([]);
  });

  it('totals officer days, flags overload and lists unassigned schools', () => {
    expect(plan.officers).toEqual([
      { id: 'o1', name: 'Officer One', plannedDays: 7.5, capacityDays: 170, overloaded: false },
      { id: 'o2', name: 'Officer Two', plannedDays: 3.5, capacityDays: 3, overloaded: true },
    ]);
    expect(plan.unassigned).toEqual([105]);
    expect(of(105).every((c) => c.officerId === null && c.date)).toBe(true);
  });

  it('checks planned days against the policy allowance', () => {
    expect(plan.allowances).toEqual([{ urn: 102, plannedDays: 6, allowanceDaysPerYear: 4, withinAllowance: false }]);
  });

  it('is deterministic whatever the input order', () => {
    const again = planProgramme({ year: '2025/26', calendar, schools: [...schools].reverse(), officers });
    expect(again).toEqual(plan);
  });

  it('never double-books an officer, even when a window is full', () => {
    const many = Array.from({ length: 45 }, (_, i) => school(1000 + i, high, 'o1', true, 'D'));
    const busy = planProgramme({ year: '2025/26', calendar, schools: many, officers });
    const dated = busy.contacts.filter((c) => c.date);
    expect(new Set(dated.map((c) => c.date)).size).toBe(dated.length);
    // each half term has fewer school days than the 45 Core Groups; the rest are reported, not double-booked
    for (const h of academicYear('2025/26', calendar).halfTerms) {
      const schoolDays = workingDaysIn(h.start, h.end, calendar, { excludeSchoolHolidays: true }).length;
      expect(busy.unscheduled.filter((c) => c.window === `${h.label} 2025/26`)).toHaveLength(Math.max(0, 45 - schoolDays));
    }
    expect(busy.unscheduled.length).toBeGreaterThan(0);
    expect(busy.officers[0].overloaded).toBe(true);
  });
});

describe('assignOfficers', () => {
  const team = [
    { id: 'a', name: 'Officer A', capacityDays: 10 },
    { id: 'b', name: 'Officer B', capacityDays: 8 },
  ];

  it('keeps existing assignments and fills the rest by load without exceeding capacity', () => {
    const list = [school(1, high, 'a', true, 'D'), school(2, high, null, true, 'D'), school(3, medium, null), school(4, light, null), school(5, medium, null)];
    const result = assignOfficers(list, team);
    expect(result.assignments.map((a) => [a.urn, a.officerId, a.kept, a.demandDays])).toEqual([
      [1, 'a', true, 6],
      [2, 'b', false, 6],
      [3, 'a', false, 3],
      [4, 'b', false, 1.5], // school 5 did not fit anywhere; this smaller one still fits with B
      [5, null, false, 3],
    ]);
    expect(result.unassigned).toEqual([5]);
    expect(result.assignments[4].reason).toMatch(/No officer has 3 days left/);
    for (const o of result.officers) expect(o.assignedDays).toBeLessThanOrEqual(o.capacityDays);
  });

  it('keeps an existing assignment even when it overloads the officer, and ignores unknown officers', () => {
    const list = [school(1, high, 'b', true, 'D'), school(2, high, 'b', true, 'D'), school(3, light, 'gone')];
    const result = assignOfficers(list, team);
    expect(result.officers.find((o) => o.id === 'b')?.assignedDays).toBe(12);
    expect(result.assignments.find((a) => a.urn === 3)).toMatchObject({ officerId: 'a', kept: false });
  });

  it('is deterministic', () => {
    const list = Array.from({ length: 12 }, (_, i) => school(200 + i, i % 2 ? medium : light, null));
    expect(assignOfficers([...list].reverse(), team)).toEqual(assignOfficers(list, team));
  });
});
