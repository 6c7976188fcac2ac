import { describe, expect, it } from 'vitest';
import { lookupEstablishmentType, lookupStatus, meaningful } from './codes.js';

describe('establishment type names across sources and years', () => {
  it.each([
    ['Free Schools - 16-19', 'Free schools 16-19'],
    ['Free schools 16 to 19', 'Free schools 16-19'],
    ['Free Schools - Alternative Provision', 'Free schools alternative provision'],
    ['University Technical College', 'University technical college'],
    ['Academy Sponsor Led', 'Academy sponsor led'],
    ['academy 16 to 19 sponsor led', 'Academy 16-19 sponsor led'],
  ])('%s is %s', (raw, canonical) => {
    expect(lookupEstablishmentType(raw)?.name).toBe(canonical);
  });

  it('refuses a name it does not know instead of guessing', () => {
    expect(lookupEstablishmentType('Grammar academy')).toBeUndefined();
  });

  it('reads GIAS status names', () => {
    expect(lookupStatus('Open, but proposed to close')).toBe('open, proposed to close');
    expect(lookupStatus('Proposed to open')).toBe('proposed to open');
    expect(lookupStatus('Shut')).toBeUndefined();
  });

  it('treats "Does not apply", "None" and "Not applicable" as no value', () => {
    expect(meaningful('Does not apply')).toBeNull();
    expect(meaningful(' Not applicable ')).toBeNull();
    expect(meaningful('Church of England')).toBe('Church of England');
  });
});
