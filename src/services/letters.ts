// Categorisation letters for a confirmed round: each school's letter data from its moderated entry,
// the named link officer and district lead from user scopes (a clear placeholder when none is
// assigned), rendered to DOCX and PDF and stored as issued. Web generation runs in the background
// in this process, one job per round, so the page can show progress.
import type { Db } from '../db/client.js';
import type { CategorisationResult } from '../domain/categorisation/index.js';
import { generateLetters, letterDataFromResult, loadLetterTemplate, type LetterData, type LetterFormat } from '../letters/index.js';
import { insertLetter, listSteps, officersByScope, schoolAddresses } from '../repositories/categorisation.js';
import { getOrganisation } from '../repositories/organisations.js';
import { audit, type Actor } from './audit.js';
import { withheldWordingFor } from './laConfig.js';
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
  const out: PreparedLetter[] = [];
  for (const e of entries) {
    const a = addresses.get(e.urn);
    // The first active link officer named on the school; the district's lead for its district.
    const lo = officers.find((o) => o.role === 'link_officer' && o.schoolUrn === e.urn);
    const dl = e.districtId === null ? undefined : officers.find((o) => o.role === 'district_lead' && o.districtId === e.districtId);
    const moved = e.currentCategory !== e.proposedCategory;
    const entry = moved ? toEntry(e, loaded.codes, await listSteps(db, organisationId, e.id)) : null;
    const data = letterDataFromResult({
      laName: opts.laName,
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
  onProgress?: (done: number, total: number) => void;
  /** Called with each file as it is made, for the CLI to write to disk. */
  onFile?: (file: { urn: number; format: LetterFormat; fileName: string; buffer: Buffer }) => Promise<void> | void;
}

export interface GenerateResult {
  issued: number;
  failures: { urn: number; schoolName: string; error: string }[];
}

/** Renders and stores every letter of the round, one school at a time, recording each as issued. */
export async function generateRoundLetters(db: Db, organisationId: number, roundId: number, opts: GenerateOptions): Promise<GenerateResult> {
  const prepared = await prepareLetters(db, organisationId, roundId, { laName: opts.laName, urns: opts.urns });
  const template = loadLetterTemplate();
  const byUrn = new Map(prepared.map((p) => [p.urn, p]));
  const result: GenerateResult = { issued: 0, failures: [] };
  opts.onProgress?.(0, prepared.length);
  for await (const r of generateLetters(prepared.map((p) => p.data), template, { onProgress: (p) => opts.onProgress?.(p.done, p.total) })) {
    if (!r.ok) {
      result.failures.push({ urn: r.urn, schoolName: r.schoolName, error: r.error });
      continue;
    }
    const docx = r.files.find((f) => f.record.format === 'docx')!;
    const pdf = r.files.find((f) => f.record.format === 'pdf')!;
    for (const f of r.files) await opts.onFile?.({ urn: r.urn, format: f.record.format, fileName: f.record.fileName, buffer: f.buffer });
    await insertLetter(db, {
      organisationId,
      roundId,
      urn: r.urn,
      category: byUrn.get(r.urn)?.category ?? null,
      docx: docx.buffer,
      pdf: pdf.buffer,
      issuedBy: opts.issuedBy.label,
      details: { docx: docx.record, pdf: pdf.record, linkOfficer: byUrn.get(r.urn)?.data.linkOfficer.name, districtLead: byUrn.get(r.urn)?.data.districtLead.name },
    });
    result.issued += 1;
  }
  await audit(db, opts.issuedBy, 'categorisation.letters_issued', { type: 'categorisation_round', id: roundId }, { after: { issued: result.issued, failures: result.failures.length } });
  return result;
}

// ---- background jobs for the web ----------------------------------------------------------

export interface LetterJob {
  roundId: number;
  status: 'running' | 'finished' | 'failed';
  done: number;
  total: number;
  startedAt: Date;
  finishedAt?: Date;
  startedBy: string;
  result?: GenerateResult;
  error?: string;
}

// In memory on purpose: a job lives only as long as the process that renders it; the letters
// themselves are in the database, so a restart loses only the progress bar.
const jobs = new Map<string, LetterJob>();
const jobKey = (organisationId: number, roundId: number) => `${organisationId}:${roundId}`;

export function letterJob(organisationId: number, roundId: number): LetterJob | undefined {
  return jobs.get(jobKey(organisationId, roundId));
}

/** Starts generating unless a job for the round is already running; returns the job either way. */
export function startLetterJob(db: Db, organisationId: number, roundId: number, opts: Omit<GenerateOptions, 'onProgress' | 'onFile'>, onError: (e: unknown) => void): LetterJob {
  const existing = letterJob(organisationId, roundId);
  if (existing?.status === 'running') return existing;
  const job: LetterJob = { roundId, status: 'running', done: 0, total: 0, startedAt: new Date(), startedBy: opts.issuedBy.label };
  jobs.set(jobKey(organisationId, roundId), job);
  void generateRoundLetters(db, organisationId, roundId, {
    ...opts,
    onProgress: (done, total) => {
      job.done = done;
      job.total = total;
    },
  }).then(
    (result) => {
      job.status = 'finished';
      job.result = result;
      job.finishedAt = new Date();
    },
    (e: unknown) => {
      job.status = 'failed';
      job.error = e instanceof Error ? e.message : String(e);
      job.finishedAt = new Date();
      onError(e);
    },
  );
  return job;
}
