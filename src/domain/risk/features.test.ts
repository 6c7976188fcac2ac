import { describe, expect, it } from 'vitest';
import { detectLayout } from '../evidence/layouts/index.js';
import type { Inspection, IntelligenceItem, LaSignals, Observation, SchoolEvidence } from '../evidence/types.js';
import { publishedOn } from './availability.js';
import { computeFeatures, FEATURE_READS, featuresMayRead } from './features.js';

const obs = (measure: string, academicYear: string, value: number | null, extra: Partial<Observation> = {}): Observation => ({
  urn: 1,
  measure,
  academicYear,
  value,
  status: value === null ? 'suppressed' : 'ok',
  raw: String(value),
  source: 'test.csv',
  ...extra,
});

const school: SchoolEvidence['school'] = {
  urn: 1,
  name: 'Test Primary',
  laCode: '919',
  phase: 'primary',
  typeGroup: 'maintained',
  isAcademy: false,
  isSpecial: false,
  isPRU: false,
};

const base = (): SchoolEvidence => ({
  school,
  asOf: '2016-08-31',
  observations: [obs('absence.overall_pct', '2014/15', 4.2), obs('absence.overall_pct', '2013/14', 5.0), obs('ks2.read_2lp_pct', '2014/15', 88)],
  inspections: [{ urn: 1, inspectionDate: '2013-05-01', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 3, source: 't' }],
  intelligence: [],
});

describe('computeFeatures', () => {
  it('reads levels and same-measure trends', () => {
    const v = computeFeatures(base());
    expect(v.absence_overall).toBe(4.2);
    expect(v.absence_overall_trend).toBeCloseTo(-0.8);
    expect(v.ks2_read_2lp).toBe(88);
    expect(v.last_grade).toBe(3);
    expect(v.years_since_inspection).toBeCloseTo(3.33, 1);
  });

  it('treats missing and suppressed values as missing, never zero', () => {
    const ev = base();
    ev.observations.push(obs('absence.persistent_15_pct', '2014/15', null));
    const v = computeFeatures(ev);
    expect(v.absence_persistent_15).toBeNull();
    expect(v.ks2_read_progress).toBeNull();
    expect(v.absence_persistent_10).toBeNull();
  });

  it('ignores everything published or dated after asOf (leakage guard)', () => {
    const later = base();
    later.observations.push(
      obs('absence.overall_pct', '2015/16', 9.9), // published March 2017
      obs('census.fsm_ever6_pct', '2018/19', 40),
      obs('ks2.read_progress', '2015/16', -4, { ciUpper: -1 }), // published December 2016
    );
    const outcome: Inspection = { urn: 1, inspectionDate: '2017-03-01', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 4, source: 't' };
    later.inspections.push(outcome);
    const intel: IntelligenceItem[] = [
      { urn: 1, kind: 'safeguarding_concern', summary: 's', occurredOn: '2016-10-01', status: 'open', confidential: true },
      { urn: 1, kind: 'head_teacher_change', summary: 'h', occurredOn: '2017-01-01', status: 'resolved', confidential: false },
    ];
    later.intelligence.push(...intel);
    expect(computeFeatures(later)).toEqual(computeFeatures(base()));
    // …and the same evidence scored later does see them.
    const v = computeFeatures(later, '2019-12-31');
    expect(v.last_grade).toBe(4);
    expect(v.open_safeguarding).toBe(1);
    expect(v.fsm_ever6).toBe(40);
  });

  it('keeps a concern open at asOf when it was resolved later', () => {
    const ev = base();
    ev.intelligence.push({ urn: 1, kind: 'safeguarding_concern', summary: 's', occurredOn: '2016-01-01', status: 'resolved', resolvedOn: '2016-12-01', confidential: true });
    expect(computeFeatures(ev).open_safeguarding).toBe(1);
    expect(computeFeatures(ev, '2017-01-01').open_safeguarding).toBe(0);
  });

  it('reads nothing featuresMayRead turns away: the features are the same from only the values it keeps', () => {
    // Named here, not only taken from FEATURE_READS, so a measure the features read but the set forgot is caught.
    const named = ['ks2.rwm_expected_pct_non_disadv', 'ks2.rwm_expected_pct_disadv', 'ks4.progress8_non_disadv', 'ks4.progress8_disadv', 'ks2.read_progress', 'ks4.progress8'];
    const measures = [...new Set([...named, ...FEATURE_READS, 'census.fsm_pct', 'ks4.ebacc_aps'])];
    const years = ['2011/12', '2012/13', '2013/14', '2014/15', '2015/16', '2016/17', '2017/18', '2018/19', '2019/20', '2020/21'];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const observations = measures.flatMap((m) =>
      years.filter(() => next() < 0.7).map((y) => obs(m, y, next() < 0.1 ? null : Math.round(next() * 2000 - 1000) / 10, { ciUpper: next() < 0.5 ? next() - 0.5 : null })),
    );
    let dropped = 0;
    for (const asOf of ['2014-06-30', '2016-08-31', '2019-01-31', '2020-01-30', '2021-12-31', '2024-09-01']) {
      const evidence = { ...base(), asOf, observations };
      const kept = observations.filter((o) => featuresMayRead(o.measure, o.academicYear, asOf));
      dropped += observations.length - kept.length;
      expect(computeFeatures({ ...evidence, observations: kept }), asOf).toEqual(computeFeatures(evidence));
    }
    // Each day turned values away (old, unpublished or unused measures), so the comparison means something.
    expect(dropped).toBeGreaterThan(6 * 20);
    expect(featuresMayRead('census.fsm_pct', '2018/19', '2020-01-30')).toBe(false);
    expect(featuresMayRead('census.fsm_ever6_pct', '2018/19', '2020-01-30')).toBe(true);
    expect(featuresMayRead('absence.overall_pct', '2018/19', '2020-01-30')).toBe(false);
    expect(featuresMayRead('ks2.read_progress', '2014/15', '2020-01-30')).toBe(false);
  });

  it('publication dates follow the release calendar', () => {
    expect(publishedOn({ measure: 'ks2.read_2lp_pct', academicYear: '2014/15' })).toBe('2015-12-31');
    expect(publishedOn({ measure: 'absence.overall_pct', academicYear: '2014/15' })).toBe('2016-03-31');
    expect(publishedOn({ measure: 'census.pupils', academicYear: '2018/19' })).toBe('2019-06-30');
  });

  it('flags KS2 progress significantly below average two years running from confidence intervals', () => {
    const ev = base();
    ev.asOf = '2019-12-31';
    ev.observations.push(
      obs('ks2.mat_progress', '2017/18', -3, { ciUpper: -0.5 }),
      obs('ks2.mat_progress', '2016/17', -2.5, { ciUpper: -0.2 }),
      obs('ks2.read_progress', '2017/18', -1, { ciUpper: 1.2 }),
    );
    const v = computeFeatures(ev);
    expect(v.ks2_progress_sig_below_2y).toBe(1);
    expect(v.ks2_progress_sig_below).toBe(1);
  });
});

