// In-year triggers: events since the school was last categorised that the policy says should prompt
// an immediate review. They flag; they never change the category by themselves.
import type { Policy, Trigger } from '../policy/schema.js';
import type { ReviewFlag } from '../result-types.js';
import { releaseDate, type EvidenceView } from './evidence-view.js';

/** Start of the window: the last categorisation, else the start of the policy's current annual cycle. */
export function windowStart(policy: Policy, view: EvidenceView): string {
  if (view.inputs.lastCategorisedOn) return view.inputs.lastCategorisedOn;
  const year = Number(view.asOf.slice(0, 4));
  const thisYear = `${year}-${policy.reviewCycle.annualFrom}`;
  return thisYear <= view.asOf ? thisYear : `${year - 1}-${policy.reviewCycle.annualFrom}`;
}

function flag(policy: Policy, t: Trigger, occurredOn: string, detail: string, item?: { id?: number; confidential: boolean }): ReviewFlag {
  return {
    triggerId: t.id,
    event: t.event,
    action: t.action,
    description: t.description,
    occurredOn,
    detail,
    source: { document: policy.source.title, ...t.source },
    ...(item?.confidential ? { confidential: true, itemId: item.id ?? null } : {}),
  };
}

export function reviewFlags(policy: Policy, view: EvidenceView): ReviewFlag[] {
  const since = windowStart(policy, view);
  const inWindow = (d: string) => d > since && d <= view.asOf;
  const flags: ReviewFlag[] = [];
  for (const t of policy.triggers) {
    switch (t.event) {
      case 'ofsted-judgement':
        for (const i of view.inspections.filter((x) => inWindow(x.inspectionDate)))
          flags.push(flag(policy, t, i.inspectionDate, `Ofsted ${i.inspectionType} inspection on ${i.inspectionDate} (${i.source})`));
        break;
      case 'safeguarding-concern':
        for (const i of view.evidence.intelligence.filter((x) => x.kind === 'safeguarding_concern' && inWindow(x.occurredOn)))
          flags.push(flag(policy, t, i.occurredOn, `Safeguarding concern recorded ${i.occurredOn}${i.confidential ? ' (confidential)' : `: ${i.summary}`}`, i));
        for (const i of view.inspections.filter((x) => inWindow(x.inspectionDate) && (x.safeguarding === 'not_effective' || x.safeguarding === 'not_met')))
          flags.push(flag(policy, t, i.inspectionDate, `Ofsted found safeguarding ${i.safeguarding?.replace('_', ' ')} on ${i.inspectionDate}`));
        break;
      case 'data-release': {
        const seen = new Set<string>();
        for (const m of policy.evidence.measures) {
          for (const o of view.series(m.code)) {
            const released = releaseDate(m, m.code, o.academicYear);
            const key = `${m.code.split('.')[0]} ${o.academicYear}`;
            if (!inWindow(released) || seen.has(key)) continue;
            seen.add(key);
            flags.push(flag(policy, t, released, `${key} data available from ${released}`));
          }
        }
        break;
      }
      case 'risk-alert':
        for (const a of (view.inputs.riskAlerts ?? []).filter((x) => inWindow(x.raisedOn)))
          flags.push(flag(policy, t, a.raisedOn, `Risk alert ${a.raisedOn}: ${a.summary}`));
        break;
    }
  }
  return flags.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.triggerId.localeCompare(b.triggerId));
}
