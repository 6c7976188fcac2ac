// Ofsted MI in the current (report-card) layout and both monthly files. Rows here are CONSTRUCTED from the
// published header (see ofsted-mi-current.testkit.ts), since no 2025/26 file is held; the four-grade
// layout is tested on the real Warwickshire extract in ofsted.test.ts and test/db/ofsted-history.test.ts.
import { describe, expect, it } from 'vitest';
import { detectLayout } from './index.js';
import { ungradedConcerns, parseUngradedOutcome } from './ofsted-common.js';
import { ofstedMiCurrent, ofstedMiCurrentYearToDate, ofstedMiStateFunded, ofstedMiStateFundedYearToDate } from './ofsted-mi.js';
import { CURRENT_LATEST_HEADER, CURRENT_YEAR_TO_DATE_HEADER, currentRow, type CurrentRow } from './ofsted-mi-current.testkit.js';

const ctx = { source: 'Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Jan_2026.csv' };
const latest = (cells: CurrentRow) => ofstedMiCurrent.mapRow(currentRow(CURRENT_LATEST_HEADER, { URN: '117083', ...cells }), 2, ctx).inspections;
const ytd = (cells: CurrentRow) => ofstedMiCurrentYearToDate.mapRow(currentRow(CURRENT_YEAR_TO_DATE_HEADER, { URN: '117083', 'Inspection number': '10401234', ...cells }), 2, ctx).inspections;

describe('layout detection: both monthly files in both layouts', () => {
  it('tells the four files apart by their headers', () => {
    expect(detectLayout([...CURRENT_LATEST_HEADER], 'ofsted').id).toBe(ofstedMiCurrent.id);
    expect(detectLayout([...CURRENT_YEAR_TO_DATE_HEADER], 'ofsted').id).toBe(ofstedMiCurrentYearToDate.id);
    const fourGrade = ['URN', 'Inspection type', 'Inspection start date', 'Publication date', 'Overall effectiveness', 'Category of concern', 'Quality of education'];
    expect(detectLayout(fourGrade, 'ofsted').id).toBe(ofstedMiStateFunded.id);
    expect(detectLayout(['Inspection number', ...fourGrade], 'ofsted').id).toBe(ofstedMiStateFundedYearToDate.id);
    expect(ofstedMiCurrentYearToDate.rowsPer).toBe('inspection');
  });

  it('refuses a file without URN, naming the column', () => {
    expect(() => detectLayout(CURRENT_LATEST_HEADER.filter((h) => h !== 'URN'), 'ofsted')).toThrow(/nearest is ofsted-mi-current .*missing columns: URN$/);
  });
});

