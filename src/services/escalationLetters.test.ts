import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasonForLetter, unknownPlaceholders } from './escalationLetters.js';
import { readLetterSettings } from './laConfig.js';

describe('letters speak for the LA', () => {
  it('reads Hertfordshire’s council, officers and address from config/la/919.json', () => {
    const la = readLetterSettings('919', 'Hertfordshire');
    expect(la.councilName).toBe('Hertfordshire County Council');
    expect(la.seniorOfficerTitle).not.toMatch(/commissioner/i);
    expect(la.frameworkName).not.toMatch(/Staffordshire/i);
    expect(la.contact.address).toContain('Hertford');
  });

  it('refuses a bad setting naming the field, and falls back to neutral words without one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'la-letters-'));
    fs.writeFileSync(path.join(dir, '999.json'), JSON.stringify({ letters: { councilName: 'Somewhere Council', seniorOfficerTitle: '', signatoryTitle: 'x', frameworkName: 'y' } }));
    expect(() => readLetterSettings('999', 'Somewhere', dir)).toThrow(/letters\.seniorOfficerTitle/);
    fs.writeFileSync(path.join(dir, '998.json'), JSON.stringify({ laCode: '998' }));
    expect(readLetterSettings('998', 'Elsewhere', dir)).toMatchObject({ councilName: 'Elsewhere', seniorOfficerTitle: 'the Director of Children’s Services' });
  });

  it('leaves the source framework’s wording out of the reason a letter gives', () => {
    // The reason the escalation engine gives for two Core Group meetings without impact.
    const reason =
      'Two consecutive Core Group meetings (3 March 2026 and 14 April 2026) found that the school could not show evidence of impact against its improvement priorities. The framework then issues an LA Notice of Concern to the governing body. The notice sets out the matters of concern, the actions the governing body must take (including a meeting with the county commissioner for education) and the actions the LA is minded to take under sections 63 to 66 of the Education and Inspections Act 2006 if it does not.';
    expect(reasonForLetter(reason)).toBe('Two consecutive Core Group meetings (3 March 2026 and 14 April 2026) found that the school could not show evidence of impact against its improvement priorities.');
  });

  it('allows only the sign-off placeholders in an edited letter', () => {
    expect(unknownPlaceholders('Review on {{reviewDate}}, signed {{ signedOffBy }}')).toEqual([]);
    expect(unknownPlaceholders('{{school.name}} and {{#each evidence}}')).toEqual(['school.name', '#each evidence']);
  });
});
