// Get Information About Schools establishment file (edubasealldataYYYYMMDD.csv). The national
// download is windows-1252; column names carry "(name)"/"(code)" suffixes.
import { lookupEstablishmentType, lookupGender, lookupGiasPhase, lookupStatus, meaningful } from '../codes.js';
import { dateCell, integerCell, normalisePostcode, required, text } from '../fields.js';
import { phaseFromFlags } from './derive.js';
import type { RegisterFormat } from './types.js';

const NO_PREVIOUS_LA = new Set(['', '000', '999']);

export const giasFormat: RegisterFormat = {
  id: 'gias',
  title: 'Get Information About Schools establishment file',
  requiredColumns: [
    'URN', 'LA (code)', 'LA (name)', 'EstablishmentNumber', 'EstablishmentName', 'Street', 'Locality', 'Address3',
    'Town', 'Postcode', 'TypeOfEstablishment (name)', 'EstablishmentStatus (name)', 'OpenDate', 'CloseDate',
    'PhaseOfEducation (name)', 'StatutoryLowAge', 'StatutoryHighAge', 'Gender (name)', 'ReligiousCharacter (name)',
    'Diocese (name)', 'AdmissionsPolicy (name)',
  ],
  allowShortRows: false,
  notCarried: [],
  fallbackEncoding: 'windows-1252',
  mapRow(row, p) {
    const urn = integerCell(row, 'URN', p);
    if (urn === null) p.add('URN is empty');
    const la = required(row, 'LA (code)', p);
    if (la && !/^\d{3}$/.test(la)) p.add(`LA (code) "${la}" is not a three-digit LA code`);
    const estab = text(row.EstablishmentNumber);
    const name = required(row, 'EstablishmentName', p);
    const typeText = required(row, 'TypeOfEstablishment (name)', p);
    const type = lookupEstablishmentType(typeText);
    if (typeText && !type) p.add(`TypeOfEstablishment (name) "${typeText}" is not a known establishment type`);
    const statusText = required(row, 'EstablishmentStatus (name)', p);
    const status = lookupStatus(statusText);
    if (statusText && !status) p.add(`EstablishmentStatus (name) "${statusText}" is not a known status`);
    const phaseText = required(row, 'PhaseOfEducation (name)', p);
    const giasPhase = lookupGiasPhase(phaseText);
    if (phaseText && !giasPhase) p.add(`PhaseOfEducation (name) "${phaseText}" is not a known phase`);
    const genderText = text(row['Gender (name)']);
    const gender = genderText ? lookupGender(genderText) : null;
    if (genderText && !gender) p.add(`Gender (name) "${genderText}" is not a known value`);
    const ageHigh = integerCell(row, 'StatutoryHighAge', p);
    const sixthForm = text(row['OfficialSixthForm (name)']) === 'Has a sixth form';
    const isPrimary = ['Primary', 'Middle deemed primary', 'All-through'].includes(giasPhase ?? '');
    const isSecondary = ['Secondary', 'Middle deemed secondary', 'All-through'].includes(giasPhase ?? '');
    const isPost16 = sixthForm || giasPhase === '16 plus';
    const derived = type ? phaseFromFlags(type, { isPrimary, isSecondary, isPost16, ageHigh }) : 'Not applicable';
    // GIAS's own phase is more precise (middle schools) except where we group special/AP provision.
    const phase = derived === 'Special' || derived === 'Alternative provision' ? derived : (giasPhase ?? derived);
    const prevLa = text(row['PreviousLA (code)']) ?? '';
    const prevEstab = text(row.PreviousEstablishmentNumber);
    return {
      urn: urn ?? 0,
      laestab: la && estab ? `${la}${estab}` : null,
      name,
      street: text(row.Street),
      locality: text(row.Locality),
      address3: text(row.Address3),
      town: text(row.Town),
      postcode: normalisePostcode(text(row.Postcode)),
      laCode: la,
      laName: text(row['LA (name)']),
      typeName: type?.name ?? typeText,
      typeGroup: type?.group ?? 'Other',
      phase,
      isPrimary,
      isSecondary,
      isPost16,
      ageLow: integerCell(row, 'StatutoryLowAge', p),
      ageHigh,
      status: status ?? 'open',
      openDate: dateCell(row, 'OpenDate', p),
      closeDate: dateCell(row, 'CloseDate', p),
      gender: gender ?? null,
      religiousCharacter: meaningful(row['ReligiousCharacter (name)']),
      diocese: meaningful(row['Diocese (name)']),
      admissionsPolicy: meaningful(row['AdmissionsPolicy (name)']),
      trustName: meaningful(row['Trusts (name)']),
      sponsorName: meaningful(row['SchoolSponsors (name)']),
      constituency: meaningful(row['ParliamentaryConstituency (name)']),
      isStateFunded: type?.stateFunded ?? false,
      previousLaestab: prevEstab && !NO_PREVIOUS_LA.has(prevLa) ? `${prevLa}${prevEstab}` : null,
      reasonOpened: meaningful(row['ReasonEstablishmentOpened (name)']),
      reasonClosed: meaningful(row['ReasonEstablishmentClosed (name)']),
    };
  },
};