describe('current layout, latest inspections (CONSTRUCTED rows)', () => {
  it('reads a report card with requires significant improvement, and keeps the previous framework inspection alongside', () => {
    const [rc, oeif] = latest({
      'Inspection type': 'Graded inspection',
      'Inspection start date': '13/01/2026',
      'Inspection end date': '15/01/2026',
      'Publication date': '20/02/2026',
      'Category of concern': 'Requires significant improvement',
      'Most recent category of concern': 'Requires significant improvement',
      'Safeguarding standards': 'Met',
      Inclusion: 'Expected standard',
      'Curriculum and teaching': 'Urgent improvement',
      Achievement: 'Needs attention',
      'Attendance and behaviour': 'Strong standard',
      'Personal development and wellbeing': 'Exceptional',
      'Leadership and governance': 'Needs attention',
      'Latest OEIF overall effectiveness': '2',
      'Latest OEIF quality of education': '2',
      'Latest OEIF effectiveness of leadership and management': '2',
      'Inspection start date of latest OEIF graded inspection': '07/03/2019',
      'Publication date of latest OEIF graded inspection': '10/04/2019',
    });
    expect(rc).toEqual({
      urn: 117083,
      inspectionDate: '2026-01-13',
      inspectionEndDate: '2026-01-15',
      dateBasis: 'inspection',
      publicationDate: '2026-02-20',
      inspectionType: 'graded',
      era: 'report-card',
      categoryOfConcern: 'requires_significant_improvement',
      safeguarding: 'met',
      reportCard: {
        inclusion: 'expected_standard',
        curriculum_and_teaching: 'urgent_improvement',
        achievement: 'needs_attention',
        attendance_and_behaviour: 'strong_standard',
        personal_development_and_wellbeing: 'exceptional',
        leadership_and_governance: 'needs_attention',
      },
      source: ctx.source,
    });
    expect(oeif).toEqual({
      urn: 117083,
      inspectionDate: '2019-03-07',
      dateBasis: 'inspection',
      publicationDate: '2019-04-10',
      inspectionType: 'graded',
      era: 'four-grade',
      overallEffectiveness: 2,
      subJudgements: { quality_of_education: 2, leadership_and_management: 2 },
      source: ctx.source,
    });
  });

  it('reads special measures with safeguarding not met and the post-16 area', () => {
    const [rc] = latest({
      'Inspection type': 'Graded inspection',
      'Inspection start date': '2026-02-03',
      'Publication date': '2026-03-10',
      'Category of concern': 'Special measures',
      'Safeguarding standards': 'Not met',
      'Leadership and governance': 'Urgent improvement',
      'Post-16 provision (where applicable)': 'Expected standard',
    });
    expect(rc).toMatchObject({ era: 'report-card', categoryOfConcern: 'special_measures', safeguarding: 'not_met', reportCard: { leadership_and_governance: 'urgent_improvement', sixth_form: 'expected_standard' } });
  });

  it('reads a no-overall-grade inspection ("Not judged") as the latest, merged with its OEIF block', () => {
    const found = latest({
      'Inspection type': 'Graded inspection',
      'Inspection start date': '08/10/2024',
      'Publication date': '12/11/2024',
      'Latest OEIF overall effectiveness': 'Not judged',
      'Latest OEIF quality of education': '3',
      'Inspection start date of latest OEIF graded inspection': '08/10/2024',
      'Publication date of latest OEIF graded inspection': '12/11/2024',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ era: 'no-overall-grade', inspectionType: 'graded', subJudgements: { quality_of_education: 3 }, publicationDate: '2024-11-12' });
    expect(found[0].overallEffectiveness).toBeUndefined();
  });

  it('keeps an ungraded outcome ("School remains Good (Concerns) - S5 Next") as its own inspection, flagged as concerns', () => {
    const found = latest({
      'Inspection type': 'Ungraded inspection',
      'Inspection start date': '21/05/2024',
      'Publication date': '19/06/2024',
      'Ungraded inspection overall outcome': 'School remains Good (Concerns) - S5 Next',
      'Date of latest ungraded inspection': '21/05/2024',
      'Latest OEIF overall effectiveness': '2',
      'Inspection start date of latest OEIF graded inspection': '14/11/2017',
    });
    expect(found.map((i) => [i.inspectionDate, i.inspectionType, i.era, i.ungradedOutcome ?? null])).toEqual([
      ['2024-05-21', 'ungraded', 'four-grade', 'School remains Good (Concerns) - S5 Next'],
      ['2017-11-14', 'graded', 'four-grade', null],
    ]);
    expect(ungradedConcerns(found[0].ungradedOutcome)).toBe(true);
    expect(ungradedConcerns('Standards maintained')).toBe(false);
  });

  it("labels a converter academy's previous-framework inspection with the predecessor's URN", () => {
    const [, oeif] = latest({
      'Inspection type': 'Graded inspection',
      'Inspection start date': '2026-01-20',
      'Safeguarding standards': 'Met',
      Inclusion: 'Expected standard',
      'Latest OEIF overall effectiveness': '3',
      'Inspection start date of latest OEIF graded inspection': '2016-02-02',
      'URN at time of latest OEIF graded inspection': '117082',
    });
    expect(oeif).toMatchObject({ urn: 117083, inspectedUrn: 117082, overallEffectiveness: 3 });
    // The school's own URN there means no predecessor.
    const [, own] = latest({ 'Inspection start date': '2026-01-20', 'Latest OEIF overall effectiveness': '3', 'Inspection start date of latest OEIF graded inspection': '2016-02-02', 'URN at time of latest OEIF graded inspection': '117083' });
    expect(own.inspectedUrn).toBeUndefined();
  });

  it('skips a never-inspected school (every cell NULL)', () => {
    expect(latest({})).toEqual([]);
  });

  it('names an unknown new grade word and its column', () => {
    expect(() => latest({ 'Inspection start date': '2026-01-20', Achievement: 'Secure' })).toThrow(/column Achievement: not a report-card grade "Secure"/);
    expect(() => latest({ 'Inspection start date': '2026-01-20', 'Category of concern': 'Requires urgent support' })).toThrow(/column Category of concern: not a category of concern "Requires urgent support"/);
    expect(() => latest({ 'Ungraded inspection overall outcome': 'School remains Brilliant', 'Date of latest ungraded inspection': '2024-01-09' })).toThrow(
      /column Ungraded inspection overall outcome: unknown ungraded inspection outcome "School remains Brilliant"/,
    );
    expect(() => latest({ 'Latest OEIF overall effectiveness': '5', 'Inspection start date of latest OEIF graded inspection': '2016-02-02' })).toThrow(/column Latest OEIF overall effectiveness: not an Ofsted grade "5"/);
  });

  it('refuses content from the wrong era', () => {
    expect(() => latest({ 'Latest OEIF overall effectiveness': '2', 'Inspection start date of latest OEIF graded inspection': '2024-10-01' })).toThrow(/impossible in the no-overall-grade era/);
    expect(() => latest({ 'Inspection start date of latest OEIF graded inspection': '2025-12-01' })).toThrow(/after the previous framework ended/);
    expect(() => latest({ 'Inspection start date': '2025-10-01', Inclusion: 'Exceptional' })).toThrow(/before report cards began/);
    expect(() => latest({ 'Inspection start date': '2025-10-01', 'Category of concern': 'Requires significant improvement' })).toThrow(/before report cards began/);
    expect(() => latest({ 'Inspection start date': '2026-01-20', 'Inspection end date': '2026-01-19' })).toThrow(/before the start date/);
  });

  it('accepts the published ungraded outcome words of both eras', () => {
    for (const w of ['School remains Good', 'School remains Outstanding (Concerns) - S5 Next', 'School remains Good (Improving) - S5 Next', 'Standards maintained', 'Improved significantly', 'Some aspects not as strong']) {
      expect(parseUngradedOutcome(w, 'X')).toBe(w);
    }
    expect(parseUngradedOutcome('NULL', 'X')).toBeNull();
  });
});

describe('current layout, all inspections year to date (CONSTRUCTED rows)', () => {
  it('reads one inspection per row, monitoring and ungraded included', () => {
    expect(ytd({ 'Inspection type': 'Monitoring inspection', 'Inspection start date': '03/12/2025', 'Publication date': '09/01/2026', 'Category of concern': 'Special measures' })).toEqual([
      { urn: 117083, inspectionDate: '2025-12-03', dateBasis: 'inspection', publicationDate: '2026-01-09', inspectionType: 'monitoring', era: 'report-card', categoryOfConcern: 'special_measures', safeguarding: null, source: ctx.source },
    ]);
    expect(ytd({ 'Inspection type': 'Ungraded inspection', 'Inspection start date': '2025-10-07', 'Ungraded inspection overall outcome': 'Some aspects not as strong' })[0]).toMatchObject({
      era: 'no-overall-grade',
      inspectionType: 'ungraded',
      ungradedOutcome: 'Some aspects not as strong',
    });
  });

  it('refuses a row without an inspection date', () => {
    expect(() => ytd({ 'Inspection type': 'Graded inspection' })).toThrow(/every row of this file is an inspection/);
  });
});
