// Roles from DOMAIN.md §1 and the permissions each holds. Least privilege: a role gets only what
// its work needs, and school-level roles are further limited to their own school by scope.

export const roles = [
  'admin',
  'senior_leader',
  'district_lead',
  'link_officer',
  'analyst',
  'provider',
  'contract_manager',
  'head_teacher',
  'chair_of_governors',
  'sponsor',
  'elected_member',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  senior_leader: 'Senior leader',
  district_lead: 'District lead',
  link_officer: 'Link officer',
  analyst: 'Data and insight analyst',
  provider: 'Support provider',
  contract_manager: 'Contract manager',
  head_teacher: 'Head teacher',
  chair_of_governors: 'Chair of governors',
  sponsor: 'Academy sponsor',
  elected_member: 'Elected member',
};

export const permissions = [
  'schools:list', // the register, scoped
  'schools:read', // one school's page, scoped
  'schools:export', // CSV export of the register, scoped
  'schools:assign-district',
  'intelligence:read', // the LA's own intelligence, non-confidential items
  'intelligence:read-confidential', // safeguarding and staff matters
  'intelligence:write',
  'imports:run',
  'imports:read', // the data catalogue
  'reports:aggregate', // anonymised, aggregate reports
  'users:manage',
  'audit:read',
  'account:self', // change one's own password, sign out
  'risk:read', // early-warning watch list and explanations: LA officers only, never schools or members
  'risk:run', // rescore every school, retrain the model, run the backtest (as jobs): analysts and administrators
  'categorisation:read', // rounds, proposals, explanations, overview: officers and analysts, scoped
  'categorisation:moderate', // moderation steps, in-year reviews, responses to challenges
  'categorisation:confirm', // open and confirm rounds, bulk-confirm, issue letters
  'policies:manage', // edit and copy categorisation policies
  'categorisation:own-school', // a school's own confirmed category, explanation and challenge
  'letters:read', // download a categorisation letter, scoped to the schools one may see
  'engagement:read', // caseload, visit programme, Core Groups and escalations, scoped
  'engagement:write', // visit notes, Core Group meetings: officers for the schools they may act on
  'escalation:sign-off', // decide escalation proposals and issue their letters
  'visits:read', // visit notes: officers all, head teacher and chair only their school's published ones
  'self-evaluation:read', // the LA's own self-evaluation and action plan: senior leaders, district leads, administrators
  'self-evaluation:write', // rate headings, edit the framework, keep the action plan: senior leaders and administrators
  'support:read', // strengths register, needs, brokering, agreements and commissions: LA officers, scoped
  'support:write', // record strengths, needs, agreements, commissions, sign-off and impact: officers who may act on the school
  'support:ledger', // days-and-charges ledger per school and year, and its XLSX for finance
  'support:contracts', // performance per provider and per commission, risks and overdue reports (client side)
  'support:provider', // a provider's own commissions and agreements, and its progress reports
  'support:own-school', // a school's own agreements and commissions (both sides of an agreement) and rating their quality
  'strategy:plan', // edit a district's step-change plan: senior leaders, and district leads for their districts
] as const;
export type Permission = (typeof permissions)[number];

const officer: Permission[] = ['schools:list', 'schools:read', 'schools:export', 'reports:aggregate', 'account:self', 'risk:read'];
const school: Permission[] = ['schools:list', 'schools:read', 'account:self', 'categorisation:own-school', 'letters:read'];
const categorisationReader: Permission[] = ['categorisation:read', 'letters:read'];
const engagementOfficer: Permission[] = ['engagement:read', 'engagement:write', 'visits:read'];
const supportOfficer: Permission[] = ['support:read', 'support:write', 'support:ledger'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  // Not own-school: an administrator has no school of their own to be told the category of, and is no provider.
  admin: permissions.filter((p) => p !== 'categorisation:own-school' && p !== 'support:own-school' && p !== 'support:provider'),
  senior_leader: [
    ...officer,
    'schools:assign-district',
    'intelligence:read',
    'intelligence:read-confidential',
    'intelligence:write',
    'imports:read',
    ...categorisationReader,
    'categorisation:moderate',
    'categorisation:confirm',
    'policies:manage',
    ...engagementOfficer,
    'escalation:sign-off',
    'self-evaluation:read',
    'self-evaluation:write',
    ...supportOfficer,
    'support:contracts',
    'strategy:plan',
  ],
  district_lead: [
    ...officer,
    'schools:assign-district',
    'intelligence:read',
    'intelligence:read-confidential',
    'intelligence:write',
    ...categorisationReader,
    'categorisation:moderate',
    ...engagementOfficer,
    'self-evaluation:read',
    ...supportOfficer,
    'strategy:plan',
  ],
  link_officer: [...officer, 'intelligence:read', 'intelligence:read-confidential', 'intelligence:write', ...categorisationReader, 'categorisation:moderate', ...engagementOfficer, ...supportOfficer],
  // Analysts run the data, but never read the LA's intelligence text.
  analyst: [...officer, 'imports:run', 'imports:read', 'risk:run', ...categorisationReader],
  provider: ['account:self', 'support:provider'],
  // The client side of commissioning: providers' delivery and the ledger, never a school's page or intelligence.
  contract_manager: ['account:self', 'support:contracts', 'support:ledger'],
  head_teacher: [...school, 'visits:read', 'support:own-school'],
  chair_of_governors: [...school, 'visits:read', 'support:own-school'],
  sponsor: [...school, 'support:own-school'],
  elected_member: ['reports:aggregate', 'account:self'],
};

export function isRole(v: string): v is Role {
  return (roles as readonly string[]).includes(v);
}
