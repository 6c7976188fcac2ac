// What each role finds first after signing in (issue 14): decisions waiting for a senior leader,
// a district lead's districts, an analyst's data. Link officers and school roles are sent straight
// to their caseload or their school by the route; this gathers the pages that are lists of work.
import { and, count, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categorisations, challenges, schools } from '../db/tables.js';
import { can, type Principal } from '../domain/access/policy.js';
import { readerOf, visibleFlags } from '../domain/access/redaction.js';
import { escalationsByStatus } from '../repositories/engagementEscalations.js';
import { listDistricts } from '../repositories/districts.js';
import { listImports } from '../repositories/imports.js';
import { letterIssueState, listRounds } from '../repositories/categorisation.js';
import { dataDueThisMonth } from './catalogue.js';
import { overdueReviews } from './escalations.js';
import { listOpenFlags } from './reviewFlags.js';
import { overdueActionsFor } from './selfEvaluation.js';

export interface Decisions {
  /** Escalation steps proposed by the rules, waiting for sign-off (notices, warning notices, orders). */
  signOff: { id: number; urn: number; title: string; dueDate: string | null }[];
  overdueReviews: { id: number; urn: number; title: string; reviewDate: string | null }[];
  /** Open rounds with entries not yet confirmed, by stage. */
  rounds: { id: number; label: string; unconfirmed: number; byStage: Record<string, number> }[];
  /** Confirmed rounds whose letters have not all been issued. */
  letters: { id: number; label: string; missing: number }[];
  challenges: number;
  reviewFlags: number;
}

/** The decisions waiting for a senior leader (or an administrator), across the whole LA. */
export async function decisionsWaiting(db: Db, orgId: number, p: Principal, today: string): Promise<Decisions> {
  const proposed = await escalationsByStatus(db, orgId, 'proposed');
  const signedOff = await escalationsByStatus(db, orgId, 'signed_off');
  const rounds = await listRounds(db, orgId);
  const openRounds = [];
  for (const r of rounds.filter((x) => x.status === 'open')) {
    const stages = await db
      .select({ stage: categorisations.stage, n: count() })
      .from(categorisations)
      .where(and(eq(categorisations.organisationId, orgId), eq(categorisations.roundId, r.id), ne(categorisations.stage, 'confirmed'), ne(categorisations.stage, 'excluded')))
      .groupBy(categorisations.stage);
    const byStage = Object.fromEntries(stages.map((s) => [s.stage, Number(s.n)]));
    openRounds.push({ id: r.id, label: r.label, unconfirmed: stages.reduce((n, s) => n + Number(s.n), 0), byStage });
  }
  const letters = [];
  for (const r of rounds.filter((x) => x.status === 'confirmed')) {
    const state = await letterIssueState(db, orgId, r.id);
    const [{ n }] = await db.select({ n: count() }).from(categorisations).where(and(eq(categorisations.organisationId, orgId), eq(categorisations.roundId, r.id), eq(categorisations.stage, 'confirmed')));
    const missing = Number(n) - state.issuedUrns.size;
    if (missing > 0) letters.push({ id: r.id, label: r.label, missing });
  }
  const [{ open }] = await db.select({ open: count() }).from(challenges).where(and(eq(challenges.organisationId, orgId), eq(challenges.status, 'open')));
  return {
    signOff: proposed.map((e) => ({ id: e.id, urn: e.urn, title: e.title, dueDate: e.dueDate })),
    overdueReviews: overdueReviews(signedOff, today).map((e) => ({ id: e.id, urn: e.urn, title: e.title, reviewDate: e.reviewDate })),
    rounds: openRounds.filter((r) => r.unconfirmed > 0),
    letters,
    challenges: Number(open),
    reviewFlags: visibleFlags(await listOpenFlags(db, orgId), readerOf(p)).length,
  };
}

/** A district lead's districts with how many open state-funded schools each holds. */
export async function districtsOf(db: Db, orgId: number, p: Principal): Promise<{ id: number; name: string; schools: number }[]> {
  const mine = (await listDistricts(db, orgId)).filter((d) => p.districtIds.includes(d.id));
  if (!mine.length) return [];
  const counts = await db
    .select({ districtId: schools.districtId, n: count() })
    .from(schools)
    .where(and(eq(schools.organisationId, orgId), inArray(schools.districtId, mine.map((d) => d.id)), eq(schools.status, 'open'), eq(schools.isStateFunded, true)))
    .groupBy(schools.districtId);
  return mine.map((d) => ({ id: d.id, name: d.name, schools: Number(counts.find((c) => c.districtId === d.id)?.n ?? 0) }));
}

/**
 * Data waiting for an analyst: the releases the calendar expects this month and those overdue (the data
 * catalogue's `dataDueThisMonth`), then the latest import of each kind so they can tell what is held.
 */
export async function latestData(db: Db, orgId: number, today: string) {
  const imports = await listImports(db, orgId);
  const latest = new Map<string, (typeof imports)[number]>();
  for (const i of imports) {
    const held = latest.get(i.kind);
    if (!held || held.finishedAt < i.finishedAt) latest.set(i.kind, i);
  }
  return { dataDue: await dataDueThisMonth(db, orgId, today), latest: [...latest.values()].sort((a, b) => a.kind.localeCompare(b.kind)) };
}

/** The action-plan actions this person owns that are past their due date and not done (issue 19). */
export async function overdueActionsOf(db: Db, orgId: number, p: Principal, today: string) {
  if (!can(p, 'self-evaluation:read')) return [];
  return overdueActionsFor(db, orgId, p.userId, today);
}
