// The demo accounts' names and sign-in details, apart from the code that creates them (which hashes
// passwords): every start checks that they exist and should not load that to find they do.
import type { Role } from '../domain/access/roles.js';

export const DEMO_PASSWORD = 'lodestar-demo-password';
export const demoEmail = (role: Role) => `${role.replace(/_/g, '-')}@demo.lodestar.invalid`;
/** Abbots Langley School: the demo head teacher's and chair's own school. */
export const DEMO_SCHOOL_URN = 117083;

/** The accounts, one per role, in the order they are created. */
export const DEMO_ACCOUNTS: { role: Role; name: string }[] = [
  { role: 'admin', name: 'Demo Administrator' },
  { role: 'senior_leader', name: 'Demo Senior Leader' },
  { role: 'district_lead', name: 'Demo District Lead' },
  { role: 'link_officer', name: 'Demo Link Officer' },
  { role: 'analyst', name: 'Demo Analyst' },
  { role: 'provider', name: 'Demo Provider' },
  { role: 'contract_manager', name: 'Demo Contract Manager' },
  { role: 'head_teacher', name: 'Demo Head Teacher' },
  { role: 'chair_of_governors', name: 'Demo Chair of Governors' },
  { role: 'sponsor', name: 'Demo Sponsor' },
  { role: 'elected_member', name: 'Demo Elected Member' },
];
