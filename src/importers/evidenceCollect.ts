// Sorts one evidence file's mapped rows into what the organisation keeps, while the file streams:
// its own schools' observations and inspections, its own LA's and England's comparators, and — for a
// national file — every school's values, so the LA's schools get an England percentile and quintile.
import type { RowResult } from '../domain/evidence/layout.js';
import { percentileRank, quintile, sortValues } from '../domain/evidence/ranking.js';
import type { Comparator, Inspection, Observation } from '../domain/evidence/types.js';
import type { ProblemList } from './problems.js';

export interface RankedObservation extends Observation {
  englandPercentile: number | null;
  englandQuintile: number | null;
}

/**
 * A file covers England when its school rows span at least this many LAs (there are 153), or — for the
 * publisher-trimmed files that dropped the LA column — hold at least this many schools (the largest LA has under 700; KS4 England ~5,500). A per-LA file
 * (Hertfordshire's) never yields "England" percentiles, whatever stray rows it contains.
 */
export const NATIONAL_MIN_LAS = 100;
export const NATIONAL_MIN_SCHOOLS_WITHOUT_LA = 2_000;

export interface CollectCounts {
  schoolRows: number;
  outsideOrganisation: number;
  summaryRows: number;
  otherLaSummaryRows: number;
  emptyRows: number;
  duplicateInspections: number;
}

const key = (m: string, y: string) => `${m}|${y}`;
const comparatorKey = (c: Comparator) => [c.scope, c.laCode ?? '', c.phase ?? '', c.measure, c.academicYear].join('|');

export class EvidenceCollector {
  readonly counts: CollectCounts = { schoolRows: 0, outsideOrganisation: 0, summaryRows: 0, otherLaSummaryRows: 0, emptyRows: 0, duplicateInspections: 0 };
  readonly observations: Observation[] = [];
  readonly inspections = new Map<string, Inspection>();
  private readonly comparators = new Map<string, Comparator>();
  private readonly national = new Map<string, number[]>();
  private readonly laCodes = new Set<string>();
  private readonly seenUrns = new Map<number, number>();
  private readonly seenInspections = new Map<string, number>();
  private hasLaColumn = false;

  constructor(
    private readonly schoolUrns: ReadonlySet<number>,
    /** The organisation's LA code; null for a trust (it keeps England comparators only). */
    private readonly laCode: string | null,
    /** 'inspection' for files with one row per inspection: a URN may repeat, an inspection may not. */
    private readonly rowsPer: 'school' | 'inspection' = 'school',
  ) {}

  add(line: number, cells: Record<string, string>, result: RowResult, problems: ProblemList): void {
    const urns = new Set([...result.observations.map((o) => o.urn), ...result.inspections.map((i) => i.urn)]);
    if (urns.size > 1) throw new Error(`line ${line}: one row mapped to several schools`);
    const [urn] = urns;
    if (urn === undefined) {
      this.addSummary(result.comparators);
      return;
    }
    if (this.rowsPer === 'inspection') {
      for (const i of result.inspections) {
        const k = `${i.urn}|${i.inspectionDate}`;
        const first = this.seenInspections.get(k);
        if (first !== undefined) {
          problems.add({ line, reason: `the inspection of URN ${urn} on ${i.inspectionDate} appears again (first on line ${first})` });
          return;
        }
        this.seenInspections.set(k, line);
      }
      // Counted per row, so rows accepted and skipped add up to rows read.
      this.counts.schoolRows++;
    } else {
      const first = this.seenUrns.get(urn);
      if (first !== undefined) {
        problems.add({ line, reason: `URN ${urn} appears again (first on line ${first})` });
        return;
      }
      this.seenUrns.set(urn, line);
      this.counts.schoolRows++;
    }
    const la = (cells['LA'] ?? cells['LEA'] ?? '').trim();
    if ('LA' in cells || 'LEA' in cells) this.hasLaColumn = true;
    if (/^\d{3}$/.test(la)) this.laCodes.add(la);
    for (const o of result.observations) {
      if (o.status !== 'ok' || o.value === null) continue;
      const k = key(o.measure, o.academicYear);
      let values = this.national.get(k);
      if (!values) this.national.set(k, (values = []));
      values.push(o.value);
    }
    if (!this.schoolUrns.has(urn)) {
      this.counts.outsideOrganisation++;
      return;
    }
    this.observations.push(...result.observations);
    for (const i of result.inspections) {
      // The same inspection reached through two rows of one file is stored once (as across files).
      const k = `${i.urn}|${i.inspectionDate}`;
      if (this.inspections.has(k)) this.counts.duplicateInspections++;
      else this.inspections.set(k, i);
    }
  }

  private addSummary(comparators: Comparator[]): void {
    if (comparators.length === 0) {
      this.counts.emptyRows++;
      return;
    }
    const kept = comparators.filter((c) => c.scope === 'england' || (this.laCode !== null && c.laCode === this.laCode));
    if (kept.length === 0) {
      this.counts.otherLaSummaryRows++;
      return;
    }
    this.counts.summaryRows++;
    for (const c of kept) this.comparators.set(comparatorKey(c), c);
  }

  get coverage(): 'england' | 'local' {
    if (this.hasLaColumn) return this.laCodes.size >= NATIONAL_MIN_LAS ? 'england' : 'local';
    return this.counts.schoolRows >= NATIONAL_MIN_SCHOOLS_WITHOUT_LA ? 'england' : 'local';
  }

  comparatorList(): Comparator[] {
    return [...this.comparators.values()];
  }

  /** The organisation's observations with England ranks, when the file covers England. */
  ranked(): RankedObservation[] {
    const national = this.coverage === 'england';
    const sorted = new Map<string, number[]>();
    return this.observations.map((o) => {
      let percentile: number | null = null;
      if (national && o.status === 'ok' && o.value !== null) {
        const k = key(o.measure, o.academicYear);
        let s = sorted.get(k);
        if (!s) sorted.set(k, (s = sortValues(this.national.get(k) ?? [])));
        percentile = percentileRank(s, o.value);
      }
      return { ...o, englandPercentile: percentile, englandQuintile: percentile === null ? null : quintile(percentile) };
    });
  }

  years(): string[] {
    const ys = new Set<string>(this.observations.map((o) => o.academicYear));
    for (const c of this.comparators.values()) ys.add(c.academicYear);
    return [...ys].sort();
  }

  nationalSchools(): number {
    return this.coverage === 'england' ? this.counts.schoolRows : 0;
  }
}
