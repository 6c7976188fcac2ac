import { describe, expect, it } from 'vitest';
import { RowError } from '../layout.js';
import { FILES, findRow, readDataset } from './datasets.testkit.js';
import { eraForDate, parseDate, parseInspectionType } from './ofsted-common.js';
import { ofstedMiStateFunded } from './ofsted-mi.js';
import { ofstedMiWarwickshire2020 } from './ofsted-mi-warwickshire.js';

describe('eraForDate (DOMAIN.md §4a)', () => {
  it.each([
    ['2012-09-01', 'four-grade'],
    ['2024-08-31', 'four-grade'],
    ['2024-09-01', 'no-overall-grade'],
    ['2025-11-09', 'no-overall-grade'],
    ['2025-11-10', 'report-card'],
    ['2026-03-02', 'report-card'],
  ])('%s → %s', (date, era) => {
    expect(eraForDate(date)).toBe(era);
  });
});

describe('Ofsted helpers', () => {
  it('reads the published date formats and rejects impossible dates', () => {
    expect(parseDate('20190508', 'D')).toBe('2019-05-08');
    expect(parseDate('2019-05-08', 'D')).toBe('2019-05-08');
    expect(parseDate('8/5/2019', 'D')).toBe('2019-05-08');
    expect(parseDate('', 'D')).toBeNull();
    expect(() => parseDate('31/02/2019', 'D')).toThrow(/column D: not a date "31\/02\/2019"/);
  });

  it.each([
    ['S5 Inspection', 'graded'],
    ['Section 5', 'graded'],
    ['S8 Inspection', 'ungraded'],
    ['Section 8 inspection of good and outstanding schools', 'ungraded'],
    ['S8 Inspection deemed S5', 'graded'],
    ['Ungraded inspection', 'ungraded'],
    ['Graded inspection', 'graded'],
    ['Monitoring inspection', 'monitoring'],
    ['', 'unknown'],
  ])('inspection type %s → %s', (raw, type) => {
    expect(parseInspectionType(raw)).toBe(type);
  });
});

describe('Ofsted MI Warwickshire 2020', () => {
  const ds = readDataset(FILES.ofsted_warks);

  it('reads the grade, previous full inspection grade and dates (publication dates only)', () => {
    const r = ofstedMiWarwickshire2020.mapRow(findRow(ds, 'URN', '125500'), 2, { source: 'warks.csv' });
    expect(r.inspections).toEqual([
      {
        urn: 125500,
        inspectionDate: '2019-12-12',
        dateBasis: 'publication',
        publicationDate: '2019-12-12',
        inspectionType: 'graded',
        era: 'four-grade',
        overallEffectiveness: 3,
        previousOverallEffectiveness: 2,
        previousInspectionDate: '2016-06-21',
        source: 'warks.csv',
      },
    ]);
    expect(r.observations).toEqual([]);
  });

  it('rejects a grade outside 1–4', () => {
    const row = { ...findRow(ds, 'URN', '125500'), Overalleffectiveness: '5' };
    expect(() => ofstedMiWarwickshire2020.mapRow(row, 2, { source: 'w' })).toThrow(/column Overalleffectiveness: not an Ofsted grade "5"/);
  });
});

