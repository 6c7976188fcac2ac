// Establishment types, statuses and other code lists as GIAS and the performance tables write them.
// Names are matched after normalising case, punctuation and "16 to 19"/"16-19", because the two
// sources (and GIAS across years) spell the same type differently. An unknown name is an error,
// never a guess: a new DfE type must be added here deliberately.

export type TypeGroup =
  | 'LA maintained'
  | 'Academy'
  | 'Free school'
  | 'Special'
  | 'Pupil referral unit'
  | 'Independent'
  | 'College'
  | 'Other';

export interface EstablishmentType {
  name: string;
  group: TypeGroup;
  stateFunded: boolean;
  academy: boolean;
  special: boolean;
  alternativeProvision: boolean;
}

const t = (
  name: string,
  group: TypeGroup,
  flags: Partial<Omit<EstablishmentType, 'name' | 'group'>> = {},
): EstablishmentType => ({
  name,
  group,
  stateFunded: flags.stateFunded ?? true,
  academy: flags.academy ?? false,
  special: flags.special ?? false,
  alternativeProvision: flags.alternativeProvision ?? false,
});

const academy = { academy: true };
export const establishmentTypes: EstablishmentType[] = [
  t('Community school', 'LA maintained'),
  t('Voluntary aided school', 'LA maintained'),
  t('Voluntary controlled school', 'LA maintained'),
  t('Foundation school', 'LA maintained'),
  t('Local authority nursery school', 'LA maintained'),
  t('Community special school', 'Special', { special: true }),
  t('Foundation special school', 'Special', { special: true }),
  t('Pupil referral unit', 'Pupil referral unit', { alternativeProvision: true }),
  t('Academy converter', 'Academy', academy),
  t('Academy sponsor led', 'Academy', academy),
  t('Academy special converter', 'Academy', { ...academy, special: true }),
  t('Academy special sponsor led', 'Academy', { ...academy, special: true }),
  t('Academy alternative provision converter', 'Academy', { ...academy, alternativeProvision: true }),
  t('Academy alternative provision sponsor led', 'Academy', { ...academy, alternativeProvision: true }),
  t('Academy 16-19 converter', 'Academy', academy),
  t('Academy 16-19 sponsor led', 'Academy', academy),
  t('Free schools', 'Free school', academy),
  t('Free schools special', 'Free school', { ...academy, special: true }),
  t('Free schools alternative provision', 'Free school', { ...academy, alternativeProvision: true }),
  t('Free schools 16-19', 'Free school', academy),
  t('University technical college', 'Free school', academy),
  t('Studio schools', 'Free school', academy),
  t('City technology college', 'Academy', academy),
  t('Non-maintained special school', 'Special', { stateFunded: false, special: true }),
  t('Other independent school', 'Independent', { stateFunded: false }),
  t('Other independent special school', 'Independent', { stateFunded: false, special: true }),
  t('Independent school approved for SEN pupils', 'Independent', { stateFunded: false, special: true }),
  t('Further education', 'College', { stateFunded: false }),
  t('Sixth form centres', 'College', { stateFunded: false }),
  t('Special post 16 institution', 'College', { stateFunded: false, special: true }),
  t('Service childrens education', 'Other', { stateFunded: false }),
  t('Secure units', 'Other', { stateFunded: false }),
  t('Online provider', 'Other', { stateFunded: false }),
  t('Institution funded by other government department', 'Other', { stateFunded: false }),
  t('Miscellaneous', 'Other', { stateFunded: false }),
];

export function normaliseCode(name: string): string {
  return name
    .toLowerCase()
    .replace(/16\s*(to|-)\s*19/g, '16to19')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const typesByKey = new Map(establishmentTypes.map((e) => [normaliseCode(e.name), e]));
// Spellings seen in older GIAS/Edubase files that differ by more than case and punctuation.
const typeAliases: Record<string, string> = {
  'academy 16to19 sponsor led': 'Academy 16-19 sponsor led',
  'academy alternative provision sponsor led': 'Academy alternative provision sponsor led',
};

export function lookupEstablishmentType(name: string): EstablishmentType | undefined {
  const key = normaliseCode(name);
  return typesByKey.get(key) ?? typesByKey.get(normaliseCode(typeAliases[key] ?? ''));
}

export type Status = 'open' | 'closed' | 'open, proposed to close' | 'proposed to open';
const statuses: Record<string, Status> = {
  open: 'open',
  closed: 'closed',
  'open but proposed to close': 'open, proposed to close',
  'proposed to open': 'proposed to open',
};
export function lookupStatus(name: string): Status | undefined {
  return statuses[normaliseCode(name)];
}

const genders: Record<string, string> = { mixed: 'Mixed', boys: 'Boys', girls: 'Girls' };
export function lookupGender(name: string): string | undefined {
  return genders[normaliseCode(name)];
}

export type Phase =
  | 'Nursery'
  | 'Primary'
  | 'Middle deemed primary'
  | 'Secondary'
  | 'Middle deemed secondary'
  | 'All-through'
  | '16 plus'
  | 'Special'
  | 'Alternative provision'
  | 'Not applicable';

const giasPhases: Record<string, Phase> = {
  nursery: 'Nursery',
  primary: 'Primary',
  'middle deemed primary': 'Middle deemed primary',
  secondary: 'Secondary',
  'middle deemed secondary': 'Middle deemed secondary',
  'all through': 'All-through',
  '16 plus': '16 plus',
  'not applicable': 'Not applicable',
};
export function lookupGiasPhase(name: string): Phase | undefined {
  return giasPhases[normaliseCode(name)];
}

/** Values that mean "nothing to say" in GIAS/performance-table text columns. */
export function meaningful(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v || /^(does not apply|not applicable|none|-|n\/a)$/i.test(v)) return null;
  return v;
}