// Real rows: two lines of Ofsted's management information for Warwickshire as at 31 August 2020
// (datasets/ofsted-mi-warwickshire-2020), read by the importer's own layout.
const MI_HEADER =
  '"","URN","LAESTAB","Schoolname","Ofstedphase","Typeofeducation","Region","Localauthority","Publicationdate","Overalleffectiveness","Previouspublicationdate","Previousfullinspectionoveralleffectiveness","Easting","Northing","Academy","DistrictAdministrativecode","LSOAcode","LACode","daysbetween","prev_out","curr_out","IDACI","num_pupils","prev_good","curr_good","bad_out_chance","good_out_chance"';
const MI_ROW =
  '"1",125500,9372001,"Nursery Hill Primary School","Primary","Community School","West Midlands","Warwickshire",2019-12-12,3,2016-06-21,2,431195,293633,"0","E07000218","E01031008",937,1269,"2","3","4",120,"Y","N",0.118854329970255,0.881145670029745';

function miInspections(): Inspection[] {
  const headers = MI_HEADER.split(',').map((h) => h.replace(/"/g, ''));
  const cells = MI_ROW.split(',').map((c) => c.replace(/"/g, ''));
  const row = Object.fromEntries(headers.map((h, i) => [h, cells[i]!]));
  return detectLayout(headers).mapRow(row, 2, { source: 'ofsted_mi_warwickshire_2020_with_model_output.csv' }).inspections;
}

describe('inspection-history features', () => {
  const ev = (asOf: string, inspections: Inspection[]): SchoolEvidence => ({ ...base(), asOf, inspections });

  it('reads a file\'s previous full inspection as history, each inspection only once it was published', () => {
    const ins = miInspections();
    expect(ins).toHaveLength(1);
    // Between the two publications only the earlier (Good, June 2016) is known.
    const mid = computeFeatures(ev('2016-08-31', ins));
    expect(mid.last_grade).toBe(2);
    expect(mid.previous_grade).toBeNull();
    expect(mid.years_since_inspection).toBeCloseTo(0.19, 2);
    expect(mid.last_graded_no_overall_grade).toBe(0);
    // After December 2019 the latest (Requires improvement) leads and Good is the grade before it.
    const after = computeFeatures(ev('2020-08-31', ins));
    expect(after.last_grade).toBe(3);
    expect(after.previous_grade).toBe(2);
    // Before either, nothing is known: missing, not zero.
    const before = computeFeatures(ev('2016-01-01', ins));
    expect(before.last_grade).toBeNull();
    expect(before.years_since_inspection).toBeNull();
    expect(before.ungraded_concerns).toBeNull();
  });

  it('counts ungraded outcomes with concerns since the last graded inspection and names a later era', () => {
    const own: Inspection[] = [
      { urn: 1, inspectionDate: '2017-03-01', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 2, source: 'mi.csv' },
      { urn: 1, inspectionDate: '2016-01-10', inspectionType: 'ungraded', era: 'four-grade', ungradedOutcome: 'School remains Good (Concerns) - S5 Next', source: 'mi.csv' },
      { urn: 1, inspectionDate: '2022-05-21', inspectionType: 'ungraded', era: 'four-grade', ungradedOutcome: 'School remains Good (Concerns) - S5 Next', source: 'mi.csv' },
      { urn: 1, inspectionDate: '2023-02-01', inspectionType: 'ungraded', era: 'four-grade', ungradedOutcome: 'School remains Good', source: 'mi.csv' },
    ];
    const v = computeFeatures(ev('2024-06-01', own));
    expect(v.ungraded_concerns).toBe(1);
    expect(v.last_grade).toBe(2);
    const later = computeFeatures(
      ev('2025-06-01', [
        ...own,
        { urn: 1, inspectionDate: '2025-01-15', publicationDate: '2025-02-20', inspectionType: 'graded', era: 'no-overall-grade', categoryOfConcern: 'serious_weaknesses', source: 'mi.csv' },
      ]),
    );
    // No overall grade is invented: the last grade stays the four-grade one, and the era is said.
    expect(later.last_grade).toBe(2);
    expect(later.last_graded_no_overall_grade).toBe(1);
    expect(later.ofsted_category_of_concern).toBe(1);
    expect(later.ungraded_concerns).toBe(0);
    expect(later.years_since_inspection).toBeCloseTo(0.37, 1);
  });
});

describe('LA-signal features', () => {
  const signals = (): LaSignals => ({
    categories: [
      { confirmedOn: '2023-07-10', label: 'Low concern', order: 1, highestOrder: 3 },
      { confirmedOn: '2024-07-12', label: 'High concern', order: 3, highestOrder: 3 },
    ],
    coreGroupSince: '2024-09-01',
    coreGroupMeetings: [
      { meetingDate: '2024-10-15', judgement: 'some_impact' },
      { meetingDate: '2025-01-20', judgement: 'no_evidence_of_impact' },
    ],
    stages: [
      { stage: 2, startedOn: '2024-07-15', endedOn: null },
      { stage: 3, startedOn: '2025-02-01', endedOn: '2025-05-01' },
    ],
    concernJudgements: [
      { judgedOn: '2025-01-25', ground: 'standards unacceptably low', confidential: false },
      { judgedOn: '2023-01-25', ground: 'breakdown of leadership', confidential: false },
    ],
  });

  it('is missing, not zero, when the installation holds no LA records', () => {
    const v = computeFeatures(base());
    expect(v.core_group).toBeNull();
    expect(v.stage_of_concern).toBeNull();
    expect(v.la_category_highest).toBeNull();
  });

  it('reads category history, Core Group judgements, stages and notices as known on asOf', () => {
    const v = computeFeatures({ ...base(), asOf: '2025-03-01', laSignals: signals() });
    expect(v).toMatchObject({ la_category_highest: 1, la_category_worse: 1, core_group: 1, core_group_no_impact: 1, stage_of_concern: 3, concern_judgements_12m: 1 });
    // Before the 2024 round, the Core Group and the stages: only what was recorded by then counts.
    const early = computeFeatures({ ...base(), asOf: '2024-01-01', laSignals: signals() });
    expect(early).toMatchObject({ la_category_highest: 0, la_category_worse: null, core_group: 0, core_group_no_impact: 0, stage_of_concern: 0, concern_judgements_12m: 1 });
    // A stage-3 designation that ended leaves no stage (the later designation superseded stage 2).
    expect(computeFeatures({ ...base(), asOf: '2025-06-01', laSignals: signals() }).stage_of_concern).toBe(0);
  });
});
