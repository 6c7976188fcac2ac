// The bundled Hertfordshire register and one year of each evidence file, imported through the real
// importers into a test database: the fixture the whole-LA evidence reads are checked against.
import path from 'node:path';
import type { Db } from '../../src/db/client.js';
import { importEvidence } from '../../src/importers/evidenceImport.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { searchSchools, type SchoolWithDistrict } from '../../src/repositories/schools.js';

const DATA = path.join(process.cwd(), 'datasets');

/** Imports the register, KS2 and KS4 2024/25, census and absence 2023/24; returns the LA and its open state-funded schools. */
export async function loadHertfordshire(db: Db): Promise<{ org: Organisation; open: SchoolWithDistrict[] }> {
  const org = await ensureOrganisation(db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await findImporter('school-information')!.run(db, { file: path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'), organisation: org, importedBy: 'test' });
  for (const [kind, file, academicYear] of [
    ['ks2', 'hertfordshire-919/2024-25/919_ks2final.csv', '2024/25'],
    ['ks4', 'hertfordshire-919/2024-25/919_ks4final.csv', '2024/25'],
    ['census', 'hertfordshire-919/2023-24/919_census.csv', '2023/24'],
    ['absence', 'hertfordshire-919/2023-24/919_abs.csv', '2023/24'],
  ] as const) {
    await importEvidence(db, { kind, file: path.join(DATA, file), organisation: org, importedBy: 'test', academicYear });
  }
  const open = (await searchSchools(db, org.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null)).rows;
  return { org, open };
}