describe('Ofsted MI, state-funded schools (published layout)', () => {
  const ctx = { source: 'Management_information_-_state-funded_schools.csv' };
  const base: Record<string, string> = {
    URN: '117353',
    'Inspection start date': '',
    'Publication date': '',
    'Inspection type': '',
    'Overall effectiveness': '',
    'Category of concern': '',
    'Quality of education': '',
    'Behaviour and attitudes': '',
    'Personal development': '',
    'Effectiveness of leadership and management': '',
    'Early years provision (where applicable)': '',
    'Sixth form provision (where applicable)': '',
    'Safeguarding is effective?': '',
    'Previous full inspection overall effectiveness': '',
    'Previous inspection start date': '',
  };
  const map = (cells: Record<string, string>) => ofstedMiStateFunded.mapRow({ ...base, ...cells }, 5, ctx);

  it('reads a four-grade inspection on 31 August 2024 with sub-judgements and category', () => {
    const r = map({
      'Inspection start date': '31/08/2024',
      'Publication date': '02/10/2024',
      'Inspection type': 'S5 Inspection',
      'Overall effectiveness': '4',
      'Category of concern': 'SM',
      'Quality of education': '4',
      'Behaviour and attitudes': '3',
      'Personal development': '3',
      'Effectiveness of leadership and management': '4',
      'Early years provision (where applicable)': '9',
      'Safeguarding is effective?': 'No',
      'Previous full inspection overall effectiveness': '2',
      'Previous inspection start date': '12/03/2019',
    });
    expect(r.inspections).toEqual([
      {
        urn: 117353,
        inspectionDate: '2024-08-31',
        dateBasis: 'inspection',
        publicationDate: '2024-10-02',
        inspectionType: 'graded',
        era: 'four-grade',
        overallEffectiveness: 4,
        categoryOfConcern: 'special_measures',
        subJudgements: { quality_of_education: 4, behaviour_and_attitudes: 3, personal_development: 3, leadership_and_management: 4 },
        safeguarding: 'not_effective',
        previousOverallEffectiveness: 2,
        previousInspectionDate: '2019-03-12',
        source: ctx.source,
      },
    ]);
  });

  it('reads 1 September 2024 as the no-overall-grade era ("Not judged")', () => {
    const [i] = map({
      'Inspection start date': '01/09/2024',
      'Inspection type': 'Graded inspection',
      'Overall effectiveness': 'Not judged',
      'Quality of education': '2',
      'Safeguarding is effective?': 'Yes',
    }).inspections;
    expect(i).toMatchObject({ era: 'no-overall-grade', subJudgements: { quality_of_education: 2 }, safeguarding: 'effective' });
    expect(i.overallEffectiveness).toBeUndefined();
  });

  it('keeps 9 November 2025 in the no-overall-grade era and 10 November 2025 in the report-card era', () => {
    expect(map({ 'Inspection start date': '2025-11-09', 'Quality of education': '3' }).inspections[0].era).toBe('no-overall-grade');
    const [rc] = ofstedMiStateFunded.mapRow(
      {
        ...base,
        'Inspection start date': '10/11/2025',
        'Inspection type': 'Full inspection',
        Inclusion: 'Needs attention',
        'Curriculum and teaching': 'Expected standard',
        Achievement: 'Strong standard',
        'Attendance and behaviour': 'Exceptional',
        'Personal development and well-being': 'Expected standard',
        'Leadership and governance': 'Urgent improvement',
        'Early years': '',
        Safeguarding: 'Not met',
        'Safeguarding is effective?': '',
      },
      5,
      ctx,
    ).inspections;
    expect(rc).toMatchObject({
      era: 'report-card',
      inspectionType: 'graded',
      reportCard: {
        inclusion: 'needs_attention',
        curriculum_and_teaching: 'expected_standard',
        achievement: 'strong_standard',
        attendance_and_behaviour: 'exceptional',
        personal_development_and_wellbeing: 'expected_standard',
        leadership_and_governance: 'urgent_improvement',
      },
    });
    expect(rc.subJudgements).toBeUndefined();
  });

  it('keeps "Requires significant improvement" (report cards, from 10 November 2025) as its own category of concern', () => {
    const row = { ...base, 'Inspection start date': '12/01/2026', 'Inspection type': 'Full inspection', Inclusion: 'Urgent improvement', 'Safeguarding standards': 'Met', 'Category of concern': 'Requires significant improvement' };
    expect(ofstedMiStateFunded.mapRow(row, 5, ctx).inspections[0]).toMatchObject({ era: 'report-card', categoryOfConcern: 'requires_significant_improvement', safeguarding: 'met' });
    expect(() => ofstedMiStateFunded.mapRow({ ...base, 'Inspection start date': '12/01/2024', 'Quality of education': '4', 'Category of concern': 'Requires significant improvement' }, 5, ctx)).toThrow(/before report cards began/);
  });

  it('refuses content from the wrong era rather than relabelling it', () => {
    expect(() => map({ 'Inspection start date': '02/09/2024', 'Overall effectiveness': '2' })).toThrow(/impossible in the no-overall-grade era/);
    expect(() => map({ 'Inspection start date': '2025-11-09', Inclusion: 'Exceptional' })).toThrow(RowError);
    expect(() => map({ 'Inspection start date': '2025-11-10', 'Quality of education': '2' })).toThrow(/sub-judgements/);
    expect(() => map({ 'Inspection start date': '2023-01-10', 'Safeguarding is effective?': 'Met' })).toThrow(/does not fit the four-grade era/);
  });

  it('skips a never-inspected school and rejects judgements without a date', () => {
    expect(map({}).inspections).toEqual([]);
    expect(() => map({ 'Overall effectiveness': '2' })).toThrow(/Inspection start date/);
  });

  it('names the column of an unreadable grade', () => {
    expect(() => map({ 'Inspection start date': '2023-01-10', 'Quality of education': 'Good-ish' })).toThrow(/column Quality of education/);
    expect(() => map({ 'Inspection start date': '2026-01-10', Achievement: 'Fine' })).toThrow(/column Achievement: not a report-card grade/);
  });
});
