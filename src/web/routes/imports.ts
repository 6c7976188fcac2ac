import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/policy.js';
import { listImporters, findImporter } from '../../importers/registry.js';
import { ImportRefused, type ImportProblem } from '../../importers/problems.js';
import { listImports } from '../../repositories/imports.js';
import { runImport } from '../../services/importRuns.js';
import { actorFrom } from '../forms.js';
import { csrfValid } from '../security.js';
import type { AppDeps } from '../types.js';

/** A refusal as the page shows it: the problems kept (at most PROBLEMS_KEPT) and how many more there were. */
function refusal(file: string, err: ImportRefused): { file: string; problems: ImportProblem[]; more: number; total: number } {
  return { file, problems: err.problems, more: err.more, total: err.total };
}

/** Problems with what was typed in a field link to that field; problems in the file link to the table. */
function refusalErrors(file: string, err: ImportRefused): { text: string; href: string }[] {
  const fieldErrors = err.problems.filter((p) => p.field === 'academicYear').map((p) => ({ text: `Academic year: ${p.reason}`, href: '#academicYear' }));
  const inFile = err.total - fieldErrors.length;
  if (inFile === 0) return fieldErrors;
  return [
    ...fieldErrors,
    { text: `${file} was not imported: ${inFile.toLocaleString('en-GB')} problem${inFile === 1 ? '' : 's'} found. Nothing was changed.`, href: '#problems' },
  ];
}

export function importRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  async function page(req: FastifyRequest, reply: FastifyReply, ctx: Record<string, unknown> = {}, status = 200) {
    return reply.render(
      'imports/index.njk',
      {
        title: 'Data imports',
        imports: await listImports(db, orgId),
        kinds: listImporters().map((i) => ({ value: i.kind, text: i.title })),
        mayUpload: can(req.principal!, 'imports:run'),
        ...ctx,
      },
      status,
    );
  }

  app.get('/imports', { config: { permission: 'imports:read' } }, async (req, reply) => page(req, reply));

  app.post('/imports', { config: { permission: 'imports:run', csrfInBody: 'multipart' } }, async (req, reply) => {
    const fields: Record<string, string> = {};
    let saved: { file: string; name: string } | null = null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-upload-'));
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        // The CSRF field comes before the file in the form, so a forged upload is refused unread.
        if (!csrfValid(req, fields._csrf)) return reply.code(403).render('errors/refused.njk', { status: 403, why: 'csrf' }, 403);
        const file = path.join(dir, 'upload.csv');
        await pipeline(part.file, fs.createWriteStream(file));
        if (part.file.truncated) return page(req, reply, { errors: [{ text: 'The file is larger than the upload limit', href: '#file' }] }, 400);
        saved = { file, name: path.basename(part.filename || 'upload.csv') };
      }
      if (!csrfValid(req, fields._csrf)) return reply.code(403).render('errors/refused.njk', { status: 403, why: 'csrf' }, 403);
      const importer = findImporter(fields.kind ?? '');
      const errors: { text: string; href: string }[] = [];
      if (!importer) errors.push({ text: 'Select what kind of file this is', href: '#kind' });
      if (!saved || fs.statSync(saved.file).size === 0) errors.push({ text: 'Select a CSV file to upload', href: '#file' });
      if (errors.length || !importer || !saved) return page(req, reply, { errors, values: fields }, 400);
      try {
        const request = {
          file: saved.file,
          fileName: saved.name,
          organisation: deps.organisation,
          importedBy: req.user!.email,
          academicYear: fields.academicYear || undefined,
        };
        const outcome = await runImport(db, importer, request, actorFrom(req), saved.name);
        return page(req, reply, { success: { file: saved.name, summary: outcome.summary } });
      } catch (err) {
        if (!(err instanceof ImportRefused)) throw err;
        const yearError = err.problems.find((p) => p.field === 'academicYear')?.reason;
        return page(req, reply, { refused: refusal(saved.name, err), errors: refusalErrors(saved.name, err), yearError, values: fields }, 400);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
