import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { districtConfigSchema, type DistrictConfig } from '../domain/register/districts.js';

/** The LA's editable district mapping (config/la/<code>.json), or null where none is configured. */
export function readDistrictConfig(laCode: string, dir = path.join(projectRoot, 'config', 'la')): DistrictConfig | null {
  const file = path.join(dir, `${laCode}.json`);
  if (!fs.existsSync(file)) return null;
  const parsed = districtConfigSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not a valid district mapping: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
