import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../config.js';
import { DEFAULT_WORDING, withheldWordingSchema, type WithheldWording } from '../domain/access/redaction.js';
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

const laFileSchema = z.object({ confidentialIntelligence: withheldWordingSchema }).passthrough();

/**
 * What a school reads where confidential intelligence was taken into account: the LA's setting in
 * config/la/<code>.json ("confidentialIntelligence"), validated, or the default sentence when the LA has
 * no file or no setting. A bad setting throws, so the app refuses to start rather than guess.
 */
export function readWithheldWording(laCode: string, dir = path.join(projectRoot, 'config', 'la')): WithheldWording {
  const file = path.join(dir, `${laCode}.json`);
  if (!fs.existsSync(file)) return DEFAULT_WORDING;
  const parsed = laFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: confidentialIntelligence is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.confidentialIntelligence;
}

/** The setting for an organisation: an LA's file; a trust has none, so the default sentence. */
export function withheldWordingFor(org: { kind: string; code: string }): WithheldWording {
  return org.kind === 'local_authority' ? readWithheldWording(org.code) : DEFAULT_WORDING;
}
