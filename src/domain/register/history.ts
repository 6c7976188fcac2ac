// What changed when a newer file arrived: field changes, openings, closures and the links between a
// closed school and the one that replaced it (academy conversion, transfer to a new trust).
import { trackedFields, type SchoolRecord, type TrackedField } from './record.js';

export type RegisterEventType =
  | 'registered'
  | 'opened'
  | 'closed'
  | 'academy_conversion'
  | 'academy_transfer'
  | 'changed';

export interface RegisterEvent {
  urn: number;
  eventType: RegisterEventType;
  eventDate: string | null;
  predecessorUrn?: number | null;
  successorUrn?: number | null;
  details: Record<string, unknown>;
}

export type FieldChanges = Partial<Record<TrackedField, { from: unknown; to: unknown }>>;

export function fieldChanges(before: SchoolRecord, after: SchoolRecord): FieldChanges {
  const changes: FieldChanges = {};
  for (const f of trackedFields) {
    if ((before[f] ?? null) !== (after[f] ?? null)) changes[f] = { from: before[f] ?? null, to: after[f] ?? null };
  }
  return changes;
}

const isClosed = (r: SchoolRecord) => r.status === 'closed';

/** Events for one school given what was held before (undefined when first seen) and the new facts. */
export function schoolEvents(before: SchoolRecord | undefined, after: SchoolRecord, asAt: string): RegisterEvent[] {
  const events: RegisterEvent[] = [];
  if (!before) {
    events.push({ urn: after.urn, eventType: 'registered', eventDate: asAt, details: { name: after.name } });
    if (after.openDate) {
      events.push({ urn: after.urn, eventType: 'opened', eventDate: after.openDate, details: { reason: after.reasonOpened } });
    }
    if (isClosed(after)) {
      events.push({ urn: after.urn, eventType: 'closed', eventDate: after.closeDate, details: { reason: after.reasonClosed } });
    }
    return events;
  }
  const changes = fieldChanges(before, after);
  if (Object.keys(changes).length === 0) return events;
  if (!isClosed(before) && isClosed(after)) {
    events.push({ urn: after.urn, eventType: 'closed', eventDate: after.closeDate, details: { reason: after.reasonClosed } });
  }
  events.push({ urn: after.urn, eventType: 'changed', eventDate: asAt, details: { changes } });
  return events;
}

/** A successor opens within this many days of its predecessor closing (the DfE uses the next day). */
const LINK_WINDOW_DAYS = 7;

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

function conversionType(pred: SchoolRecord, succ: SchoolRecord): RegisterEventType {
  const predAcademy = pred.typeGroup === 'Academy' || pred.typeGroup === 'Free school';
  const succAcademy = succ.typeGroup === 'Academy' || succ.typeGroup === 'Free school';
  if (!predAcademy && succAcademy) return 'academy_conversion';
  if (predAcademy && succAcademy) return 'academy_transfer';
  return 'opened';
}

/**
 * Links each newly seen school to the school it replaced. GIAS names the predecessor by LA code and
 * establishment number; the performance-tables file does not, so there a school that closed at the
 * same postcode just before the new one opened is taken as its predecessor.
 */
export function successionEvents(newcomers: SchoolRecord[], known: SchoolRecord[]): RegisterEvent[] {
  const events: RegisterEvent[] = [];
  const byLaestab = new Map(known.filter((r) => r.laestab).map((r) => [r.laestab as string, r]));
  // Indexed so a national file's tens of thousands of newcomers are matched in linear time.
  const closedByPostcode = new Map<string, SchoolRecord[]>();
  for (const r of known) {
    if (!isClosed(r) || !r.closeDate || !r.postcode) continue;
    closedByPostcode.set(r.postcode, [...(closedByPostcode.get(r.postcode) ?? []), r]);
  }
  for (const succ of newcomers) {
    let pred: SchoolRecord | undefined;
    let evidence = '';
    if (succ.previousLaestab) {
      pred = byLaestab.get(succ.previousLaestab);
      evidence = `GIAS previous establishment ${succ.previousLaestab}`;
    }
    if (!pred && succ.openDate && succ.postcode) {
      const openDate = succ.openDate;
      pred = (closedByPostcode.get(succ.postcode) ?? []).find((r) => {
        const gap = daysBetween(r.closeDate as string, openDate);
        return r.urn !== succ.urn && gap >= 0 && gap <= LINK_WINDOW_DAYS;
      });
      evidence = 'same postcode; predecessor closed the day before or within a week';
    }
    if (!pred || pred.urn === succ.urn) continue;
    const eventType = conversionType(pred, succ);
    const details = { evidence, predecessorName: pred.name, successorName: succ.name, successorType: succ.typeName };
    events.push({ urn: succ.urn, eventType, eventDate: succ.openDate, predecessorUrn: pred.urn, details });
    events.push({ urn: pred.urn, eventType, eventDate: pred.closeDate ?? succ.openDate, successorUrn: succ.urn, details });
  }
  return events;
}
