// Whether a category rests on stale inspection evidence: the latest graded inspection is older than
// the age the policy states (or the LA's setting where the source states none), or there is none.
import type { Policy } from '../policy/schema.js';
import type { PredecessorInspections, StaleEvidence } from '../result-types.js';
import type { SchoolEvidence } from '../../evidence/types.js';
import { PREDECESSOR_INSPECTIONS_COUNT_BY_DEFAULT } from './evidence-view.js';
import type { EvidenceView } from './evidence-view.js';

// One formatter for every call: toLocaleDateString builds a new one each time, which was a tenth of a
// national categorisation's time (two dates for every school).
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
// The same few thousand dates (asOf, inspection dates) recur across a national run: each is formatted once.
const longDates = new Map<string, string>();
function longDate(iso: string): string {
  let s = longDates.get(iso);
  if (s === undefined) longDates.set(iso, (s = LONG_DATE.format(new Date(`${iso}T00:00:00Z`))));
  return s;
}

function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

function predecessorName(i: { inspectedName?: string | null }): string {
  return i.inspectedName ? `, ${i.inspectedName}` : '';
}

export function staleEvidence(policy: Policy, view: EvidenceView): StaleEvidence | null {
  const setting = policy.evidence.staleInspection;
  if (!policy.evidence.inspections || !setting) return null;
  const basis = setting.basis === 'la-setting' ? `your LA's setting: ${setting.years} years` : `the policy: ${setting.years} years`;
  const latest = view.latestGraded;
  if (!latest)
    return {
      kind: 'no-inspection',
      years: setting.years,
      basis: setting.basis,
      statement: `This category rests on no Ofsted graded inspection: none is recorded on or before ${longDate(view.asOf)}, so it rests on data and local knowledge alone.`,
    };
  const age = yearsBetween(latest.inspectionDate, view.asOf);
  if (age < setting.years) return null;
  const whose = latest.inspectedUrn && latest.inspectedUrn !== latest.urn ? ` of the predecessor school${predecessorName(latest)} (URN ${latest.inspectedUrn})` : '';
  return {
    kind: 'old-inspection',
    inspectionDate: latest.inspectionDate,
    years: setting.years,
    basis: setting.basis,
    statement: `This category rests on an Ofsted inspection${whose} of ${longDate(latest.inspectionDate)}, ${age} years before ${longDate(view.asOf)}: older than the age beyond which an inspection counts as stale (${basis}).`,
  };
}

/** Lodestar's words when a policy does not state whether a predecessor's inspections count. */
export const PREDECESSOR_DEFAULT_STATEMENT =
  "Lodestar's default (an LA setting; the policy does not say): they count, as Ofsted's management information reports the predecessor's graded inspection as the academy's latest until the academy is inspected itself.";

/**
 * For a converter academy holding its predecessor's inspections: whether the policy counts them
 * (`evidence.predecessorInspections`), said in the explanation either way; null when it holds none.
 */
export function predecessorInspections(policy: Policy, evidence: SchoolEvidence, asOf: string): PredecessorInspections | null {
  const theirs = evidence.inspections.filter((i) => i.inspectedUrn && i.inspectedUrn !== i.urn && i.inspectionDate <= asOf);
  if (!theirs.length) return null;
  const setting = policy.evidence.predecessorInspections;
  const counted = setting?.count ?? PREDECESSOR_INSPECTIONS_COUNT_BY_DEFAULT;
  const statement = setting?.statement ?? PREDECESSOR_DEFAULT_STATEMENT;
  const named = [...new Map(theirs.map((i) => [i.inspectedUrn, `${i.inspectedName ?? 'the predecessor school'} (URN ${i.inspectedUrn})`])).values()].join(', ');
  const dates = theirs.map((i) => longDate(i.inspectionDate)).join(', ');
  return {
    counted,
    statement,
    fromPolicy: setting !== undefined,
    sentence: `${counted ? 'Counted' : 'Not counted'} as this school's own: the inspections of its predecessor, ${named} (${dates}). ${statement}`,
  };
}
