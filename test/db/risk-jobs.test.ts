// Rescoring, retraining and the backtest as jobs (issue 11), on the bundled LA's real data and the real
// national files: queued from /risk/model by an analyst (a second press joins the first), followed on
// the job page, audited; training runs in a worker thread while the app keeps answering; a retrained
// model takes over and every school is rescored with it; a stopping runner ends the training thread
// and hands the job back; start-up queues a rescore rather than doing it. Models and reports go to
// temporary copies (LODESTAR_MODELS_DIR, LODESTAR_REPORTS_DIR), never to the repository's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { riskScores } from '../../src/db/schema-categorisation.js';
import { jobs } from '../../src/db/schema-jobs.js';
import { auditLog } from '../../src/db/schema.js';
import { JobRunner } from '../../src/jobs/index.js';
import { jobHandlers } from '../../src/jobs/handlers.js';
import { createLogger } from '../../src/logger.js';
import { getJob } from '../../src/repositories/jobs.js';
import { closeTrainPool } from '../../src/risk/pool.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { currentModel } from '../../src/services/risk.js';
import { enqueueRescoreIfModelChanged, RESCORE_JOB, RETRAIN_JOB } from '../../src/services/riskJobs.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';
import { followJob } from '../support/jobs.js';

let t: TestApp;
let tmp: string;
let analyst: Browserless;
const saved = { models: process.env.LODESTAR_MODELS_DIR, reports: process.env.LODESTAR_REPORTS_DIR };
const logger = createLogger('silent');

/** A runner with the real handlers, as `lodestar serve` starts one. */
async function withRunner<T>(fn: () => Promise<T>): Promise<T> {
  const runner = new JobRunner(t.database.db, logger, jobHandlers, { pollMs: 100 });
  runner.start();
  try {
    return await fn();
  } finally {
    await runner.stop();
  }
}

const shippedVersion = () => (JSON.parse(fs.readFileSync(path.join(projectRoot, 'models', 'latest.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-risk-jobs-'));
  fs.cpSync(path.join(projectRoot, 'models'), path.join(tmp, 'models'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'reports'));
  process.env.LODESTAR_MODELS_DIR = path.join(tmp, 'models');
  process.env.LODESTAR_REPORTS_DIR = path.join(tmp, 'reports');
  t = await startTestApp();
  analyst = await new Browserless(t.url).signInAs('analyst');
}, 300_000);

