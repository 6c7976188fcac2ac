// The programme's cheap aggregates for the page's summary: schools per level of concern, contacts and
// days per contact type and per half term. At national size the page shows these and one page of
// contacts, never every school, so a reader sees the shape of the year without a 2 MB page.
import type { MeetingType } from '../domain/engagement-types.js';
import { MEETING_LABELS } from '../domain/engagement/index.js';
import type { ProgrammeReport } from './programme.js';

export interface SummaryRow {
  key: string;
  label: string;
  count: number;
  days: number;
}

export interface ProgrammeSummary {
  byCategory: SummaryRow[];
  byType: SummaryRow[];
  byHalfTerm: SummaryRow[];
}

const HALF_TERMS = ['autumn-1', 'autumn-2', 'spring-1', 'spring-2', 'summer-1', 'summer-2'] as const;
const halfTermLabel = (id: string) => `${id[0].toUpperCase()}${id.slice(1).replace('-', ' ')}`;

/** Counts over the report as given: a scoped report gives counts over the reader's schools alone. */
export function summariseProgramme(report: Pick<ProgrammeReport, 'programme' | 'categoryOf'>): ProgrammeSummary {
  const byCategory = new Map<string, SummaryRow>();
  for (const { code, label } of report.categoryOf.values()) {
    const row = byCategory.get(code) ?? { key: code, label: `${code}: ${label}`, count: 0, days: 0 };
    row.count++;
    byCategory.set(code, row);
  }
  const byType = new Map<string, SummaryRow>();
  const byHalf = new Map<string, SummaryRow>();
  for (const c of report.programme.contacts) {
    const category = report.categoryOf.get(c.urn);
    if (category) byCategory.get(category.code)!.days += c.days;
    const t = byType.get(c.meetingType) ?? { key: c.meetingType, label: MEETING_LABELS[c.meetingType as MeetingType], count: 0, days: 0 };
    t.count++;
    t.days += c.days;
    byType.set(c.meetingType, t);
    // A contact without a free day has no half term: counted under its term's window as "no date".
    const h = c.halfTerm ?? 'none';
    const r = byHalf.get(h) ?? { key: h, label: h === 'none' ? 'No free school day' : halfTermLabel(h), count: 0, days: 0 };
    r.count++;
    r.days += c.days;
    byHalf.set(h, r);
  }
  const order = (keys: readonly string[]) => (a: SummaryRow, b: SummaryRow) => (keys.indexOf(a.key) + 1 || 99) - (keys.indexOf(b.key) + 1 || 99);
  return {
    byCategory: [...byCategory.values()].sort((a, b) => a.key.localeCompare(b.key, 'en-GB', { numeric: true })),
    byType: [...byType.values()].sort(order(Object.keys(MEETING_LABELS))),
    byHalfTerm: [...byHalf.values()].sort(order(HALF_TERMS)),
  };
}
