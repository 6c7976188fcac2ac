// DfE performance tables "school information" file (e.g. 919_school_information.csv, 2024/25).
import { lookupEstablishmentType, lookupGender, lookupStatus, meaningful } from '../codes.js';
import { dateCell, flagCell, integerCell, normalisePostcode, required, text } from '../fields.js';
import { phaseFromFlags } from './derive.js';
import type { RegisterFormat } from './types.js';

export const schoolInformationFormat: RegisterFormat = {
  id: 'school-information',
  title: 'DfE performance tables school information file',
  requiredColumns: [
    'URN', 'LANAME', 'LA', 'ESTAB', 'LAESTAB', 'SCHNAME', 'STREET', 'LOCALITY', 'ADDRESS3', 'TOWN', 'POSTCODE',
    'SCHSTATUS', 'OPENDATE', 'CLOSEDATE', 'MINORGROUP', 'SCHOOLTYPE', 'ISPRIMARY', 'ISSECONDARY', 'ISPOST16',
    'AGELOW', 'AGEHIGH', 'GENDER', 'RELCHAR', 'ADMPOL',
  ],
  allowShortRows: true,
  notCarried: ['diocese', 'trustName', 'sponsorName', 'constituency', 'previousLaestab'],
  fallbackEncoding: 'windows-1252',
  mapRow(row, p) {
    const urn = integerCell(row, 'URN', p);
    if (urn === null) p.add('URN is empty');
    const la = required(row, 'LA', p);
    if (la && !/^\d{3}$/.test(la)) p.add(`LA "${la}" is not a three-digit LA code`);
    const name = required(row, 'SCHNAME', p);
    const typeText = required(row, 'SCHOOLTYPE', p);
    const type = lookupEstablishmentType(typeText);
    if (typeText && !type) p.add(`SCHOOLTYPE "${typeText}" is not a known establishment type`);
    const statusText = required(row, 'SCHSTATUS', p);
    const status = lookupStatus(statusText);
    if (statusText && !status) p.add(`SCHSTATUS "${statusText}" is not a known status`);
    const genderText = text(row.GENDER);
    const gender = genderText ? lookupGender(genderText) : null;
    if (genderText && !gender) p.add(`GENDER "${genderText}" is not a known value`);
    const flags = {
      isPrimary: flagCell(row, 'ISPRIMARY', p),
      isSecondary: flagCell(row, 'ISSECONDARY', p),
      isPost16: flagCell(row, 'ISPOST16', p),
      ageHigh: integerCell(row, 'AGEHIGH', p),
    };
    return {
      urn: urn ?? 0,
      laestab: text(row.LAESTAB),
      name,
      street: text(row.STREET),
      locality: text(row.LOCALITY),
      address3: text(row.ADDRESS3),
      town: text(row.TOWN),
      postcode: normalisePostcode(text(row.POSTCODE)),
      laCode: la,
      laName: text(row.LANAME),
      typeName: type?.name ?? typeText,
      typeGroup: type?.group ?? 'Other',
      phase: type ? phaseFromFlags(type, flags) : 'Not applicable',
      ...flags,
      ageLow: integerCell(row, 'AGELOW', p),
      status: status ?? 'open',
      openDate: dateCell(row, 'OPENDATE', p),
      closeDate: dateCell(row, 'CLOSEDATE', p),
      gender: gender ?? null,
      religiousCharacter: meaningful(row.RELCHAR),
      diocese: null,
      admissionsPolicy: meaningful(row.ADMPOL),
      trustName: null,
      sponsorName: null,
      constituency: null,
      isStateFunded: type?.stateFunded ?? false,
      previousLaestab: null,
      reasonOpened: null,
      reasonClosed: null,
    };
  },
};
