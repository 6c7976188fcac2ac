// The one place that decides who may do what to which school. Routes ask `can` for the action and
// repositories take `schoolScope` so every query is limited the same way.
import { rolePermissions, type Permission, type Role } from './roles.js';

export interface Principal {
  userId: number;
  organisationId: number;
  role: Role;
  /** Schools named on the account (own school; a link officer's caseload). */
  schoolUrns: number[];
  /** Districts named on the account (a district lead's; a link officer's for reading). */
  districtIds: number[];
}

export function can(p: Principal, permission: Permission): boolean {
  return rolePermissions[p.role].includes(permission);
}

/** Which schools of the organisation a principal may see. */
export type SchoolScope =
  | { kind: 'all' }
  | { kind: 'limited'; urns: number[]; districtIds: number[] }
  | { kind: 'none' };

export function schoolScope(p: Principal): SchoolScope {
  switch (p.role) {
    case 'admin':
    case 'senior_leader':
    case 'analyst':
    case 'contract_manager':
      return { kind: 'all' };
    case 'district_lead':
    case 'link_officer':
      return { kind: 'limited', urns: p.schoolUrns, districtIds: p.districtIds };
    case 'head_teacher':
    case 'chair_of_governors':
    case 'sponsor':
      return { kind: 'limited', urns: p.schoolUrns, districtIds: [] };
    case 'provider':
    case 'elected_member':
      return { kind: 'none' };
  }
}

export function canSeeSchool(p: Principal, school: { urn: number; districtId: number | null }): boolean {
  const s = schoolScope(p);
  if (s.kind === 'all') return true;
  if (s.kind === 'none') return false;
  return s.urns.includes(school.urn) || (school.districtId !== null && s.districtIds.includes(school.districtId));
}

/** Changing a school's facts (district, notes) needs more than reading it: a link officer only for their own schools. */
export function canActOnSchool(p: Principal, school: { urn: number; districtId: number | null }): boolean {
  switch (p.role) {
    case 'admin':
    case 'senior_leader':
      return true;
    case 'district_lead':
      return school.districtId !== null && p.districtIds.includes(school.districtId);
    case 'link_officer':
      return p.schoolUrns.includes(school.urn);
    default:
      return false;
  }
}
