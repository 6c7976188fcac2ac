// Figures for the LA's self-evaluation, computed from its own records for any as-of date (issue 19).
// Pure: the repository hands in rows already limited to the organisation; each figure returns its
// count, the records it counted (for the links behind it) and, where Lodestar holds nothing, says so.
import { addDays, compareDates, daysBetween, type IsoDate } from '../calendar/index.js';

export interface Figure {
  id: string;
  title: string;
  /** null when Lodestar cannot compute it (then `unavailable` says why). */
  value: { numerator: number; denominator: number; share: number | null } | null;
  /** How many records the figure was computed from. */
  records: number;
  summary: string;
  unavailable?: string;
  /** The schools or records behind the figure, each with the path that shows it. */
  items: { urn?: number; label: string; href: string; detail: string; counted: boolean }[];
  /** Records behind the figure outside the reader's schools: counted, not listed. */
  hiddenItems?: number;
}

const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);
const pct = (n: number, d: number) => (d === 0 ? '0 of 0' : `${n} of ${d} (${share(n, d)}%)`);

export interface SchoolRow {
  urn: number;
  name: string;
  openDate: string | null;
  closeDate: string | null;
  isStateFunded: boolean;
}

/** Open and state-funded on the day (the register keeps open and close dates, not a status per date). */
export function openOn(s: SchoolRow, asOf: IsoDate): boolean {
  return s.isStateFunded && (!s.openDate || compareDates(s.openDate, asOf) <= 0) && (!s.closeDate || compareDates(s.closeDate, asOf) > 0);
}

// ---------- knows its schools ----------

export interface KnowsSchoolsInput {
  schools: SchoolRow[];
  /** Visit and Core Group meeting dates per school (any date; the window is applied here). */
  contacts: { urn: number; on: string }[];
  /** Each school's category in the latest round confirmed by the as-of date. */
  categories: Map<number, string>;
  window: { start: IsoDate; end: IsoDate };
}

export function knowsSchools(input: KnowsSchoolsInput, asOf: IsoDate): Figure {
  const open = input.schools.filter((s) => openOn(s, asOf));
  const contacted = new Set(input.contacts.filter((c) => compareDates(c.on, input.window.start) >= 0 && compareDates(c.on, input.window.end) <= 0).map((c) => c.urn));
  const items = open.map((s) => {
    const category = input.categories.get(s.urn);
    const counted = contacted.has(s.urn) && !!category;
    const detail = [contacted.has(s.urn) ? 'contact in the window' : 'no contact in the window', category ? `category ${category}` : 'no confirmed category'].join('; ');
    return { urn: s.urn, label: s.name, href: `/schools/${s.urn}`, detail, counted };
  });
  const n = items.filter((i) => i.counted).length;
  return {
    id: 'knows-schools',
    title: 'Schools with a recent contact and a current category',
    value: { numerator: n, denominator: open.length, share: share(n, open.length) },
    records: open.length,
    summary: `${pct(n, open.length)} open state-funded schools had a contact between ${input.window.start} and ${input.window.end} and a confirmed category.`,
    items,
  };
}

// ---------- proactive, not reactive ----------

export interface InspectionRow {
  urn: number;
  inspectionDate: string;
  overallEffectiveness: number | null;
  categoryOfConcern: string | null;
}

export interface FlagRow {
  urn: number;
  /** The date of the evidence the flag stood on. */
  on: string;
  kind: 'category' | 'review-flag' | 'risk-alert';
  detail: string;
}

/** Below good: grade 3 or 4, or any category of concern (report cards have no overall grade, so only the latter). */
export function belowGood(i: InspectionRow): boolean {
  return (i.overallEffectiveness !== null && i.overallEffectiveness >= 3) || i.categoryOfConcern !== null;
}

export interface ProactiveCase {
  urn: number;
  name: string;
  inspectionDate: string;
  previousInspectionDate: string | null;
  /** The earliest flag in the period, or null when Lodestar had not flagged the school. */
  firstFlag: FlagRow | null;
  daysBefore: number | null;
  flags: FlagRow[];
}

/**
 * For each school whose latest inspection up to `asOf` was below good: did a flag come before it, and after
 * the inspection before that one (a flag about an earlier era is not foresight of this one)?
 */
