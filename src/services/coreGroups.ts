// Core Groups for high-concern schools: membership and schedule, the meeting record (the school's
// evaluation form prefilled from the dashboard, the officer's review of chosen areas, the judgement)
// and the actions that carry over from one meeting to the next. Recording a meeting re-runs the
// escalation rules, so a second meeting without impact proposes a Notice of Concern at once.
import type { Db } from '../db/client.js';
import type { EvaluationForm, ReviewArea } from '../db/tables.js';
import { academicYear, academicYearOf, compareDates, isIsoDate, type IsoDate, type SchoolCalendar } from '../domain/calendar/index.js';
import { JUDGEMENTS, type Judgement } from '../domain/engagement/index.js';
import { formatValue } from '../domain/evidence/dashboard.js';
import { getCoreGroup, insertActions, insertMeeting, listMeetings, openMeetingActions, setActionStatus, upsertCoreGroup, type ActionRow, type MeetingRow } from '../repositories/engagement.js';
import type { SchoolWithDistrict } from '../repositories/schools.js';
import { audit, type Actor } from './audit.js';
import { schoolDashboard } from './evidence.js';
import { syncEscalations, type EscalationContext } from './escalations.js';

/** The areas an officer may review before a meeting (Staffordshire 2014 Core Group guidance). */
export const REVIEW_AREAS = [
  { code: 'teaching', label: 'Quality of teaching' },
  { code: 'middle-leadership', label: 'Middle leadership' },
  { code: 'senior-leadership', label: 'Senior leadership' },
  { code: 'behaviour-attendance', label: 'Behaviour and attendance, including safeguarding' },
  { code: 'external-support', label: 'Impact of external support' },
] as const;

export const JUDGEMENT_LABELS: Record<Judgement, string> = {
  effective_action: 'Yes: the school is taking effective action at appropriate pace',
  some_impact: 'Partly: some impact, but not yet at appropriate pace',
  no_evidence_of_impact: 'No: no evidence of impact',
};

/** Measures the evaluation form shows, in order (the dashboard holds many more). */
const KPI_CODES = ['ks2.rwm_expected_pct', 'ks2.read_progress', 'ks2.writ_progress', 'ks2.mat_progress', 'ks4.progress8', 'ks4.attainment8', 'ks4.basics_94_pct', 'absence.overall_pct', 'absence.persistent_10_pct', 'census.pupils'];

export async function evaluationFormFromDashboard(db: Db, orgId: number, school: SchoolWithDistrict): Promise<EvaluationForm> {
  const d = await schoolDashboard(db, orgId, school);
  const latest = d.trends
    .map((t) => ({ t, row: [...t.rows].reverse().find((r) => r.value !== null) }))
    .filter((x) => x.row)
    .sort((a, b) => rank(a.t.code) - rank(b.t.code))
    .slice(0, 8);
  return {
    kpis: latest.map(({ t, row }) => ({ code: t.code, label: t.label, year: row!.year, value: formatValue(row!.value, t.unit), source: row!.source })),
    schoolCommentary: '',
  };
}
const rank = (code: string) => (KPI_CODES.includes(code) ? KPI_CODES.indexOf(code) : 100);

/** `meetingType`: the route's group (a Core Group, or a Walsall Improvement Review group). */
export async function establishCoreGroup(db: Db, orgId: number, urn: number, input: { membership: string; cadence: string }, actor: Actor, today: IsoDate, meetingType: 'core-group' | 'improvement-review' = 'core-group') {
  const errors: Record<string, string> = {};
  const membership = input.membership.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!membership.length) errors.membership = 'Enter the members of the Core Group, one a line';
  if (!['half-termly', 'termly'].includes(input.cadence)) errors.cadence = 'Select how often the Core Group meets';
  if (Object.keys(errors).length) return { ok: false as const, errors };
  const before = await getCoreGroup(db, orgId, urn);
  const row = await upsertCoreGroup(db, { organisationId: orgId, urn, membership, cadence: input.cadence as 'half-termly', meetingType, establishedOn: before?.establishedOn ?? today, createdBy: actor.label });
  await audit(db, actor, before ? 'core-group.updated' : 'core-group.established', { type: 'core_group', id: row.id }, { before: before ?? null, after: { urn, membership, cadence: row.cadence } });
  return { ok: true as const, row };
}

/** The half terms (or terms) after the last meeting still needing one: the group's schedule. */
export function schedule(meetings: MeetingRow[], cadence: 'half-termly' | 'termly', today: IsoDate, cal: SchoolCalendar): { label: string; start: IsoDate; end: IsoDate; held: boolean }[] {
  let year;
  try {
    year = academicYear(academicYearOf(today), cal);
  } catch {
    return [];
  }
  const windows = cadence === 'termly' ? year.terms.map((t) => ({ label: t.label, start: t.start, end: t.end })) : year.halfTerms.map((h) => ({ label: `${h.label} ${year.label}`, start: h.start, end: h.end }));
  return windows.map((w) => ({ ...w, held: meetings.some((m) => compareDates(m.meetingDate, w.start) >= 0 && compareDates(m.meetingDate, w.end) <= 0) }));
}

