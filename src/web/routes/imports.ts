import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/policy.js';
import { listImporters, findImporter } from '../../importers/registry.js';
import { listImports } from '../../repositories/imports.js';
import { activeImportJob, enqueueImportJob, newUploadPath, removeUpload, sweepUploads, type ImportRefusal } from '../../services/importJobs.js';
import { actorFrom } from '../forms.js';
import { csrfValid } from '../security.js';
import type { AppDeps } from '../types.js';

/**
 * A refusal as the job's page shows it: problems with what was typed in the form name the field (it is on
 * the upload page, not this one); problems in the file link to the table of lines.
 */
export function refusalErrors(r: ImportRefusal): { text: string; href: string }[] {
  const fieldProblems = r.problems.filter((p) => p.field === 'academicYear');
  const fieldErrors = fieldProblems.map((p) => ({ text: `Academic year: ${p.reason}. Upload the file again with the right year.`, href: '/imports' }));
  const inFile = r.total - fieldProblems.length;
  if (inFile === 0) return fieldErrors;
  return [
    ...fieldErrors,
    { text: `${r.file} was not imported: ${inFile.toLocaleString('en-GB')} problem${inFile === 1 ? '' : 's'} found. Nothing was changed.`, href: '#problems' },
  ];
}

export function importRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const uploadDir = deps.config.uploadDir;

  async function page(req: FastifyRequest, reply: FastifyReply, ctx: Record<string, unknown> = {}, status = 200) {
    return reply.render(
      'imports/index.njk',
      {
        title: 'Data imports',
        imports: await listImports(db, orgId),
        kinds: listImporters().map((i) => ({ value: i.kind, text: i.title })),
        mayUpload: can(req.principal!, 'imports:run'),
        activeJob: can(req.principal!, 'imports:run') ? await activeImportJob(db, orgId) : undefined,
        ...ctx,
      },
      status,
    );
  }

  app.get('/imports', { config: { permission: 'imports:read' } }, async (req, reply) => page(req, reply));

  // The upload is saved and queued; the officer follows the import on the job's page.
  app.post('/imports', { config: { permission: 'imports:run', csrfInBody: 'multipart' } }, async (req, reply) => {
    const fields: Record<string, string> = {};
    let saved: { file: string; name: string } | null = null;
    let queued = false;
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        // The CSRF field comes before the file in the form, so a forged upload is refused unread.
        if (!csrfValid(req, fields._csrf)) return reply.code(403).render('errors/refused.njk', { status: 403, why: 'csrf' }, 403);
        if (saved) removeUpload(saved.file);
        saved = { file: newUploadPath(uploadDir), name: path.basename(part.filename || 'upload.csv') };
        await pipeline(part.file, fs.createWriteStream(saved.file, { mode: 0o600 }));
        if (part.file.truncated) return page(req, reply, { errors: [{ text: 'The file is larger than the upload limit', href: '#file' }] }, 400);
      }
      if (!csrfValid(req, fields._csrf)) return reply.code(403).render('errors/refused.njk', { status: 403, why: 'csrf' }, 403);
      const importer = findImporter(fields.kind ?? '');
      const errors: { text: string; href: string }[] = [];
      if (!importer) errors.push({ text: 'Select what kind of file this is', href: '#kind' });
      if (!saved || fs.statSync(saved.file).size === 0) errors.push({ text: 'Select a CSV file to upload', href: '#file' });
      if (errors.length || !importer || !saved) return page(req, reply, { errors, values: fields }, 400);
      const { job, created } = await enqueueImportJob(
        db,
        orgId,
        { kind: importer.kind, file: saved.file, fileName: saved.name, academicYear: fields.academicYear || undefined, actor: actorFrom(req) },
        req.user!.email,
      );
      if (!created) {
        const errorsBusy = [{ text: `Another import (${(job.payload as { fileName?: string }).fileName ?? 'a file'}) is still running: wait for it to finish, then upload this file again`, href: `/jobs/${job.id}` }];
        return page(req, reply, { errors: errorsBusy, values: fields }, 409);
      }
      queued = true;
      deps.jobs?.poke();
      // Files whose jobs a dead runner left to fail are cleared now and then, here.
      await sweepUploads(db, uploadDir).catch((e: unknown) => req.log.warn({ err: e }, 'could not sweep old uploads'));
      return reply.redirect(`/jobs/${job.id}`, 303);
    } finally {
      if (saved && !queued) removeUpload(saved.file);
    }
  });
}
