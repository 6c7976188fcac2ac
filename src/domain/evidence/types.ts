// The shared vocabulary of evidence about a school. Importers produce these records,
// the database stores them, and the categorisation engine and the early-warning model read them.
// Everything here is plain data: no SQL, no HTTP.

/** Academic year as the DfE writes it in prose, e.g. "2018/19". */
export type AcademicYear = string;

/** Why a value is absent. A missing value is never zero and never the old measure. */
export type ValueStatus =
  | 'ok'
  | 'suppressed' // SUPP, c, x: published but withheld (small numbers or disclosure)
  | 'not_applicable' // NA, z
  | 'no_entries' // NE: no pupils entered / no eligible pupils
  | 'low_coverage' // LOWCOV and friends
  | 'not_published' // the measure does not exist for that year (e.g. KS2 progress from 2023/24)
  | 'missing'; // blank cell

export interface Observation {
  urn: number;
  /** Stable measure code, e.g. "ks2.rwm_expected_pct", "ks4.progress8", "absence.overall_pct". */
  measure: string;
  academicYear: AcademicYear;
  value: number | null;
  status: ValueStatus;
  /** The cell as published, for explanation ("SUPP", "87%"). */
  raw: string;
  /** Published 95% confidence interval, where the file carries one. */
  ciLower?: number | null;
  ciUpper?: number | null;
  /** Pupils the figure rests on, where known. Groups under 11 are never shown. */
  cohort?: number | null;
  /** File the value came from (name only). */
  source: string;
}

/** Comparator rows (LA and England averages) carried in the same files. */
export interface Comparator {
  scope: 'la' | 'england';
  laCode?: string | null;
  measure: string;
  academicYear: AcademicYear;
  value: number | null;
  source: string;
  /** Census and absence files carry one summary row per phase; absent when the row covers all phases. */
  phase?: 'primary' | 'secondary' | 'special' | null;
}

/** Which Ofsted grading era an inspection belongs to (DOMAIN.md §4a). */
export type OfstedEra = 'four-grade' | 'no-overall-grade' | 'report-card';

export type FourPointGrade = 1 | 2 | 3 | 4; // 1 Outstanding, 2 Good, 3 RI (Satisfactory before Sept 2012), 4 Inadequate

export type ReportCardGrade =
  | 'exceptional'
  | 'strong_standard'
  | 'expected_standard'
  | 'needs_attention'
  | 'urgent_improvement';

export interface Inspection {
  urn: number;
  inspectionDate: string; // ISO yyyy-mm-dd
  /** Last day on site, where the file gives it. */
  inspectionEndDate?: string | null;
  /** 'publication' when the file gives only the publication date and inspectionDate holds it (e.g. older MI extracts). */
  dateBasis?: 'inspection' | 'publication';
  publicationDate?: string | null;
  inspectionType: 'graded' | 'ungraded' | 'monitoring' | 'unknown';
  era: OfstedEra;
  /** Era 'four-grade' only. */
  overallEffectiveness?: FourPointGrade | null;
  categoryOfConcern?: 'serious_weaknesses' | 'special_measures' | 'notice_to_improve' | 'requires_significant_improvement' | null;
  /** Era 1/2 sub-judgements, e.g. { quality_of_education: 2, leadership_and_management: 3 }. */
  subJudgements?: Record<string, FourPointGrade>;
  /** Era 3 evaluation areas, e.g. { inclusion: 'needs_attention' }. */
  reportCard?: Record<string, ReportCardGrade>;
  safeguarding?: 'effective' | 'not_effective' | 'met' | 'not_met' | null;
  /** Previous graded inspection, where the file carries it. */
  previousOverallEffectiveness?: FourPointGrade | null;
  previousInspectionDate?: string | null;
  /** An ungraded inspection's outcome as published ("School remains Good (Concerns) - S5 Next"). */
  ungradedOutcome?: string | null;
  /**
   * The URN inspected, when it is not `urn`: the predecessor school of a converter academy. Such an
   * inspection is the predecessor's, and is shown and counted as such (see policy `predecessorInspections`).
   */
  inspectedUrn?: number | null;
  /** The predecessor's name, where the register holds it (history only, not stored on the row). */
  inspectedName?: string | null;
  source: string;
}

export type IntelligenceKind =
  | 'safeguarding_concern'
  | 'parental_complaint'
  | 'qualifying_complaint'
  | 'head_teacher_change'
  | 'staff_turnover'
  | 'governance_review'
  | 'budget_deficit'
  | 'leadership_concern'
  | 'governance_concern';

export interface IntelligenceItem {
  /** The stored record's id, so an explanation can name the item it came from. */
  id?: number;
  urn: number;
  kind: IntelligenceKind;
  /** Walsall indicator code for leadership/governance concerns, e.g. "standards_not_rising". */
  indicator?: string | null;
  summary: string;
  occurredOn: string; // ISO date
  status: 'open' | 'resolved';
  resolvedOn?: string | null;
  confidential: boolean;
}

/** What the register says about a school, as far as categorisation and risk need it. */
export interface SchoolContext {
  urn: number;
  name: string;
  laCode: string;
  phase: 'primary' | 'secondary' | 'all-through' | 'special' | 'nursery' | '16-plus' | 'alternative-provision' | 'other';
  typeGroup: 'maintained' | 'academy' | 'special' | 'independent' | 'college' | 'other';
  isAcademy: boolean;
  isSpecial: boolean;
  isPRU: boolean;
  district?: string | null;
}

/** Everything known about one school at one point in time. */
export interface SchoolEvidence {
  school: SchoolContext;
  asOf: string; // ISO date; nothing dated after it may be used
  observations: Observation[];
  inspections: Inspection[];
  intelligence: IntelligenceItem[];
  /** The LA's own records the early-warning model can read, where the installation holds them (absent = none loaded). */
  laSignals?: LaSignals;
}

/**
 * The LA's own signals about a school, as early warning reads them: confirmed categories, Core Group
 * judgements, stages of concern and signed-off judgements of concern. Dated, so a score as of a past
 * day sees only what was recorded by then.
 */
export interface LaSignals {
  /** Each confirmed categorisation: `order` within the policy's categories (0 = least concern), `highestOrder` the policy's last. */
  categories: { confirmedOn: string; label: string; order: number; highestOrder: number }[];
  /** When a Core Group was set up for the school, or null when there is none. */
  coreGroupSince: string | null;
  coreGroupMeetings: { meetingDate: string; judgement: 'effective_action' | 'some_impact' | 'no_evidence_of_impact' }[];
  /** Stage-of-concern designations; a later one supersedes an earlier. */
  stages: { stage: number; startedOn: string; endedOn: string | null }[];
  /** Signed-off judgements that a ground for a notice exists. */
  concernJudgements: { judgedOn: string; ground: string; confidential: boolean }[];
}
