import { describe, expect, it } from 'vitest';
import { can, canActOnSchool, canSeeSchool, schoolScope, type Principal } from './policy.js';
import { roles } from './roles.js';

const p = (role: Principal['role'], schoolUrns: number[] = [], districtIds: number[] = []): Principal => ({ userId: 1, organisationId: 1, role, schoolUrns, districtIds });

describe('access policy', () => {
  it('keeps the LA intelligence from analysts, school roles, providers and elected members', () => {
    const allowed = roles.filter((r) => can(p(r), 'intelligence:read'));
    expect(allowed).toEqual(['admin', 'senior_leader', 'district_lead', 'link_officer']);
  });

  it('gives elected members aggregate reports and no school-level data', () => {
    expect(can(p('elected_member'), 'reports:aggregate')).toBe(true);
    expect(can(p('elected_member'), 'schools:read')).toBe(false);
    expect(schoolScope(p('elected_member'))).toEqual({ kind: 'none' });
  });

  it('limits a head teacher to their own school', () => {
    const ht = p('head_teacher', [117083]);
    expect(canSeeSchool(ht, { urn: 117083, districtId: 3 })).toBe(true);
    expect(canSeeSchool(ht, { urn: 117111, districtId: 3 })).toBe(false);
    expect(canActOnSchool(ht, { urn: 117083, districtId: 3 })).toBe(false);
  });

  it('lets a link officer read their district but act only on their own schools', () => {
    const lo = p('link_officer', [117083], [3]);
    expect(canSeeSchool(lo, { urn: 117111, districtId: 3 })).toBe(true);
    expect(canActOnSchool(lo, { urn: 117111, districtId: 3 })).toBe(false);
    expect(canActOnSchool(lo, { urn: 117083, districtId: 3 })).toBe(true);
    expect(canSeeSchool(lo, { urn: 200000, districtId: 4 })).toBe(false);
  });

  it('lets a district lead act only in their districts', () => {
    const dl = p('district_lead', [], [3]);
    expect(canActOnSchool(dl, { urn: 1, districtId: 3 })).toBe(true);
    expect(canActOnSchool(dl, { urn: 1, districtId: 4 })).toBe(false);
    expect(canActOnSchool(dl, { urn: 1, districtId: null })).toBe(false);
  });
});
