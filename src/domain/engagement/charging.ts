// Staffordshire's 2008 formula for consultant support: the first days are free and the school's
// share rises in steps. Kept as configuration (config/charging) because rates and bands change.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const chargingFormulaSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.object({ document: z.string(), section: z.string(), date: z.string() }).strict(),
    currency: z.literal('GBP'),
    dayRate: z.number().nonnegative(),
    bands: z
      .array(z.object({ upToDays: z.number().positive().nullable(), paidDays: z.number().nonnegative() }).strict())
      .min(1)
      .refine((bands) => bands.at(-1)!.upToDays === null && bands.slice(0, -1).every((b, i) => b.upToDays !== null && (i === 0 || b.upToDays > bands[i - 1].upToDays!)), {
        message: 'bands must rise and end with an open band (upToDays: null)',
      }),
  })
  .strict();

export type ChargingFormula = z.infer<typeof chargingFormulaSchema>;

export interface ConsultantCharge {
  days: number;
  freeDays: number;
  paidDays: number;
  cost: number;
  currency: 'GBP';
}

let cached: ChargingFormula | null = null;

/** Loads config/charging/<id>.json (cached for the default). */
export function loadChargingFormula(id = 'staffordshire-2008'): ChargingFormula {
  if (id === 'staffordshire-2008' && cached) return cached;
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`"${id}" is not a charging formula id`);
  const path = fileURLToPath(new URL(`../../../config/charging/${id}.json`, import.meta.url));
  const formula = chargingFormulaSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (id === 'staffordshire-2008') cached = formula;
  return formula;
}

/** "11 to 20 days" means more than 10 and at most 20, so part days fall in the higher band. */
export function consultantCharge(days: number, formula: ChargingFormula = loadChargingFormula()): ConsultantCharge {
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`Support days must be zero or more, not ${days}`);
  const band = formula.bands.find((b) => b.upToDays === null || days <= b.upToDays)!;
  const paidDays = Math.min(band.paidDays, days);
  return { days, freeDays: days - paidDays, paidDays, cost: paidDays * formula.dayRate, currency: formula.currency };
}
