import type { Phase, Status, TypeGroup } from './codes.js';

/** One school's register facts, as read from either source file. */
export interface SchoolRecord {
  urn: number;
  laestab: string | null;
  name: string;
  street: string | null;
  locality: string | null;
  address3: string | null;
  town: string | null;
  postcode: string | null;
  laCode: string;
  laName: string | null;
  typeName: string;
  typeGroup: TypeGroup;
  phase: Phase;
  isPrimary: boolean;
  isSecondary: boolean;
  isPost16: boolean;
  ageLow: number | null;
  ageHigh: number | null;
  status: Status;
  openDate: string | null; // ISO
  closeDate: string | null; // ISO
  gender: string | null;
  religiousCharacter: string | null;
  diocese: string | null;
  admissionsPolicy: string | null;
  trustName: string | null;
  sponsorName: string | null;
  constituency: string | null;
  isStateFunded: boolean;
  /** GIAS only: the establishment this one replaced, as previous LA code + establishment number. */
  previousLaestab: string | null;
  reasonOpened: string | null;
  reasonClosed: string | null;
}

/** Fields compared to decide whether a re-import changed a school (history records the differences). */
export const trackedFields = [
  'laestab',
  'name',
  'street',
  'locality',
  'address3',
  'town',
  'postcode',
  'laCode',
  'typeName',
  'typeGroup',
  'phase',
  'ageLow',
  'ageHigh',
  'status',
  'openDate',
  'closeDate',
  'gender',
  'religiousCharacter',
  'diocese',
  'admissionsPolicy',
  'trustName',
  'sponsorName',
] as const satisfies readonly (keyof SchoolRecord)[];

export type TrackedField = (typeof trackedFields)[number];
