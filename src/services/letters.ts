// Categorisation letters for a confirmed round: each school's letter data from its moderated entry,
// the named link officer and district lead from user scopes (a clear placeholder when none is
// assigned), rendered to DOCX and PDF in worker threads and stored as issued, one school per
// transaction. Web generation is a durable job (src/jobs): one active job per round, resumable.
import type { Db } from '../db/client.js';
import type { CategorisationResult } from '../domain/categorisation/index.js';
import { letterDataFromResult, loadLetterTemplate, type LetterData, type LetterFormat, type LetterRecord } from '../letters/index.js';
import { letterIssueState, lettersOfJob, listSteps, officersByScope, recordIssuedLetter, schoolAddresses } from '../repositories/categorisation.js';
import { activeJob, enqueueJob, latestJob, type JobRow } from '../repositories/jobs.js';
import { renderInWorker } from '../letters/pool.js';
import { getOrganisation } from '../repositories/organisations.js';
import { audit, type Actor } from './audit.js';
import { isAcademyType } from './evidence.js';
import { defaultLetterSettings, readLetterSettings, withheldWordingFor } from './laConfig.js';
import { listEntries, loadRound, toEntry } from './rounds.js';

export const LINK_OFFICER_PLACEHOLDER = 'your link officer (to be confirmed)';
export const DISTRICT_LEAD_PLACEHOLDER = 'your district lead (to be confirmed)';
/** Schools have four weeks from the letter to challenge their category. */
const CHALLENGE_DAYS = 28;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface PreparedLetter {
  urn: number;
  category: string;
  data: LetterData;
}

/** Letter data for every confirmed school in the round (optionally only some schools). */
export async function prepareLetters(db: Db, organisationId: number, roundId: number, opts: { laName: string; date?: string; urns?: number[] }): Promise<PreparedLetter[]> {
  const loaded = await loadRound(db, organisationId, roundId);
  if (!loaded) throw new Error(`There is no round ${roundId}`);
  if (loaded.row.status !== 'confirmed') throw new Error(`Round ${loaded.row.label} is not confirmed: letters go out only for a confirmed round`);
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  const entries = (await listEntries(db, organisationId, roundId)).filter((e) => e.stage === 'confirmed' && e.currentCategory && (!opts.urns || opts.urns.includes(e.urn)));
  const addresses = new Map((await schoolAddresses(db, organisationId, entries.map((e) => e.urn))).map((a) => [a.urn, a]));
  const officers = await officersByScope(db, organisationId);
  const org = await getOrganisation(db, organisationId);
  // What the school reads where confidential intelligence counted: the LA's own setting.
  const withheldWording = withheldWordingFor(org ?? { kind: 'trust', code: '' });
  // The LA's own name and service as its letters sign them (config/la/<code>.json), never the framework's.
  const la = org?.kind === 'local_authority' ? readLetterSettings(org.code, opts.laName) : defaultLetterSettings(opts.laName);
  const out: PreparedLetter[] = [];
  for (const e of entries) {
    const a = addresses.get(e.urn);
    // The first active link officer named on the school; the district's lead for its district.
    const lo = officers.find((o) => o.role === 'link_officer' && o.schoolUrn === e.urn);
    const dl = e.districtId === null ? undefined : officers.find((o) => o.role === 'district_lead' && o.districtId === e.districtId);
    const moved = e.currentCategory !== e.proposedCategory;
    const entry = moved ? toEntry(e, loaded.codes, await listSteps(db, organisationId, e.id)) : null;
    // A letter to an academy is copied to its trust.
    // Special academies count too; where the register files name no trust the copy still goes, to "its trust".
    const copy = a && isAcademyType(a) ? (a.trustName ? `the Chief Executive Officer, ${a.trustName}` : 'the Chief Executive Officer of its academy trust') : null;
    const data = letterDataFromResult({
      laName: la.councilName,
      serviceName: la.serviceName,
      recipients: copy ? `The Headteacher and Chair of Governors, copied to ${copy}` : undefined,
      date,
      school: { name: e.name, urn: e.urn, addressLines: a ? [a.street, a.locality, a.address3, a.town, a.postcode].filter((x): x is string => !!x && x.trim() !== '') : [] },
      roundLabel: loaded.row.label,
      policy: loaded.policy,
      result: e.result as CategorisationResult,
      category: e.currentCategory ?? undefined,
      moderationReason: entry?.reason ?? null,
      linkOfficer: lo ? { name: lo.name, email: lo.email } : { name: LINK_OFFICER_PLACEHOLDER, email: 'to be confirmed' },
      districtLead: dl ? { name: dl.name, role: 'District lead' } : { name: DISTRICT_LEAD_PLACEHOLDER, role: 'District lead' },
      challenge: { by: addDays(date, CHALLENGE_DAYS) },
      withheldWording,
    });
    out.push({ urn: e.urn, category: e.currentCategory!, data });
  }
  return out;
}

export interface GenerateOptions {
  laName: string;
  issuedBy: Actor;
  urns?: number[];
  /**
   * 'new': only schools with no issued letter (a second run records nothing twice);
   * 'reissue': every school, earlier letters kept and marked superseded with the reason.
   */
  mode?: 'new' | 'reissue';
  reason?: string | null;
  /** The job recording these letters: a resumed job skips the schools it has already done. */
  jobId?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => Promise<void> | void;
  onFailure?: (f: { urn: number; schoolName: string; error: string }) => Promise<void> | void;
  /** Called with each file as it is made, for the CLI to write to disk. */
  onFile?: (file: { urn: number; format: LetterFormat; fileName: string; buffer: Buffer }) => Promise<void> | void;
}

export interface GenerateResult {
  issued: number;
  /** Schools skipped because they already had their letter (resumed job, or a second run). */
  skipped: number;
  failures: { urn: number; schoolName: string; error: string }[];
  stopped?: boolean;
}

