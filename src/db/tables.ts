// Every table, for drizzle's typed queries. Add new schema files here.
export * from './schema.js';
export * from './schema-evidence.js';
export * from './schema-categorisation.js';
export * from './schema-engagement.js';
export * from './schema-jobs.js';
export * from './schema-comparators.js';
export * from './schema-intervention.js';
export * from './schema-selfeval.js';
export * from './schema-releases.js';
export * from './schema-support.js';
export * from './schema-strategic.js';
export * from './schema-cache.js';
