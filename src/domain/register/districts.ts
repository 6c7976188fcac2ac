// The LA's default assignment of schools to districts, read from configuration it can edit.
// An officer's manual assignment always wins over this default.
import { z } from 'zod';
import type { SchoolRecord } from './record.js';

export const districtConfigSchema = z.object({
  laCode: z.string().regex(/^\d{3}$/),
  name: z.string(),
  source: z.string(),
  districts: z.array(z.string()).min(1),
  /** Town (as written in the files, any case) → district. */
  byTown: z.record(z.string(), z.string()),
  /** Postcode district (e.g. "WD23") → district, for rows whose town is missing or not listed. */
  byPostcodeDistrict: z.record(z.string(), z.string()).default({}),
});

export type DistrictConfig = z.infer<typeof districtConfigSchema>;

export interface DistrictAssignment {
  district: string | null;
  reason: string;
}

const key = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

export function defaultDistrict(cfg: DistrictConfig, school: SchoolRecord): DistrictAssignment {
  const towns = new Map(Object.entries(cfg.byTown).map(([t, d]) => [key(t), d]));
  for (const candidate of [school.town, school.locality, school.address3]) {
    const d = candidate ? towns.get(key(candidate)) : undefined;
    if (d) return { district: d, reason: `town "${candidate}"` };
  }
  const outward = school.postcode?.split(' ')[0];
  const byPostcode = outward ? cfg.byPostcodeDistrict[outward] : undefined;
  if (byPostcode) return { district: byPostcode, reason: `postcode district ${outward}` };
  if (school.constituency && cfg.districts.includes(school.constituency)) {
    return { district: school.constituency, reason: `parliamentary constituency ${school.constituency}` };
  }
  return { district: null, reason: 'no rule matched; assign by hand' };
}
