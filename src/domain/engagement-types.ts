// What a categorisation policy promises each category in officer contact; read by the visit planner.
export type ContactCadence = 'annual' | 'termly' | 'half-termly';

export type MeetingType =
  | 'annual-conversation'
  | 'quality-assurance-visit'
  | 'termly-visit'
  | 'core-group'
  | 'improvement-review';

export interface EngagementExpectation {
  cadence: ContactCadence;
  meetingType: MeetingType;
  /** Officer days each contact takes (preparation, visit, write-up). */
  daysPerContact: number;
  /** The policy's officer-day allowance for the category per year, where it sets one (Walsall, Wales). */
  allowanceDaysPerYear?: number | null;
  /** Plain words for letters and pages, e.g. "A Core Group meets each half term". */
  description: string;
}
