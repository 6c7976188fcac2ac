// Hand-made rows (labelled synthetic: three invented schools, two officers) pin the arithmetic of
// contact coverage; test/db/strategy-coverage.test.ts drives it through the page on real schools.
import { describe, expect, it } from 'vitest';
import type { MeetingType } from '../engagement-types.js';
import { contactStatuses, type HeldContact } from './contact-status.js';
import { contactCoverage, type CoverageNote, type CoverageSchool } from './coverage.js';
import type { PlannedContact } from './programme.js';

const today = '2025-12-01';

const planned = (urn: number, meetingType: MeetingType, date: string | null): PlannedContact => ({
  urn,
  schoolName: `School ${urn}`,
  officerId: null,
  date,
  academicYear: '2025/26',
  term: 'autumn',
  halfTerm: null,
  window: 'autumn',
  meetingType,
  reason: 'hand-made',
  days: 1,
});
const held = (urn: number, type: MeetingType, date: string, status: HeldContact['status'], id = 1): HeldContact => ({ kind: type === 'core-group' ? 'meeting' : 'visit', id, urn, type, date, status });

function school(urn: number, officer: string | null, district: string | null, plan: PlannedContact[], notes: HeldContact[]): CoverageSchool {
  return { urn, name: `School ${urn}`, officer, district, contacts: contactStatuses(plan, notes, today) };
}

// Synthetic school 1 (Officer A, North): two termly visits due, one held and published, one overdue; one upcoming.
const s1 = school(1, 'Officer A', 'North', [planned(1, 'termly-visit', '2025-10-01'), planned(1, 'termly-visit', '2025-11-10'), planned(1, 'termly-visit', '2026-02-01')], [held(1, 'termly-visit', '2025-10-02', 'published')]);
// Synthetic school 2 (Officer A, South): two Core Group meetings due, both recorded.
const s2 = school(2, 'Officer A', 'South', [planned(2, 'core-group', '2025-09-20'), planned(2, 'core-group', '2025-11-01')], [held(2, 'core-group', '2025-09-20', 'recorded', 1), held(2, 'core-group', '2025-11-03', 'recorded', 2)]);
// Synthetic school 3 (no officer, no district): an improvement review held with its note still a draft, and a visit overdue since 1 September.
const s3 = school(3, null, null, [planned(3, 'improvement-review', '2025-11-27'), planned(3, 'annual-conversation', '2025-09-01')], [held(3, 'improvement-review', '2025-11-28', 'draft')]);

const notes: CoverageNote[] = [
  { urn: 1, type: 'termly-visit', visitDate: '2025-10-02', status: 'published', publishedOn: '2025-10-04' }, // on time: within two days
  { urn: 1, type: 'termly-visit', visitDate: '2025-10-20', status: 'published', publishedOn: '2025-10-23' }, // late: three days
  { urn: 3, type: 'improvement-review', visitDate: '2025-11-28', status: 'draft', publishedOn: null }, // late: window ended 30 November
  { urn: 3, type: 'termly-visit', visitDate: '2025-11-30', status: 'draft', publishedOn: null }, // still within its 48 hours: not counted
  { urn: 99, type: 'termly-visit', visitDate: '2025-10-01', status: 'published', publishedOn: '2025-10-01' }, // a school not in scope: ignored
];

describe('contact coverage (hand-made rows)', () => {
  const r = contactCoverage([s1, s2, s3], notes, today);

  it('counts planned, due, held and overdue contacts for the whole set', () => {
    expect(r.total).toMatchObject({ schools: 3, planned: 7, due: 6, held: 4, heldDraft: 1, overdue: 2, heldPct: 67 });
  });

  it('counts notes published within 48 hours of those whose 48 hours have passed', () => {
    expect(r.total).toMatchObject({ notesOnTime: 1, notesDue: 3, notesOnTimePct: 33 });
  });

  it('splits by officer, with schools without one last', () => {
    expect(r.byOfficer.map((o) => [o.label, o.planned, o.held, o.overdue, o.heldPct])).toEqual([
      ['Officer A', 5, 3, 1, 75],
      ['No link officer', 2, 1, 1, 50],
    ]);
  });

  it('splits by district', () => {
    expect(r.byDistrict.map((d) => [d.label, d.due, d.held, d.notesOnTime, d.notesDue])).toEqual([
      ['North', 2, 1, 1, 2],
      ['South', 2, 2, 0, 0],
      ['No district', 2, 1, 0, 1],
    ]);
  });

  it('splits by kind of contact: visits, Core Group meetings, improvement reviews', () => {
    expect(r.byKind.map((k) => [k.key, k.planned, k.held, k.overdue])).toEqual([
      ['visits', 4, 1, 2],
      ['core-group', 2, 2, 0],
      ['improvement-review', 1, 1, 0],
    ]);
  });

  it('lists overdue contacts most overdue first, with days overdue', () => {
    expect(r.overdue.map((o) => [o.urn, o.meetingType, o.plannedDate, o.daysOverdue])).toEqual([
      [3, 'annual-conversation', '2025-09-01', 91],
      [1, 'termly-visit', '2025-11-10', 21],
    ]);
  });

  it('gives no percentage when nothing is due yet', () => {
    const early = contactCoverage([school(4, 'Officer B', 'North', [planned(4, 'termly-visit', '2026-01-10')], [])], [], today);
    expect(early.total).toMatchObject({ planned: 1, due: 0, heldPct: null, notesOnTimePct: null });
  });
});
