// Issue 14: a long list in the browser. A senior leader filters a categorisation round of real
// Hertfordshire schools to one district, sorts it, and downloads it as XLSX; the file, opened with
// exceljs, holds exactly the schools the filtered page counts. Axe-clean at 320 px and desktop width.
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, schools, users } from '../../src/db/schema.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let roundId = 0;
const inDistrict: Record<string, number[]> = {};

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  const db = t.database.db;
  for (const name of ['Three Rivers', 'Watford']) {
    inDistrict[name] = (
      await db
        .select({ urn: schools.urn })
        .from(schools)
        .innerJoin(districts, eq(districts.id, schools.districtId))
        .where(and(eq(schools.organisationId, t.organisation.id), eq(districts.name, name), eq(schools.status, 'open'), eq(schools.isStateFunded, true)))
    ).map((r) => r.urn);
  }
  const [u] = await db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  const r = await createRound(db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2026-09-01', urns: [...inDistrict['Three Rivers'], ...inDistrict.Watford] }, webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  roundId = r.round.id;
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pageAt(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, t.url, 'senior_leader');
  return page;
}

describe('the round page as a long list', () => {
  for (const width of [320, 1280]) {
    it(`filters to a district, sorts, and exports what it shows as XLSX (${width} px)`, async () => {
      const page = await pageAt(width);
      await page.goto(`${t.url}/categorisation/rounds/${roundId}`);
      const total = inDistrict['Three Rivers'].length + inDistrict.Watford.length;
      expect(await page.locator('[data-qa="result-count"]').innerText()).toContain(`${total} schools match (page 1 of ${Math.ceil(total / 50)})`);
      expect(await page.locator('[data-qa="round-row"]').count()).toBe(50);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel('District').selectOption('Three Rivers');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/district=Three\+Rivers/);
      expect(await page.locator('[data-qa="result-count"]').innerText()).toContain(`${inDistrict['Three Rivers'].length} schools match`);
      // Sorting is a link in the column header; the filter stays.
      await page.getByRole('link', { name: 'School', exact: true }).click();
      await page.waitForURL(/dir=desc/);
      expect(page.url()).toContain('district=Three+Rivers');
      expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('School');
      expect(await axeViolations(page)).toEqual([]);
      const shownFirst = await page.locator('[data-qa="round-row"] td a').first().innerText();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Excel \(XLSX\)/ }).click()]);
      expect(download.suggestedFilename()).toBe('round-2026-27-autumn.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await download.path())!);
      const ws = wb.worksheets[0];
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['URN', 'School', 'District', 'Phase', 'Proposed category', 'Current category', 'Stage', 'Review', 'Rules that decided it', 'Inspection evidence']);
      const rows: { urn: number; name: string; district: string; proposed: string }[] = [];
      ws.eachRow((row, n) => {
        if (n > 1) rows.push({ urn: Number(row.getCell(1).value), name: String(row.getCell(2).value), district: String(row.getCell(3).value), proposed: String(row.getCell(5).value) });
      });
      expect(rows.map((r) => r.urn).sort()).toEqual([...inDistrict['Three Rivers']].sort());
      expect(rows.every((r) => r.district === 'Three Rivers')).toBe(true);
      expect(rows.every((r) => /^[A-D] \(/.test(r.proposed))).toBe(true);
      // The file is in the page's order.
      expect(rows[0].name).toBe(shownFirst);
      await page.context().close();
    }, 300_000);
  }
});