afterAll(async () => {
  await closeTrainPool();
  await t?.close();
  for (const [k, v] of [['LODESTAR_MODELS_DIR', saved.models], ['LODESTAR_REPORTS_DIR', saved.reports]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('early-warning work as jobs', () => {
  it('start-up queues a rescore when the stored scores come from an older model, without doing it itself', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const model = await currentModel();
    // The first start stored scores with the shipped model: nothing to do.
    expect(await enqueueRescoreIfModelChanged(db, org)).toBeNull();
    await db.update(riskScores).set({ modelVersion: 'risk-2020-01-01-older' }).where(eq(riskScores.organisationId, org));
    const job = await enqueueRescoreIfModelChanged(db, org);
    expect(job).toMatchObject({ kind: RESCORE_JOB, status: 'queued' });
    // Queued, not done: no score with the current model yet.
    expect(await db.select().from(riskScores).where(and(eq(riskScores.organisationId, org), eq(riskScores.modelVersion, model.version)))).toEqual([]);
    await withRunner(async () => {
      for (let i = 0; i < 600 && (await getJob(db, org, job!.id))!.status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 100));
    });
    const done = (await getJob(db, org, job!.id))!;
    expect(done).toMatchObject({ status: 'succeeded', result: { modelVersion: model.version } });
    const fresh = await db.select().from(riskScores).where(and(eq(riskScores.organisationId, org), eq(riskScores.modelVersion, model.version)));
    expect(fresh.length).toBe((done.result as { scored: number }).scored);
    expect(fresh.length).toBeGreaterThan(400);
    expect(new Set(fresh.map((s) => s.trigger))).toEqual(new Set([`new model ${model.version}`]));
  }, 180_000);

  it('rescores from the page: a second press joins the job, the job page says what was done, audited', async () => {
    const db = t.database.db;
    const page = await (await analyst.get('/risk/model')).text();
    for (const b of ['Rescore now', 'Retrain', 'Run backtest']) expect(page).toContain(b);
    expect(await (await analyst.get('/risk')).text()).toContain('href="/risk/model"');
    // A link officer may read the watch list but not run the model.
    expect(await (await (await new Browserless(t.url).signInAs('link_officer')).get('/risk')).text()).not.toContain('href="/risk/model"');

    const [a, b] = await Promise.all([analyst.post('/risk/model/rescore', {}, '/risk/model'), analyst.post('/risk/model/rescore', {}, '/risk/model')]);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
    const before = (await db.select({ id: riskScores.id }).from(riskScores)).length;
    const { id, html } = await withRunner(() => followJob(analyst, a));
    const job = (await getJob(db, t.organisation.id, id))!;
    expect(job).toMatchObject({ kind: RESCORE_JOB, status: 'succeeded' });
    const scored = (job.result as { scored: number }).scored;
    expect(html).toContain(`${scored.toLocaleString('en-GB')} schools scored with model`);
    expect(html).toContain('href="/risk"');
    const rows = await db.select().from(riskScores).where(like(riskScores.trigger, 'rescore requested by %'));
    expect(rows).toHaveLength(scored);
    expect((await db.select({ id: riskScores.id }).from(riskScores)).length).toBe(before + scored);
    expect(rows[0].trigger).toBe(`rescore requested by ${demoEmail('analyst')}`);
    const audits = await db.select().from(auditLog).where(like(auditLog.action, 'risk.%'));
    const requested = audits.filter((x) => x.action === 'risk.rescore_requested');
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ actor: demoEmail('analyst'), entityId: String(id) });
    expect(audits.filter((x) => x.action === 'risk.rescored' && x.actor === demoEmail('analyst'))).toHaveLength(1);
  }, 180_000);

  it('a stopping runner ends the training thread and hands the retrain back to the queue; nothing is written', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const res = await analyst.post('/risk/model/retrain', {}, '/risk/model');
    const id = Number(res.headers.get('location')!.split('/').pop());
    const runner = new JobRunner(db, logger, jobHandlers, { pollMs: 50 });
    runner.start();
    for (let i = 0; i < 200 && (await getJob(db, org, id))!.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await getJob(db, org, id))!.status).toBe('running');
    // Training has started in its thread; stopping does not wait for it to finish.
    await new Promise((r) => setTimeout(r, 1500));
    await runner.stop();
    expect(await getJob(db, org, id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    expect(fs.readdirSync(path.join(tmp, 'models')).sort()).toEqual(fs.readdirSync(path.join(projectRoot, 'models')).sort());
    // Not run again here: the next test's press joins this queued job.
  }, 60_000);

  it('retrains in a worker thread while the app keeps answering; the new model takes over and every school is rescored', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const startedAt = Date.now();
    const res = await analyst.post('/risk/model/retrain', {}, '/risk/model');
    const id = Number(res.headers.get('location')!.split('/').pop());
    const running = await analyst.get(`/jobs/${id}`);
    expect(await running.text()).toContain('Retraining the early-warning model');
    // /health is answered while the training runs (it runs in a worker thread, not on the event loop).
    let answeredWhileTraining = 0;
    await withRunner(async () => {
      for (let i = 0; i < 3000; i++) {
        const status = (await getJob(db, org, id))!.status;
        if (status === 'succeeded' || status === 'failed') break;
        const health = await fetch(`${t.url}/health`);
        if (health.status === 200 && (await getJob(db, org, id))!.status === 'running') answeredWhileTraining += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
      const job = (await getJob(db, org, id))!;
      expect(job.status, job.error ?? '').toBe('succeeded');
      // The rescoring the retrain queued runs next.
      const rescoreId = Number((job.result as { rescoreJob: number }).rescoreJob);
      for (let i = 0; i < 1200 && (await getJob(db, org, rescoreId))!.status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 100));
    });
    expect(answeredWhileTraining).toBeGreaterThan(0);
    const job = (await getJob(db, org, id))!;
    const version = (job.result as { version: string }).version;
    // A version is the training day and the files' hash, so a retrain on the day the shipped model was made
    // gives the same version: what shows the retrain is the model file it wrote just now.
    expect(fs.statSync(path.join(tmp, 'models', `risk-${version}.json`)).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
    expect((await currentModel()).version).toBe(version);
    expect(JSON.parse(fs.readFileSync(path.join(tmp, 'models', 'latest.json'), 'utf8'))).toMatchObject({ version });
    // The repository's own model is untouched.
    expect(fs.existsSync(path.join(projectRoot, 'models', `risk-${version}.json`))).toBe(version === shippedVersion());
    const html = await (await analyst.get(`/jobs/${id}`)).text();
    expect(html).toContain(`Model ${version} saved`);
    expect(html).toMatch(/AUC 0\.\d{3}/);
    const rescoreId = Number((job.result as { rescoreJob: number }).rescoreJob);
    expect(await getJob(db, org, rescoreId)).toMatchObject({ kind: RESCORE_JOB, status: 'succeeded', result: { modelVersion: version } });
    const withNew = await db.select().from(riskScores).where(and(eq(riskScores.organisationId, org), eq(riskScores.modelVersion, version)));
    expect(withNew.length).toBeGreaterThan(400);
    const watch = await (await analyst.get('/risk')).text();
    expect(watch).toContain(version);
    expect(watch).not.toContain('with an older model');
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'risk.model_retrained'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: demoEmail('analyst'), entityId: version });
    expect(await db.select().from(jobs).where(eq(jobs.kind, RETRAIN_JOB))).toHaveLength(1);
  }, 600_000);

  it('runs the backtest as a job and /risk/backtest shows the report it wrote', async () => {
    const db = t.database.db;
    const res = await analyst.post('/risk/model/backtest', {}, '/risk/model');
    const { id, html } = await withRunner(() => followJob(analyst, res, 600_000));
    const job = (await getJob(db, t.organisation.id, id))!;
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(html).toContain('href="/risk/backtest"');
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'reports', 'backtest.json'), 'utf8')) as { generatedAt: string; current: { n: number } };
    expect(report.generatedAt).toBe((job.result as { generatedAt: string }).generatedAt);
    expect(html).toContain(`${report.current.n.toLocaleString('en-GB')} outcomes`);
    const page = await (await analyst.get('/risk/backtest')).text();
    expect(page).toContain(report.current.n.toLocaleString('en-GB'));
    // Whether each optional feature group helps (issue 16), with and without it on the same outcomes.
    expect(page).toContain('Does each optional group help?');
    expect(page).toContain('data-qa="ablation-verdicts"');
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'risk.backtest_run'))).toHaveLength(1);
  }, 600_000);
});