export function proactiveCases(schools: SchoolRow[], inspections: InspectionRow[], flags: FlagRow[], asOf: IsoDate): ProactiveCase[] {
  const names = new Map(schools.map((s) => [s.urn, s.name]));
  const byUrn = new Map<number, InspectionRow[]>();
  for (const i of inspections) if (compareDates(i.inspectionDate, asOf) <= 0) byUrn.set(i.urn, [...(byUrn.get(i.urn) ?? []), i]);
  const flagsBy = new Map<number, FlagRow[]>();
  for (const f of flags) flagsBy.set(f.urn, [...(flagsBy.get(f.urn) ?? []), f]);
  const out: ProactiveCase[] = [];
  for (const [urn, list] of byUrn) {
    if (!names.has(urn)) continue;
    const sorted = [...list].sort((a, b) => compareDates(a.inspectionDate, b.inspectionDate));
    const latest = sorted[sorted.length - 1];
    if (!belowGood(latest)) continue;
    const previous = sorted.length > 1 ? sorted[sorted.length - 2].inspectionDate : null;
    const before = (flagsBy.get(urn) ?? [])
      .filter((f) => compareDates(f.on, latest.inspectionDate) < 0 && (!previous || compareDates(f.on, previous) > 0))
      .sort((a, b) => compareDates(a.on, b.on) || a.kind.localeCompare(b.kind));
    const firstFlag = before[0] ?? null;
    out.push({
      urn,
      name: names.get(urn)!,
      inspectionDate: latest.inspectionDate,
      previousInspectionDate: previous,
      firstFlag,
      daysBefore: firstFlag ? daysBetween(firstFlag.on, latest.inspectionDate) : null,
      flags: before,
    });
  }
  return out.sort((a, b) => a.urn - b.urn);
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};

export function proactive(cases: ProactiveCase[]): Figure & { medianDaysBefore: number | null } {
  const flagged = cases.filter((c) => c.firstFlag);
  const medianDaysBefore = median(flagged.map((c) => c.daysBefore!));
  return {
    id: 'proactive',
    title: 'Proactive, not reactive',
    value: { numerator: flagged.length, denominator: cases.length, share: share(flagged.length, cases.length) },
    records: cases.length,
    medianDaysBefore,
    summary:
      `${pct(flagged.length, cases.length)} schools whose latest inspection was below good had been flagged by Lodestar before it` +
      (medianDaysBefore === null ? '.' : `, a median of ${medianDaysBefore} days before.`),
    items: cases.map((c) => ({
      urn: c.urn,
      label: c.name,
      href: `/schools/${c.urn}`,
      detail: c.firstFlag
        ? `inspected ${c.inspectionDate}; first flagged ${c.firstFlag.on} (${c.firstFlag.kind}: ${c.firstFlag.detail}), ${c.daysBefore} days before`
        : `inspected ${c.inspectionDate}; not flagged before it${c.previousInspectionDate ? ` (since the inspection of ${c.previousInspectionDate})` : ''}`,
      counted: !!c.firstFlag,
    })),
  };
}

// ---------- notes within 48 hours ----------

export interface VisitRow {
  id: number;
  urn: number;
  visitDate: string;
  publishedAt: Date | null;
}

/** In time: published no later than `hours` after the end of the visit day (UTC), and by the as-of date. */
export function notesWithin(visits: VisitRow[], asOf: IsoDate, hours: number, lookbackDays: number): Figure {
  const from = addDays(asOf, -lookbackDays);
  const endOfAsOf = new Date(`${addDays(asOf, 1)}T00:00:00Z`).getTime();
  const inWindow = visits.filter((v) => compareDates(v.visitDate, from) > 0 && compareDates(v.visitDate, asOf) <= 0);
  const items = inWindow.map((v) => {
    const deadline = new Date(`${addDays(v.visitDate, 1)}T00:00:00Z`).getTime() + hours * 3600_000;
    const published = v.publishedAt && v.publishedAt.getTime() < endOfAsOf ? v.publishedAt : null;
    const counted = !!published && published.getTime() <= deadline;
    const detail = published ? `visit ${v.visitDate}, published ${published.toISOString().slice(0, 16).replace('T', ' ')} UTC` : `visit ${v.visitDate}, not published by ${asOf}`;
    return { urn: v.urn, label: `Visit note ${v.id}`, href: `/schools/${v.urn}/visits/${v.id}`, detail, counted };
  });
  const n = items.filter((i) => i.counted).length;
  return {
    id: 'notes-48h',
    title: `Visit notes published within ${hours} hours`,
    value: { numerator: n, denominator: items.length, share: share(n, items.length) },
    records: items.length,
    summary: `${pct(n, items.length)} visits between ${addDays(from, 1)} and ${asOf} had their note published within ${hours} hours.`,
    items,
  };
}

// ---------- use of powers ----------

export const NOTICE_STEPS = ['notice_of_concern', 'warning_notice'] as const;

export interface NoticeRow {
  id: number;
  urn: number;
  step: string;
  title: string;
  status: string;
  dueDate: string | null;
  issuedOn: string | null;
  /** The day the proposal was made (created), as a date. */
  proposedOn: string;
  signedOffOn: string | null;
}