export interface MeetingInput {
  date: string;
  judgement: string;
  notes: string;
  schoolCommentary: string;
  areas: string[];
  findings: Record<string, string>;
  /** Each open action from earlier meetings: "done" or "carry". */
  carry: Record<number, string>;
  newActions: { text: string; owner: string; due: string }[];
}

export async function recordMeeting(db: Db, orgId: number, school: SchoolWithDistrict, input: MeetingInput, ctx: EscalationContext, actor: Actor, today: IsoDate) {
  const group = await getCoreGroup(db, orgId, school.urn);
  const errors: Record<string, string> = {};
  if (!group) errors.date = 'Set up the Core Group before recording a meeting';
  if (!isIsoDate(input.date)) errors.date = 'Enter the date of the meeting as a real date';
  else if (compareDates(input.date, today) > 0) errors.date = 'The date of the meeting must be today or in the past';
  if (!(JUDGEMENTS as readonly string[]).includes(input.judgement)) errors.judgement = 'Select whether the school is taking effective action at appropriate pace';
  if (!input.areas.length) errors.areas = 'Select at least one area you reviewed before the meeting';
  const reviewAreas: ReviewArea[] = [];
  for (const code of input.areas) {
    const area = REVIEW_AREAS.find((a) => a.code === code);
    if (!area) errors.areas = 'Select areas from the list';
    else if (!input.findings[code]?.trim()) errors[`findings-${code}`] = `Enter your findings on ${area.label.toLowerCase()}`;
    else reviewAreas.push({ area: area.label, findings: input.findings[code].trim() });
  }
  const open = await openMeetingActions(db, orgId, school.urn);
  open.forEach((a) => {
    if (!['done', 'carry'].includes(input.carry[a.id] ?? '')) errors[`carry-${a.id}`] = `Say whether "${a.text}" is done or carries over`;
  });
  input.newActions.forEach((a, i) => {
    if (!a.text.trim() && !a.owner.trim() && !a.due.trim()) return;
    if (!a.text.trim()) errors[`action-${i}-text`] = `Enter what action ${i + 1} is`;
    if (!a.owner.trim()) errors[`action-${i}-owner`] = `Enter who owns action ${i + 1}`;
    if (!isIsoDate(a.due.trim())) errors[`action-${i}-due`] = `Enter the due date of action ${i + 1} as a real date, for example 18 12 2026`;
  });
  if (Object.keys(errors).length || !group) return { ok: false as const, errors };

  const evaluationForm = await evaluationFormFromDashboard(db, orgId, school);
  evaluationForm.schoolCommentary = input.schoolCommentary.trim();
  const meeting = await insertMeeting(db, {
    organisationId: orgId,
    coreGroupId: group.id,
    urn: school.urn,
    meetingDate: input.date,
    evaluationForm,
    reviewAreas,
    judgement: input.judgement as Judgement,
    notes: input.notes.trim(),
    recordedBy: actor.label,
  });
  const done = open.filter((a) => input.carry[a.id] === 'done');
  const carried = open.filter((a) => input.carry[a.id] === 'carry');
  await setActionStatus(db, done.map((a) => a.id), 'done');
  await setActionStatus(db, carried.map((a) => a.id), 'carried_over');
  const created: ActionRow[] = await insertActions(db, [
    ...carried.map((a) => ({ organisationId: orgId, urn: school.urn, meetingId: meeting.id, text: a.text, owner: a.owner, dueDate: a.dueDate, carriedOverFrom: a.id })),
    ...input.newActions.filter((a) => a.text.trim()).map((a) => ({ organisationId: orgId, urn: school.urn, meetingId: meeting.id, text: a.text.trim(), owner: a.owner.trim(), dueDate: a.due.trim() })),
  ]);
  await audit(db, actor, 'core-group.meeting-recorded', { type: 'core_group_meeting', id: meeting.id }, {
    after: { urn: school.urn, date: meeting.meetingDate, judgement: meeting.judgement, reviewAreas, actions: created.map((a) => ({ id: a.id, text: a.text, owner: a.owner, due: a.dueDate, carriedOverFrom: a.carriedOverFrom })), done: done.map((a) => a.id) },
  });
  const escalation = await syncEscalations(db, orgId, school, ctx, actor, today);
  return { ok: true as const, meeting, escalation };
}

export async function coreGroupPage(db: Db, orgId: number, urn: number) {
  const group = await getCoreGroup(db, orgId, urn);
  const meetings = await listMeetings(db, orgId, urn);
  return { group, meetings, openActions: await openMeetingActions(db, orgId, urn) };
}
