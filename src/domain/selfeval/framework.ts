// The self-evaluation framework as data (issue 19): headings an LA rates itself against, each naming
// the figures Lodestar can compute for it. Shipped files live in config/self-evaluation/; an LA's edit
// is stored as a new version, so a rating always points at the words it answered.
import { z } from 'zod';

export const FIGURE_IDS = ['knows-schools', 'proactive', 'notes-48h', 'use-of-powers', 'school-to-school'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written yyyy-mm-dd');
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');

export const frameworkSchema = z.object({
  id,
  version: z.number().int().positive(),
  title: z.string().min(1),
  source: z.object({ title: z.string().min(1), covers: z.string().optional(), date: isoDate, note: z.string().optional() }),
  settings: z.object({
    contactWindow: z.string(),
    notesWithinHours: z.number().positive(),
    notesLookbackDays: z.number().int().positive(),
    concernCategoryMinOrder: z.number().int().min(0),
  }),
  headings: z
    .array(z.object({ id, title: z.string().min(1), question: z.string().min(1), figures: z.array(z.enum(FIGURE_IDS)) }))
    .min(1)
    .refine((hs) => new Set(hs.map((h) => h.id)).size === hs.length, 'heading ids must be unique'),
  figures: z.record(z.enum(FIGURE_IDS), z.object({ title: z.string().min(1), explanation: z.string().min(1) })),
});

export type Framework = z.infer<typeof frameworkSchema>;
export type Heading = Framework['headings'][number];

export type FrameworkOutcome = { ok: true; framework: Framework } | { ok: false; errors: { path: string; message: string }[] };

export function parseFramework(input: unknown): FrameworkOutcome {
  const parsed = frameworkSchema.safeParse(input);
  if (parsed.success) return { ok: true, framework: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => ({ path: i.path.length ? `$.${i.path.join('.')}` : '$', message: i.message })) };
}

export const RATINGS = ['red', 'amber', 'green'] as const;
export type Rating = (typeof RATINGS)[number];
export const ratingLabels: Record<Rating, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
