import { describe, expect, it } from 'vitest';
import { schoolEvents, successionEvents } from './history.js';
import type { SchoolRecord } from './record.js';

const base: SchoolRecord = {
  urn: 117297, laestab: '9192001', name: 'Mill Mead Primary School', street: null, locality: null, address3: null, town: 'Hertford',
  postcode: 'SG14 3AA', laCode: '919', laName: 'Hertfordshire', typeName: 'Community school', typeGroup: 'LA maintained', phase: 'Primary',
  isPrimary: true, isSecondary: false, isPost16: false, ageLow: 3, ageHigh: 11, status: 'open', openDate: null, closeDate: null,
  gender: 'Mixed', religiousCharacter: null, diocese: null, admissionsPolicy: null, trustName: null, sponsorName: null, constituency: null,
  isStateFunded: true, previousLaestab: null, reasonOpened: null, reasonClosed: null,
};

describe('register history', () => {
  it('records nothing when a re-import changes nothing (idempotent)', () => {
    expect(schoolEvents(base, { ...base }, '2026-04-17')).toEqual([]);
  });

  it('records a closure and the field changes when a school closes', () => {
    const closed = { ...base, status: 'closed' as const, closeDate: '2025-08-31' };
    const events = schoolEvents(base, closed, '2026-04-17');
    expect(events.map((e) => e.eventType)).toEqual(['closed', 'changed']);
    expect(events[0].eventDate).toBe('2025-08-31');
    expect(events[1].details).toEqual({ changes: { status: { from: 'open', to: 'closed' }, closeDate: { from: null, to: '2025-08-31' } } });
  });

  it('links an academy that opened the day after a maintained school closed at the same postcode', () => {
    const pred = { ...base, status: 'closed' as const, closeDate: '2025-08-31' };
    const succ = { ...base, urn: 150620, name: 'Mill Mead Primary Academy', typeName: 'Academy converter', typeGroup: 'Academy' as const, openDate: '2025-09-01' };
    const events = successionEvents([succ], [pred, succ]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ urn: 150620, eventType: 'academy_conversion', predecessorUrn: 117297 });
    expect(events[1]).toMatchObject({ urn: 117297, eventType: 'academy_conversion', successorUrn: 150620 });
  });

  it('calls an academy replacing an academy a transfer, and does not link across a long gap', () => {
    const pred = { ...base, typeName: 'Academy converter', typeGroup: 'Academy' as const, status: 'closed' as const, closeDate: '2025-11-30' };
    const succ = { ...pred, urn: 152099, status: 'open' as const, closeDate: null, openDate: '2025-12-01' };
    expect(successionEvents([succ], [pred, succ])[0].eventType).toBe('academy_transfer');
    const late = { ...succ, openDate: '2026-03-01' };
    expect(successionEvents([late], [pred, late])).toEqual([]);
  });
});
