// Parsers for command-line option values, so a bad value stops the command with a message naming it.
import { InvalidArgumentError } from 'commander';
import { isIsoDate } from '../domain/calendar/dates.js';

/** A real calendar date written yyyy-mm-dd ("2025-02-30" is refused, never rolled over to 2 March). */
export function isoDateOption(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('must be a real date written yyyy-mm-dd');
  return value;
}
