// Says which Ofsted era the school's evidence is from and how this policy reads it, so a school whose
// only inspection predates report cards is shown as such rather than silently translated.
import { ERA_WORDS } from '../conditions/inspection.js';
import type { Policy } from '../policy/schema.js';
import type { EvidenceView } from './evidence-view.js';

export function eraNotes(policy: Policy, view: EvidenceView): string[] {
  const notes: string[] = [];
  const latest = view.latestGraded;
  if (!latest) {
    notes.push(`No graded Ofsted inspection on or before ${view.asOf}; rules reading Ofsted judgements could not be assessed.`);
    return notes;
  }
  const h = policy.ofstedEraHandling.eras[latest.era];
  const how = h.reading === 'direct' ? 'reads it directly' : h.reading === 'mapped' ? 'maps it explicitly' : 'does not read it';
  notes.push(`Latest graded inspection (${latest.inspectionDate}) is from the ${ERA_WORDS[latest.era]}; this policy ${how}: ${h.statement}`);
  const older = [...new Set(view.inspections.filter((i) => i !== latest && i.era !== latest.era).map((i) => i.era))];
  if (older.length)
    notes.push(`Earlier inspections from the ${older.map((e) => ERA_WORDS[e]).join(' and ')} are shown as history only; the policy reads the latest graded inspection.`);
  const later = view.inspections.filter((i) => i.inspectionDate > latest.inspectionDate);
  for (const i of later)
    notes.push(`A later ${i.inspectionType} inspection on ${i.inspectionDate} does not carry graded judgements; it does not change the graded judgement read here.`);
  const ageYears = (Date.parse(view.asOf) - Date.parse(latest.inspectionDate)) / (365.25 * 86400000);
  if (ageYears >= 4) notes.push(`The latest graded inspection is ${Math.floor(ageYears)} years old on ${view.asOf}.`);
  return notes;
}
