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

/**
 * How the LA's letters speak for it: the council's name, its officers' titles, the framework it works under
 * and its contact details ("letters" in config/la/<code>.json). Letters never borrow the source framework's
 * names or officers (a Hertfordshire school is not sent to Staffordshire's commissioner).
 */
export const laLetterSettingsSchema = z
  .object({
    councilName: z.string().trim().min(1).max(120),
    serviceName: z.string().trim().min(1).max(120).default('School Improvement Service'),
    /** Whom a governing body meets about a Notice of Concern. */
    seniorOfficerTitle: z.string().trim().min(1).max(120),
    /** The title under the signature of the senior leader who signs a letter off. */
    signatoryTitle: z.string().trim().min(1).max(120),
    /** What the LA calls the framework its letters are issued under. */
    frameworkName: z.string().trim().min(1).max(200),
    contact: z
      .object({
        address: z.array(z.string().trim().min(1).max(120)).max(8).default([]),
        email: z.string().trim().email().optional(),
        telephone: z.string().trim().regex(/^[0-9 +()]{6,20}$/, 'A telephone number of digits and spaces').optional(),
      })
      .strict()
      .default({ address: [] }),
  })
  .strict();

export type LaLetterSettings = z.infer<typeof laLetterSettingsSchema>;

/** What an LA without its own setting gets: its name, and the statutory title every English LA has. */
export function defaultLetterSettings(laName: string): LaLetterSettings {
  return {
    councilName: laName,
    serviceName: 'School Improvement Service',
    seniorOfficerTitle: 'the Director of Children’s Services',
    signatoryTitle: 'for the local authority',
    frameworkName: 'the local authority’s school improvement framework',
    contact: { address: [] },
  };
}

/** The LA's letter settings, validated; a bad setting throws naming the field, so nothing is sent that guesses. */
export function readLetterSettings(laCode: string, laName: string, dir = path.join(projectRoot, 'config', 'la')): LaLetterSettings {
  const file = path.join(dir, `${laCode}.json`);
  if (!fs.existsSync(file)) return defaultLetterSettings(laName);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { letters?: unknown };
  if (raw.letters === undefined) return defaultLetterSettings(laName);
  const parsed = laLetterSettingsSchema.safeParse(raw.letters);
  if (!parsed.success) throw new Error(`${file}: letters is not valid: ${parsed.error.issues.map((i) => `letters.${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
