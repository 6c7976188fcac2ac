// Single sign-on against a real OpenID Connect provider started locally, and local sign-in, in Chromium.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { listAudit } from '../../src/repositories/audit.js';
import { createAccount } from '../../src/services/accounts.js';
import { createOidcClient } from '../../src/web/oidc.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage } from '../support/browser.js';
import { freePort, startOidcProvider } from '../support/oidcProvider.js';

let browser: Browser;
let t: TestApp;
let provider: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  const appPort = await freePort();
  const redirectUri = `http://127.0.0.1:${appPort}/auth/oidc/callback`;
  provider = await startOidcProvider(redirectUri);
  const env = { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_REDIRECT_URI: redirectUri, OIDC_LABEL: 'Sign in with your council account' };
  const oidc = await createOidcClient(loadConfig({ ...env, NODE_ENV: 'test' }).oidc!, true);
  t = await startTestApp({ env, oidc, port: appPort });
  await createAccount(
    t.database.db,
    { organisationId: t.organisation.id, email: 'sso.officer@example.org', displayName: 'SSO Officer', role: 'senior_leader', password: null, urns: [], districtIds: [] },
    { userId: null, label: 'test', organisationId: t.organisation.id },
  );
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await provider?.close();
});

async function signInThroughProvider(login: string) {
  const page = await newPage(browser);
  await page.goto(`${t.url}/schools`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Sign in with your council account' }).click();
  await page.waitForURL((u) => u.origin === provider.issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.origin === t.url);
  return page;
}

describe('OpenID Connect single sign-on', () => {
  it('signs in a provisioned account through the identity provider and returns to the page asked for', async () => {
    const page = await signInThroughProvider('sso.officer@example.org');
    expect(new URL(page.url()).pathname).toBe('/schools');
    expect(await page.textContent('body')).toContain('Signed in as SSO Officer (Senior leader)');
    const entries = await listAudit(t.database.db, t.organisation.id, { action: 'auth.sign-in' });
    expect(entries.find((e) => e.actor === 'sso.officer@example.org')?.after).toEqual({ method: 'oidc' });
    await page.context().close();
  });

  it('refuses a person the identity provider knows but Lodestar has no account for', async () => {
    const page = await signInThroughProvider('stranger@example.org');
    expect(new URL(page.url()).pathname).toBe('/auth/oidc/callback');
    expect(await page.textContent('.govuk-error-summary')).toContain('not set up in Lodestar');
    const res = await page.goto(`${t.url}/schools`);
    expect(new URL(res!.url()).pathname).toBe('/sign-in');
    await page.context().close();
  });
});
