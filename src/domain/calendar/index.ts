export * from './dates.js';
export * from './academic-year.js';
export * from './working-days.js';
export { calendarFileSchema, CalendarConfigError, validateCalendarFile, type CalendarFile } from './schema.js';
export { loadCalendar, calendarPath } from './load.js';
