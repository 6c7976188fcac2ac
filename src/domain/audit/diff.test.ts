import { describe, expect, it } from 'vitest';
import { auditChanges, auditChangesText } from './diff.js';

describe('audit before/after as a readable difference', () => {
  it('names each changed field with old → new and leaves unchanged fields out', () => {
    // The shape school.district entries are written with (src/web/routes/schools.ts).
    expect(auditChanges({ district: 'Three Rivers', urn: 117083 }, { district: null, urn: 117083 })).toEqual([{ field: 'district', before: 'Three Rivers', after: 'blank' }]);
  });

  it('follows nested fields by path and words camelCase names', () => {
    const changes = auditChanges({ access: { districtIds: [1], schoolUrns: [117083] } }, { access: { districtIds: [1, 2], schoolUrns: [117083] } });
    expect(changes).toEqual([{ field: 'access › district ids', before: '1', after: '1, 2' }]);
  });

  it('shows a creation (no before) as the values set, and a removal', () => {
    expect(auditChangesText(null, { format: 'xlsx', rows: 513 })).toBe('format: xlsx\nrows: 513');
    expect(auditChangesText({ note: 'draft' }, {})).toBe('note: draft → (removed)');
  });

  it('cuts very long values', () => {
    const [c] = auditChanges(null, { text: 'x'.repeat(500) });
    expect(c.after!.length).toBeLessThan(210);
  });
});
