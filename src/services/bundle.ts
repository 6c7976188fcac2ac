// The bundled real data for an LA: which files to load, in which order, on first start.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bundleSchema = z.object({
  laCode: z.string(),
  name: z.string(),
  licence: z.string(),
  files: z.array(
    z.object({
      kind: z.string(),
      path: z.string(),
      asAt: z.string().optional(),
      academicYear: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
});
export type Bundle = z.infer<typeof bundleSchema>;

export function bundlePath(datasetsDir: string, laCode: string): string {
  return path.join(datasetsDir, 'bundles', `${laCode}.json`);
}

export function readBundle(datasetsDir: string, laCode: string): Bundle | null {
  const file = bundlePath(datasetsDir, laCode);
  if (!fs.existsSync(file)) return null;
  const bundle = bundleSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return { ...bundle, files: bundle.files.map((f) => ({ ...f, path: path.resolve(datasetsDir, f.path) })) };
}
