// The evidence kinds behind the common importer signature (CLI, upload page, first-start bundle).
import { importEvidence, type EvidenceImportOptions } from './evidenceImport.js';
import type { Importer } from './registry.js';
import { flagAfterEvidenceImport } from '../services/reviewFlags.js';

const titles: Record<EvidenceImportOptions['kind'], string> = {
  ks2: 'Key stage 2 performance tables (KS2 final / selected columns)',
  ks4: 'Key stage 4 performance tables (KS4 final / provisional)',
  census: 'School census (pupil numbers, FSM, SEN, EAL)',
  absence: 'Absence and persistent absence (performance tables)',
  ofsted: 'Ofsted inspection outcomes (management information)',
};

function evidenceImporter(kind: EvidenceImportOptions['kind']): Importer {
  return {
    kind,
    title: titles[kind],
    async run(db, req) {
      const r = await importEvidence(db, {
        kind,
        file: req.file,
        fileName: req.fileName,
        organisation: req.organisation,
        importedBy: req.importedBy,
        academicYear: req.academicYear,
        onProgress: req.onProgress,
      });
      // A new judgement or data release puts already-categorised schools in the "needs review" queue.
      await flagAfterEvidenceImport(db, req.organisation.id, r.import.id, kind);
      const c = r.counts;
      const outside = req.organisation.kind === 'local_authority' ? `outside LA ${req.organisation.code}` : `outside ${req.organisation.name}`;
      return {
        importId: r.import.id,
        rowsRead: r.rowsRead,
        summary: [
          `${r.rowsRead} rows read (layout ${r.layout.id}; ${r.years.join(', ') || 'no academic year'}): ${r.import.rowsAccepted} accepted, ${r.import.rowsSkipped} skipped, 0 rejected`,
          `${c.schoolRows - c.outsideOrganisation} school rows kept; ${c.outsideOrganisation} rows for schools ${outside} counted and skipped`,
          `${c.summaryRows} LA/England summary rows kept; ${c.otherLaSummaryRows} other LAs' summary rows and ${c.emptyRows} rows with nothing to store skipped`,
          `${r.observations} measures, ${r.comparators} comparators, ${r.inspections} inspections stored` +
            (c.duplicateInspections ? ` (${c.duplicateInspections} repeated inspections stored once)` : ''),
          ...(r.release
            ? [
                `${r.release === 'final' ? 'Final' : 'Provisional'} release` +
                  (r.superseded ? `: ${r.superseded} figures of the other release of the same year set aside (kept as history)` : ''),
              ]
            : []),
          ...(r.observations === 0
            ? []
            : [
                r.coverage === 'england'
                  ? `England percentiles and quintiles computed from all ${c.schoolRows} schools in the file`
                  : 'No England percentiles: the file covers one LA, not England',
              ]),
        ],
      };
    },
  };
}

export const evidenceImporters: Importer[] = (['ks2', 'ks4', 'census', 'absence', 'ofsted'] as const).map(evidenceImporter);
