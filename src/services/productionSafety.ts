// Production must never serve the local demo accounts: their e-mails and password are published in
// the README. A data directory created in development keeps them, so start-up checks for them rather
// than trusting that they were never created.
import { and, eq, ilike, or } from 'drizzle-orm';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { Db } from '../db/client.js';
import { users } from '../db/schema.js';
import { deleteUserSessions } from '../repositories/sessions.js';
import { updateUser } from '../repositories/users.js';
import { audit, type Actor } from './audit.js';

export const DEMO_DOMAIN = 'demo.lodestar.invalid';

/** Demo accounts still able to sign in: flagged as demo, or on the demo domain whatever the flag says. */
export async function enabledDemoAccounts(db: Db): Promise<{ id: number; email: string; organisationId: number }[]> {
  return db
    .select({ id: users.id, email: users.email, organisationId: users.organisationId })
    .from(users)
    .where(and(eq(users.disabled, false), or(eq(users.isDemo, true), ilike(users.email, `%@${DEMO_DOMAIN}`))))
    .orderBy(users.id);
}

export class DemoAccountsInProduction extends ConfigError {}

/** Called before serving: in production, refuses to start while any demo account can sign in. */
export async function refuseDemoAccountsInProduction(db: Db, config: Config): Promise<void> {
  if (config.env !== 'production') return;
  const demo = await enabledDemoAccounts(db);
  if (!demo.length) return;
  throw new DemoAccountsInProduction(
    [
      `Refusing to start: NODE_ENV=production and this database holds ${demo.length} local demo account(s) that anyone can sign in to:`,
      ...demo.map((d) => `  ${d.email}`),
      'Disable them (audited) with:',
      '  NODE_ENV=production npx lodestar users disable-demo',
      'then start again.',
    ].join('\n'),
  );
}

/** Disables every demo account and ends its sessions; one audit entry per account. */
export async function disableDemoAccounts(db: Db, actor: Actor): Promise<string[]> {
  const demo = await enabledDemoAccounts(db);
  for (const d of demo) {
    await db.transaction(async (tx) => {
      await updateUser(tx, d.id, { disabled: true });
      await deleteUserSessions(tx, d.id);
      await audit(tx, { ...actor, organisationId: actor.organisationId ?? d.organisationId }, 'user.disable', { type: 'user', id: d.id }, { before: { disabled: false }, after: { disabled: true, reason: 'demo account' } });
    });
  }
  return demo.map((d) => d.email);
}
