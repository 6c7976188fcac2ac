// The termly scrutiny report (issue 17): the aggregate picture as plain tables, with small numbers
// suppressed and no school named where the LA's setting says anonymise. Pure: the renderers (PDF, XLSX)
// only lay these tables out, so both files always say the same.
import type { Figure, IndicatorDefinition, ScopeFigures } from './indicators.js';

/** Figures resting on fewer schools or pupils than this are not shown. */
export const MIN_SCHOOLS = 5;
export const MIN_PUPILS = 10;
export const SUPPRESSED = 'fewer than 5';

/** A figure as the report prints it: suppressed when it rests on fewer than 5 schools or 10 pupils. */
export function shownValue(f: Figure): string {
  if (f.value === null) return 'not held';
  if (f.schools < MIN_SCHOOLS || f.pupils < MIN_PUPILS) return SUPPRESSED;
  return String(f.value);
}

/** A count of schools: 1 to 4 is suppressed (0 says nothing about any school). */
export function shownCount(n: number): string {
  return n > 0 && n < MIN_SCHOOLS ? SUPPRESSED : String(n);
}

export interface ReportTable {
  title: string;
  columns: string[];
  rows: string[][];
  note?: string;
}

export interface ScrutinyReport {
  title: string;
  organisation: string;
  term: string;
  dataDate: string;
  intro: string[];
  tables: ReportTable[];
}

export interface ScrutinyInput {
  organisation: string;
  term: string;
  academicYear: string;
  dataDate: string;
  goodOrBetter: string;
  indicators: readonly Pick<IndicatorDefinition, 'id' | 'label'>[];
  scopes: readonly ScopeFigures[];
  targets: readonly { label: string; scope: string; baseline: string; target: string; latest: Figure | null; status: string; owner: string }[];
  categories: { round: string; codes: { code: string; label: string }[]; counts: Record<string, number> } | null;
  movement: { from: string; to: string; improved: number; declined: number; same: number } | null;
  /** School names for the Ofsted category-of-concern list, only when the LA does not anonymise. */
  namedSchools: readonly { name: string; why: string }[] | null;
}

export function scrutinyReport(i: ScrutinyInput): ScrutinyReport {
  const la = i.scopes.find((s) => s.scope === 'la');
  const tables: ReportTable[] = [];
  tables.push({
    title: 'Strategic indicators: the LA, each district, phase and type',
    columns: ['Indicator', ...i.scopes.map((s) => s.label)],
    rows: i.indicators.map((d) => [d.label, ...i.scopes.map((s) => shownValue(s.figures[d.id]!))]),
    note: `Figures resting on fewer than ${MIN_SCHOOLS} schools or ${MIN_PUPILS} pupils are shown as "${SUPPRESSED}".`,
  });
  if (la) {
    tables.push({
      title: 'The whole LA against England',
      columns: ['Indicator', 'LA', 'England', 'Year', 'Schools', 'Pupils'],
      rows: i.indicators.map((d) => {
        const f = la.figures[d.id]!;
        return [d.label, shownValue(f), f.england === null || f.england === undefined ? '' : String(f.england), f.year ?? '', shownCount(f.schools), f.pupils < MIN_PUPILS && f.pupils > 0 ? 'fewer than 10' : String(f.pupils)];
      }),
    });
  }
  if (i.targets.length) {
    tables.push({
      title: 'Targets',
      columns: ['Target', 'Scope', 'Baseline', 'Target', 'Latest', 'Status', 'Owner'],
      rows: i.targets.map((t) => [t.label, t.scope, t.baseline, t.target, t.latest ? shownValue(t.latest) : 'not held', t.status, t.owner]),
    });
  }
  if (i.categories) {
    tables.push({
      title: `The LA's categories, ${i.categories.round}`,
      columns: ['Category', 'Schools'],
      rows: i.categories.codes.map((c) => [`${c.code} ${c.label}`, shownCount(i.categories!.counts[c.code] ?? 0)]),
    });
  }
  if (i.movement) {
    tables.push({
      title: `Category movement, ${i.movement.from} to ${i.movement.to}`,
      columns: ['Improved', 'Declined', 'Unchanged'],
      rows: [[shownCount(i.movement.improved), shownCount(i.movement.declined), shownCount(i.movement.same)]],
    });
  }
  if (i.namedSchools && i.namedSchools.length) {
    tables.push({ title: 'Schools in an Ofsted category of concern', columns: ['School', 'Since'], rows: i.namedSchools.map((s) => [s.name, s.why]) });
  }
  return {
    title: `Scrutiny report: school improvement, ${i.term} term ${i.academicYear}`,
    organisation: i.organisation,
    term: `${i.term} ${i.academicYear}`,
    dataDate: i.dataDate,
    intro: [
      `Data as of ${i.dataDate}: only evidence published by that day is used.`,
      i.goodOrBetter,
      i.namedSchools === null ? 'No school is named in this report (the LA’s setting).' : 'Schools are named where the LA’s setting allows.',
    ],
    tables,
  };
}
