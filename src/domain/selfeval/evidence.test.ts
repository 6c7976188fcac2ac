// The self-evaluation figures' boundaries, on hand-made rows (synthetic, to pin each edge); the db test
// (test/db/self-evaluation.test.ts) computes them on the bundled real data.
import { describe, expect, it } from 'vitest';
import { loadCalendar, allTerms } from '../calendar/index.js';
import { contactWindow, notesWithin, proactiveCases, schoolToSchoolSupport, useOfPowers, type SupportPlanRow } from './evidence.js';
import { parseFramework } from './framework.js';
import fs from 'node:fs';

describe('notes within 48 hours', () => {
  it('counts a note published up to 48 hours after the end of the visit day, and not a late or draft one', () => {
    const f = notesWithin(
      [
        { id: 1, urn: 1, visitDate: '2025-06-02', publishedAt: new Date('2025-06-04T23:59:00Z') },
        { id: 2, urn: 1, visitDate: '2025-06-02', publishedAt: new Date('2025-06-05T00:01:00Z') },
        { id: 3, urn: 2, visitDate: '2025-06-02', publishedAt: null },
        // Published after the as-of date: not yet published as of then.
        { id: 4, urn: 2, visitDate: '2025-08-31', publishedAt: new Date('2025-09-02T09:00:00Z') },
      ],
      '2025-09-01',
      48,
      365,
    );
    expect(f.items.map((i) => i.counted)).toEqual([true, false, false, false]);
    expect(f.value).toEqual({ numerator: 1, denominator: 4, share: 25 });
  });
});

describe('use of powers', () => {
  it('counts issued notices on time or late, and those still waiting, as of the day', () => {
    const base = { urn: 1, title: 'Warning notice', proposedOn: '2025-01-10', status: 'signed_off' };
    const f = useOfPowers(
      [
        { ...base, id: 1, step: 'warning_notice', dueDate: '2025-01-20', issuedOn: '2025-01-18', signedOffOn: '2025-01-18' },
        { ...base, id: 2, step: 'notice_of_concern', dueDate: '2025-01-20', issuedOn: '2025-01-25', signedOffOn: '2025-01-25' },
        { ...base, id: 3, step: 'notice_of_concern', status: 'proposed', dueDate: '2025-02-01', issuedOn: null, signedOffOn: null },
        { ...base, id: 4, step: 'establish_core_group', dueDate: null, issuedOn: null, signedOffOn: '2025-01-11' },
        // Signed off after the as-of date: still waiting on the day.
        { ...base, id: 5, step: 'warning_notice', dueDate: '2025-03-01', issuedOn: '2025-03-01', signedOffOn: '2025-03-01' },
      ],
      '2025-02-15',
    );
    expect(f.value).toEqual({ numerator: 1, denominator: 2, share: 50 });
    expect(f.awaitingDecision).toBe(2);
    expect(f.records).toBe(4);
  });
});

describe('proactive, not reactive', () => {
  it('counts only flags after the inspection before and before the latest one', () => {
    const schools = [{ urn: 1, name: 'A', openDate: null, closeDate: null, isStateFunded: true }];
    const inspections = [
      { urn: 1, inspectionDate: '2016-01-10', overallEffectiveness: 2, categoryOfConcern: null },
      { urn: 1, inspectionDate: '2019-03-01', overallEffectiveness: 3, categoryOfConcern: null },
    ];
    const early = { urn: 1, on: '2015-06-01', kind: 'category' as const, detail: 'old' };
    const good = { urn: 1, on: '2018-09-01', kind: 'risk-alert' as const, detail: 'risk' };
    const after = { urn: 1, on: '2019-03-02', kind: 'review-flag' as const, detail: 'late' };
    const [c] = proactiveCases(schools, inspections, [early, good, after], '2020-01-01');
    expect(c.firstFlag).toEqual(good);
    expect(c.daysBefore).toBe(181);
    expect(proactiveCases(schools, inspections, [early, after], '2020-01-01')[0].firstFlag).toBeNull();
    // As of a day before the 2019 inspection, the school's latest was good: not a case at all.
    expect(proactiveCases(schools, inspections, [good], '2019-02-28')).toEqual([]);
  });
});

describe('the contact window', () => {
  it('runs from the start of the last term: in a holiday the one just ended, in term the one before', () => {
    const terms = allTerms(loadCalendar());
    const summer = terms.find((t) => t.start <= '2025-06-01' && t.end >= '2025-06-01')!;
    expect(contactWindow(terms, '2025-09-01').start).toBe(summer.start);
    const spring = terms.find((t) => t.start <= '2025-03-01' && t.end >= '2025-03-01')!;
    expect(contactWindow(terms, '2025-06-01').start).toBe(spring.start);
  });
});

describe('the shipped framework', () => {
  it('validates, and an edit with a repeated heading id is refused with its path', () => {
    const raw = JSON.parse(fs.readFileSync('config/self-evaluation/focused-inspection-2014.json', 'utf8'));
    expect(parseFramework(raw).ok).toBe(true);
    raw.headings.push({ ...raw.headings[0] });
    const bad = parseFramework(raw);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toEqual({ path: '$.headings', message: 'heading ids must be unique' });
  });
});

describe('school-to-school support by outcome', () => {
  // Hand-made plans (not real records): one improved, one judged no improvement, one ended unjudged, one running, one started later.
  const plan = (id: number, over: Partial<SupportPlanRow>): SupportPlanRow => ({ id, urn: 100000 + id, schoolName: `School ${id}`, kind: 'agreement', startOn: '2024-09-01', endOn: '2025-03-31', impact: null, ...over });
  const rows = [
    plan(1, { impact: { judgement: 'improved', judgedOn: '2025-04-10' } }),
    plan(2, { kind: 'commission', impact: { judgement: 'no_improvement', judgedOn: '2025-04-20' } }),
    plan(3, {}),
    plan(4, { endOn: '2026-07-01' }),
    plan(5, { startOn: '2025-10-01', endOn: '2026-03-01', impact: { judgement: 'improved', judgedOn: '2026-03-10' } }),
  ];

  it('counts improvement among plans judged or ended unjudged by the day, and only plans started by then', () => {
    const f = schoolToSchoolSupport(rows, '2025-09-01');
    expect(f.records).toBe(4);
    expect(f.value).toEqual({ numerator: 1, denominator: 3, share: 33.3 });
    expect(f.items.find((i) => i.href === '/support/plans/3')!.detail).toContain('ended without an impact judgement');
    expect(f.items.find((i) => i.href === '/support/plans/4')!.detail).toContain('running');
    expect(f.summary).toContain('3 agreements and 1 commissions');
  });

  it('does not count a judgement made after the day', () => {
    const f = schoolToSchoolSupport(rows, '2025-04-15');
    // Plan 2 was judged on 20 April: on the 15th it had ended unjudged.
    expect(f.value).toEqual({ numerator: 1, denominator: 3, share: 33.3 });
    expect(f.items.find((i) => i.href === '/support/plans/2')!.counted).toBe(false);
    expect(f.items.find((i) => i.href === '/support/plans/2')!.detail).toContain('ended without an impact judgement');
  });
});
