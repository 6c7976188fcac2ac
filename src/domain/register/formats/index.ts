import { giasFormat } from './gias.js';
import { schoolInformationFormat } from './schoolInformation.js';
import type { RegisterFormat } from './types.js';

export type { RegisterFormat };
export const registerFormats: Record<RegisterFormat['id'], RegisterFormat> = {
  'school-information': schoolInformationFormat,
  gias: giasFormat,
};
