// Inspection conditions read the latest graded inspection on or before asOf and only in the era they
// name: an era-1 grade rule is false for a report card, with a note, and never translated.
import type { Inspection, OfstedEra } from '../../evidence/types.js';
import type { Condition } from '../policy/condition-schema.js';
import type { EvidenceView } from '../engine/evidence-view.js';
import { gradeWords, inspectionEvidence, outcome, truthOf, words, type Outcome } from './outcome.js';

export const ERA_WORDS: Record<OfstedEra, string> = {
  'four-grade': 'four-grade era (until August 2024)',
  'no-overall-grade': 'no-overall-grade era (September 2024 to November 2025)',
  'report-card': 'report-card era (from 10 November 2025)',
};

type InspectionCondition = Extract<
  Condition,
  { kind: 'latestInspectionEra' | 'overallGrade' | 'categoryOfConcern' | 'subJudgement' | 'reportCardArea' | 'safeguarding' | 'inspectionOlderThan' }
>;

function noInspection(view: EvidenceView): Outcome {
  return outcome('unknown', {
    gaps: [{ what: 'Ofsted graded inspection', reason: `no graded inspection on or before ${view.asOf}` }],
  });
}

const otherEra = (i: Inspection, reads: string): Outcome =>
  outcome('false', { notes: [`Latest graded inspection (${i.inspectionDate}) is in the ${ERA_WORDS[i.era]}; this rule reads ${reads} only.`] });

// One cut-off per asOf and age across a whole LA's run.
const cutoffs = new Map<string, string>();

function yearsBefore(date: string, years: number): string {
  const key = `${date}|${years}`;
  let cutoff = cutoffs.get(key);
  if (cutoff === undefined) cutoffs.set(key, (cutoff = computeYearsBefore(date, years)));
  return cutoff;
}

function computeYearsBefore(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - Math.round(years * 12));
  return d.toISOString().slice(0, 10);
}

export function evaluateInspection(c: InspectionCondition, view: EvidenceView): Outcome {
  const i = view.latestGraded;
  if (c.kind === 'inspectionOlderThan') {
    if (!i) return c.whenNeverInspected === 'true' ? outcome('true', { notes: ['Never inspected (graded).'] }) : noInspection(view);
    const cutoff = yearsBefore(view.asOf, c.years);
    return outcome(truthOf(i.inspectionDate < cutoff), {
      evidence: [inspectionEvidence(i, 'inspection date', `${i.inspectionDate} (${c.years} years before asOf is ${cutoff})`)],
    });
  }
  if (!i) return noInspection(view);
  switch (c.kind) {
    case 'latestInspectionEra':
      return outcome(truthOf(c.eras.includes(i.era)), { evidence: [inspectionEvidence(i, 'era', ERA_WORDS[i.era])] });
    case 'overallGrade': {
      if (i.era !== 'four-grade') return otherEra(i, 'four-grade overall effectiveness');
      const g = i.overallEffectiveness;
      if (!g) return outcome('unknown', { gaps: [{ what: 'Ofsted overall effectiveness', reason: `not recorded for the ${i.inspectionDate} inspection` }] });
      return outcome(truthOf(c.grades.includes(g)), {
        evidence: [inspectionEvidence(i, 'overall effectiveness', `${gradeWords(g, i.inspectionDate)} (${g})`)],
      });
    }
    case 'categoryOfConcern': {
      const cat = i.categoryOfConcern ?? null;
      return outcome(truthOf(!!cat && c.categories.includes(cat)), {
        evidence: [inspectionEvidence(i, 'category of concern', cat ? words(cat) : 'none')],
      });
    }
    case 'subJudgement': {
      if (!(c.eras as OfstedEra[]).includes(i.era)) return otherEra(i, `sub-judgements in the ${c.eras.join(' and ')} era(s)`);
      const subs = Object.entries(i.subJudgements ?? {}).sort(([a], [b]) => a.localeCompare(b));
      const wanted = c.judgements === 'any' ? subs : subs.filter(([k]) => (c.judgements as string[]).includes(k));
      if (wanted.length === 0)
        return outcome('unknown', { gaps: [{ what: 'Ofsted sub-judgements', reason: `not recorded for the ${i.inspectionDate} inspection` }] });
      const hits = wanted.filter(([, g]) => c.grades.includes(g));
      return outcome(truthOf(hits.length > 0), {
        evidence: (hits.length ? hits : wanted).map(([k, g]) => inspectionEvidence(i, words(k), `${gradeWords(g, i.inspectionDate)} (${g})`)),
      });
    }
    case 'reportCardArea': {
      if (i.era !== 'report-card') return otherEra(i, 'report-card evaluation areas');
      const areas = Object.entries(i.reportCard ?? {}).sort(([a], [b]) => a.localeCompare(b));
      const wanted = c.areas === 'any' ? areas : areas.filter(([k]) => (c.areas as string[]).includes(k));
      if (wanted.length === 0)
        return outcome('unknown', { gaps: [{ what: 'Ofsted report-card grades', reason: `not recorded for the ${i.inspectionDate} inspection` }] });
      const hits = wanted.filter(([, g]) => c.grades.includes(g));
      return outcome(truthOf(hits.length > 0), {
        evidence: (hits.length ? hits : wanted).map(([k, g]) => inspectionEvidence(i, words(k), words(g))),
      });
    }
    case 'safeguarding': {
      const reads: OfstedEra[] = c.values.flatMap((v) => (v === 'not_met' ? ['report-card' as const] : ['four-grade' as const, 'no-overall-grade' as const]));
      if (!reads.includes(i.era)) return otherEra(i, `safeguarding recorded as ${c.values.map(words).join(' / ')}`);
      if (!i.safeguarding)
        return outcome('unknown', { gaps: [{ what: 'Ofsted safeguarding judgement', reason: `not recorded for the ${i.inspectionDate} inspection` }] });
      return outcome(truthOf((c.values as string[]).includes(i.safeguarding)), {
        evidence: [inspectionEvidence(i, 'safeguarding', words(i.safeguarding))],
      });
    }
  }
}