/** What "Generate letters" would do now: first letters, the rest of an interrupted run, or a reissue. */
export async function letterPlan(db: Db, organisationId: number, roundId: number, urns: number[]): Promise<{ mode: 'new' | 'reissue'; missing: number; issued: number }> {
  const state = await letterIssueState(db, organisationId, roundId);
  const missing = urns.filter((u) => !state.issuedUrns.has(u)).length;
  return { mode: missing === 0 && urns.length > 0 ? 'reissue' : 'new', missing, issued: urns.length - missing };
}

/**
 * Renders (in worker threads, a few schools at a time) and records every letter of the round. Each
 * school's letter is written in its own transaction, so an interruption leaves whole letters only.
 */
export async function generateRoundLetters(db: Db, organisationId: number, roundId: number, opts: GenerateOptions): Promise<GenerateResult> {
  const mode = opts.mode ?? 'new';
  const prepared = await prepareLetters(db, organisationId, roundId, { laName: opts.laName, urns: opts.urns });
  const state = await letterIssueState(db, organisationId, roundId);
  const done = new Set(opts.jobId ? await lettersOfJob(db, organisationId, roundId, opts.jobId) : []);
  // A school already issued (and not being reissued) counts as done: the checkpoint of a new run.
  const todo = prepared.filter((p) => !done.has(p.urn) && (mode === 'reissue' || !state.issuedUrns.has(p.urn)));
  const template = loadLetterTemplate();
  const result: GenerateResult = { issued: 0, skipped: prepared.length - todo.length, failures: [] };
  let finished = prepared.length - todo.length;
  await opts.onProgress?.(finished, prepared.length);
  const reason = mode === 'reissue' ? `reissued: ${opts.reason ?? 'no reason given'}` : null;
  // Keep the render threads busy while the main thread records the previous school.
  const ahead = 4;
  const pending: { p: PreparedLetter; files: Promise<{ record: LetterRecord; buffer: Buffer }[]> }[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < ahead && next < todo.length && !opts.signal?.aborted) {
      const p = todo[next++];
      const files = renderInWorker(p.data, template);
      files.catch(() => undefined);
      pending.push({ p, files });
    }
  };
  fill();
  while (pending.length) {
    const { p, files: filesP } = pending.shift()!;
    try {
      const files = await filesP;
      const docx = files.find((f) => f.record.format === 'docx')!;
      const pdf = files.find((f) => f.record.format === 'pdf')!;
      for (const f of files) await opts.onFile?.({ urn: p.urn, format: f.record.format, fileName: f.record.fileName, buffer: f.buffer });
      const id = await recordIssuedLetter(
        db,
        {
          organisationId,
          roundId,
          urn: p.urn,
          category: p.category,
          docx: docx.buffer,
          pdf: pdf.buffer,
          issuedBy: opts.issuedBy.label,
          jobId: opts.jobId ?? null,
          details: { docx: docx.record, pdf: pdf.record, linkOfficer: p.data.linkOfficer.name, districtLead: p.data.districtLead.name, ...(reason ? { reissueReason: opts.reason } : {}) },
        },
        { mode, reason },
      );
      if (id === null) result.skipped += 1;
      else result.issued += 1;
    } catch (e) {
      const f = { urn: p.urn, schoolName: p.data.school.name, error: e instanceof Error ? e.message : String(e) };
      result.failures.push(f);
      await opts.onFailure?.(f);
    }
    finished += 1;
    await opts.onProgress?.(finished, prepared.length);
    if (opts.signal?.aborted) {
      // Stopping: the school just recorded is whole; letters still rendering are dropped and made
      // again when the job resumes, so a shutdown waits for one school, not for the whole pipeline.
      result.stopped = finished < prepared.length || undefined;
      break;
    }
    fill();
  }
  if (!result.stopped) {
    await audit(db, opts.issuedBy, mode === 'reissue' ? 'categorisation.letters_reissued' : 'categorisation.letters_issued', { type: 'categorisation_round', id: roundId }, {
      after: { issued: result.issued, skipped: result.skipped, failures: result.failures.length, ...(mode === 'reissue' ? { reason: opts.reason } : {}), ...(opts.jobId ? { job: opts.jobId } : {}) },
    });
  }
  return result;
}

// ---- letter jobs for the web ----------------------------------------------------------------

export const LETTER_JOB = 'letters.generate';
export const letterJobKey = (roundId: number) => `letters:round:${roundId}`;

export interface LetterJobPayload {
  roundId: number;
  laName: string;
  mode: 'new' | 'reissue';
  reason: string | null;
  issuedBy: Actor;
  urns?: number[];
}

/** The round's active letter job, or else its most recent one. */
export async function letterJob(db: Db, organisationId: number, roundId: number): Promise<JobRow | undefined> {
  return (await activeJob(db, organisationId, letterJobKey(roundId))) ?? (await latestJob(db, organisationId, letterJobKey(roundId)));
}

/** Queues letter generation for the round unless a job for it is already queued or running. */
export async function enqueueLetterJob(db: Db, organisationId: number, payload: LetterJobPayload): Promise<{ job: JobRow; created: boolean }> {
  const out = await enqueueJob(db, {
    organisationId,
    kind: LETTER_JOB,
    payload: payload as unknown as Record<string, unknown>,
    createdBy: payload.issuedBy.label,
    dedupeKey: letterJobKey(payload.roundId),
  });
  if (out.created && payload.mode === 'reissue') {
    await audit(db, payload.issuedBy, 'categorisation.letters_reissue_requested', { type: 'categorisation_round', id: payload.roundId }, { after: { reason: payload.reason, job: out.job.id } });
  }
  return out;
}