export function useOfPowers(rows: NoticeRow[], asOf: IsoDate): Figure & { awaitingDecision: number } {
  const known = rows.filter((r) => (NOTICE_STEPS as readonly string[]).includes(r.step) && compareDates(r.proposedOn, asOf) <= 0);
  const issued = known.filter((r) => r.status === 'signed_off' && r.signedOffOn && compareDates(r.signedOffOn, asOf) <= 0);
  const awaiting = known.filter((r) => !issued.includes(r) && !(r.status === 'rejected' && r.signedOffOn && compareDates(r.signedOffOn, asOf) <= 0));
  const onTime = (r: NoticeRow) => {
    const day = r.issuedOn ?? r.signedOffOn!;
    return !r.dueDate || compareDates(day, r.dueDate) <= 0;
  };
  const n = issued.filter(onTime).length;
  const items = [
    ...issued.map((r) => ({ urn: r.urn, label: r.title, href: `/escalations/${r.id}`, detail: `issued ${r.issuedOn ?? r.signedOffOn}${r.dueDate ? `, due ${r.dueDate}` : ''}: ${onTime(r) ? 'on time' : 'late'}`, counted: onTime(r) })),
    ...awaiting.map((r) => ({ urn: r.urn, label: r.title, href: `/escalations/${r.id}`, detail: `proposed ${r.proposedOn}, awaiting a decision${r.dueDate ? ` (due ${r.dueDate})` : ''}`, counted: false })),
  ];
  return {
    id: 'use-of-powers',
    title: 'Notices and warning notices, and their timeliness',
    value: { numerator: n, denominator: issued.length, share: share(n, issued.length) },
    records: known.length,
    awaitingDecision: awaiting.length,
    summary: `${pct(n, issued.length)} notices and warning notices issued by ${asOf} were issued by their due date; ${awaiting.length} awaited a decision.`,
    items,
  };
}

// ---------- school-to-school support ----------

export interface SupportPlanRow {
  id: number;
  urn: number;
  schoolName: string;
  kind: 'agreement' | 'commission';
  startOn: string;
  endOn: string;
  impact: { judgement: 'improved' | 'some_improvement' | 'no_improvement' | 'not_assessable'; judgedOn: string } | null;
}

const JUDGEMENT_WORDS = { improved: 'improved', some_improvement: 'some improvement', no_improvement: 'no improvement', not_assessable: 'not assessable' } as const;

/**
 * School-to-school agreements and commissions started by the day, and of those whose impact was judged
 * by then (against their baseline, see the support pages), how many showed improvement. A plan past
 * its end date with no judgement is counted against the LA: support nobody measured is not systematic.
 */
export function schoolToSchoolSupport(rows: SupportPlanRow[], asOf: IsoDate): Figure {
  const started = rows.filter((r) => compareDates(r.startOn, asOf) <= 0);
  const judged = started.filter((r) => r.impact && compareDates(r.impact.judgedOn, asOf) <= 0);
  const improved = judged.filter((r) => r.impact!.judgement === 'improved' || r.impact!.judgement === 'some_improvement');
  const endedUnjudged = started.filter((r) => !judged.includes(r) && compareDates(r.endOn, asOf) < 0);
  const agreements = started.filter((r) => r.kind === 'agreement').length;
  const items = started.map((r) => {
    const judgedBy = judged.includes(r);
    const detail = judgedBy
      ? `${r.kind}, ${r.startOn} to ${r.endOn}: ${JUDGEMENT_WORDS[r.impact!.judgement]} (judged ${r.impact!.judgedOn})`
      : `${r.kind}, ${r.startOn} to ${r.endOn}: ${compareDates(r.endOn, asOf) < 0 ? 'ended without an impact judgement' : 'running'}`;
    return { urn: r.urn, label: r.schoolName, href: `/support/plans/${r.id}`, detail, counted: improved.includes(r) };
  });
  const denominator = judged.length + endedUnjudged.length;
  return {
    id: 'school-to-school',
    title: 'School-to-school support agreements by outcome',
    value: { numerator: improved.length, denominator, share: share(improved.length, denominator) },
    records: started.length,
    summary:
      started.length === 0
        ? `No support agreements or commissions were recorded in Lodestar by ${asOf}.`
        : `${agreements} agreements and ${started.length - agreements} commissions started by ${asOf}; ${pct(improved.length, denominator)} of those judged or ended showed improvement against their baseline (${endedUnjudged.length} ended without an impact judgement).`,
    items,
  };
}

/** Knows-its-schools window: from the start of the term before the as-of date's term (or holiday) to the as-of date. */
export function contactWindow(terms: { start: string; end: string }[], asOf: IsoDate): { start: IsoDate; end: IsoDate } {
  const sorted = [...terms].sort((a, b) => compareDates(a.start, b.start));
  const started = sorted.filter((t) => compareDates(t.start, asOf) <= 0);
  const current = started[started.length - 1];
  // In a holiday the last term has ended: it is "the last term". In term time, the term before it is.
  const inTerm = current && compareDates(current.end, asOf) >= 0;
  const last = inTerm ? started[started.length - 2] : current;
  return { start: last?.start ?? addDays(asOf, -120), end: asOf };
}
