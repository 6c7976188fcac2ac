import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { findArea, loadAreas } from '../../domain/support/index.js';
import { getSchool } from '../../repositories/schools.js';
import { buildLedger, LEDGER_COLUMNS, ledgerRecords, suggestMatches } from '../../services/support.js';
import { print, withRuntime } from '../runtime.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

export function supportCommand(program: Command): void {
  const support = program.command('support').description('School-to-school support and commissioning');
  support
    .command('suggest <urn>')
    .description('Ranked matches from the strengths register for a school’s need in an area, each with its reasons (area, evidence, distance, capacity left)')
    .requiredOption('--area <area>', `an area from config/support/areas.json, e.g. "KS2 writing"`)
    .option('--json', 'print JSON')
    .action(async (urnArg: string, opts: { area: string; json?: boolean }) => {
      const urn = Number(urnArg);
      if (!Number.isInteger(urn) || urn <= 0) fail(`"${urnArg}" is not a URN`);
      const area = findArea(opts.area);
      if (!area) fail(`"${opts.area}" is not an area; the areas are: ${loadAreas().map((a) => a.label).join(', ')}`);
      await withRuntime(async (rt) => {
        const school = await getSchool(rt.database.db, rt.organisation.id, urn, { kind: 'all' });
        if (!school) fail(`No school with URN ${urn} in the register`);
        const matches = await suggestMatches(rt.database.db, rt.organisation.id, school, area.id);
        const out = {
          urn,
          school: school.name,
          area: area.label,
          matches: matches.map((m, i) => ({
            rank: i + 1,
            provider: m.candidate.providerName,
            providerId: m.candidate.providerId,
            kind: m.candidate.providerKind,
            strengthId: m.candidate.strengthId,
            score: m.score,
            capacityLeft: m.capacityLeft,
            distance: m.distance?.text ?? null,
            evidence: m.candidate.evidence.text,
            reasons: m.reasons,
          })),
        };
        if (opts.json) return print(JSON.stringify(out, null, 2));
        print(`${out.school} (${urn}), ${out.area}: ${out.matches.length} match${out.matches.length === 1 ? '' : 'es'}`);
        for (const m of out.matches) print(`${m.rank}. ${m.provider} (score ${m.score})\n   ${m.reasons.join('\n   ')}`);
      });
    });
}

export function ledgerCommand(program: Command): void {
  program
    .command('ledger')
    .description('Support days and charges per school for an academic year: LA-funded allowance, days used, charges by the charging formula, Priority School Support, impact')
    .requiredOption('--year <label>', 'academic year, e.g. 2025/26')
    .option('--xlsx <file>', 'write the ledger as an XLSX workbook for finance')
    .option('--json', 'print JSON')
    .action(async (opts: { year: string; xlsx?: string; json?: boolean }) => {
      if (!/^\d{4}\/\d{2}$/.test(opts.year)) fail(`"${opts.year}" is not an academic year like 2025/26`);
      await withRuntime(async (rt) => {
        const ledger = await buildLedger(rt.database.db, rt.organisation.id, opts.year, 'all').catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
        const records = ledgerRecords(ledger.rows);
        if (opts.xlsx) {
          const { toXlsx } = await import('../../web/xlsx.js');
          await writeFile(opts.xlsx, await toXlsx(`Ledger ${ledger.year}`, LEDGER_COLUMNS, records));
          process.stderr.write(`Wrote ${records.length} schools to ${opts.xlsx}\n`);
        }
        if (opts.json) return print(JSON.stringify({ year: ledger.year, schools: records }, null, 2));
        if (!opts.xlsx) {
          print(`Support days and charges ${ledger.year}: ${records.length} schools`);
          for (const r of records) print(`${r.urn}  ${r.name}  ${r.laDays} LA days (allowance ${r.allowanceDays ?? 'not set'}), charge £${r.charge}, school-paid £${r.schoolPaid}, PSS ${r.pssDays} days${r.pssWithinLimits ? '' : ' (OVER LIMITS)'}; ${r.impact}`);
        }
      });
    });
}
