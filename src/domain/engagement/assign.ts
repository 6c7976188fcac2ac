// Suggests link officers for schools without one. Existing assignments are kept (a school's
// relationship with its officer matters more than a tidy spread); the rest go, largest first, to
// the officer with the most room, and never beyond an officer's capacity.
import { annualDemandDays, DEFAULT_QA_VISIT_DAYS, type Officer, type PlannedSchool } from './programme-contacts.js';

export interface Assignment {
  urn: number;
  officerId: string | null;
  /** True when the school already had this officer. */
  kept: boolean;
  demandDays: number;
  reason: string;
}

export interface AssignmentResult {
  assignments: Assignment[];
  officers: { id: string; name: string; capacityDays: number; assignedDays: number; remainingDays: number }[];
  /** Schools no officer has room for. */
  unassigned: number[];
}

export function assignOfficers(schools: PlannedSchool[], officers: Officer[], opts: { qaVisitDays?: number } = {}): AssignmentResult {
  const qa = opts.qaVisitDays ?? DEFAULT_QA_VISIT_DAYS;
  const load = new Map(officers.map((o) => [o.id, 0]));
  const assignments = new Map<number, Assignment>();

  for (const s of schools) {
    if (s.officerId && load.has(s.officerId)) {
      const demandDays = annualDemandDays(s, qa);
      load.set(s.officerId, load.get(s.officerId)! + demandDays);
      assignments.set(s.urn, { urn: s.urn, officerId: s.officerId, kept: true, demandDays, reason: 'Existing link officer kept.' });
    }
  }

  const waiting = schools
    .filter((s) => !assignments.has(s.urn))
    .map((s) => ({ s, demandDays: annualDemandDays(s, qa) }))
    .sort((a, b) => b.demandDays - a.demandDays || a.s.urn - b.s.urn);
  for (const { s, demandDays } of waiting) {
    const fits = officers
      .filter((o) => o.capacityDays > 0 && o.capacityDays - load.get(o.id)! >= demandDays)
      .sort((a, b) => load.get(a.id)! / a.capacityDays - load.get(b.id)! / b.capacityDays || b.capacityDays - a.capacityDays || a.id.localeCompare(b.id));
    const chosen = fits[0];
    if (chosen) load.set(chosen.id, load.get(chosen.id)! + demandDays);
    assignments.set(s.urn, {
      urn: s.urn,
      officerId: chosen?.id ?? null,
      kept: false,
      demandDays,
      reason: chosen
        ? `Suggested: ${chosen.name} has the most room (${chosen.capacityDays - load.get(chosen.id)!} of ${chosen.capacityDays} days left after this school's ${demandDays}).`
        : `No officer has ${demandDays} days left this year.`,
    });
  }

  return {
    assignments: schools.map((s) => assignments.get(s.urn)!).sort((a, b) => a.urn - b.urn),
    officers: officers.map((o) => ({ id: o.id, name: o.name, capacityDays: o.capacityDays, assignedDays: load.get(o.id)!, remainingDays: o.capacityDays - load.get(o.id)! })),
    unassigned: [...assignments.values()].filter((a) => a.officerId === null).map((a) => a.urn).sort((a, b) => a - b),
  };
}
