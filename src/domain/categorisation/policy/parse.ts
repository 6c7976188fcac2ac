// Validates an LA's policy file: first its shape (zod), then the cross-references a schema cannot see
// (a rule naming a category that does not exist, an era read by a rule but not declared, ...).
import type { z } from 'zod';
import { conditionSchema, erasRead, measuresRead, resolveCondition, settingsRead, type ConditionDef, type Num } from './condition-schema.js';
import { policySchema, type Policy } from './schema.js';

export interface PolicyError {
  /** JSON path into the policy file, e.g. "$.rules[3].assign.atLeast". */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `${acc}.${String(p)}` : `${acc}["${String(p)}"]`),
    '$',
  );
}

function fromZod(error: z.ZodError): PolicyError[] {
  return error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
}

/** Codes of a dimension, least to most concern; 'category' is the policy's own category list. */
export function dimensionCodes(policy: Policy, dimension: string): string[] | undefined {
  if (dimension === 'category') return [...policy.categories].sort((a, b) => a.order - b.order).map((c) => c.code);
  return policy.dimensions.find((d) => d.id === dimension)?.values.map((v) => v.code);
}

/**
 * Every measure the engine can read for this policy: those it names as evidence and those its rules
 * test. A school's other observations never change its result, so a loader may leave them out.
 */
export function measuresReadBy(policy: Policy): string[] {
  return [...new Set([...policy.evidence.measures.map((m) => m.code), ...policy.rules.flatMap((r) => measuresRead(r.when))])].sort();
}

/** The dimension that takes the adviser's capacity-to-improve judgement (Wales), if the policy has one. */
export function capacityDimension(policy: Policy) {
  return policy.dimensions.find((d) => d.input === 'capacityToImprove') ?? null;
}

function walk(c: ConditionDef, visit: (c: ConditionDef) => void): void {
  visit(c);
  if (c.kind === 'all' || c.kind === 'any') c.of.forEach((x) => walk(x, visit));
  if (c.kind === 'not') walk(c.condition, visit);
}

function crossCheck(p: Policy): PolicyError[] {
  const errors: PolicyError[] = [];
  const err = (path: readonly PropertyKey[], message: string) => errors.push({ path: jsonPath(path), message });
  const unique = (values: (string | number)[], path: (i: number) => PropertyKey[], what: string) =>
    values.forEach((v, i) => values.indexOf(v) !== i && err(path(i), `duplicate ${what} "${v}"`));

  unique(p.categories.map((c) => c.code), (i) => ['categories', i, 'code'], 'category code');
  unique(p.categories.map((c) => c.order), (i) => ['categories', i, 'order'], 'category order');
  unique(p.rules.map((r) => r.id), (i) => ['rules', i, 'id'], 'rule id');
  p.dimensions.forEach((d, i) => {
    if (d.id === 'category') err(['dimensions', i, 'id'], '"category" is reserved for the policy categories');
    if (d.default && !d.values.some((v) => v.code === d.default)) err(['dimensions', i, 'default'], `"${d.default}" is not a value of ${d.id}`);
    if (d.input && !p.evidence.inputs.includes(d.input)) err(['dimensions', i, 'input'], `input ${d.input} is not listed in evidence.inputs`);
  });

  const measures = new Set(p.evidence.measures.map((m) => m.code));
  p.rules.forEach((r, i) => {
    const values = dimensionCodes(p, r.assign.dimension);
    if (!values) err(['rules', i, 'assign', 'dimension'], `no dimension "${r.assign.dimension}"`);
    else if (!values.includes(r.assign.atLeast)) err(['rules', i, 'assign', 'atLeast'], `"${r.assign.atLeast}" is not a value of ${r.assign.dimension} (${values.join(', ')})`);
    if (r.onUnknown?.kind === 'hold-at-least' && values && !values.includes(r.onUnknown.value))
      err(['rules', i, 'onUnknown', 'value'], `"${r.onUnknown.value}" is not a value of ${r.assign.dimension}`);
    for (const m of measuresRead(r.when)) if (!measures.has(m)) err(['rules', i, 'when'], `reads measure "${m}" which is not listed in evidence.measures`);
    walk(r.when, (c) => {
      if (c.kind === 'openIntelligence')
        c.kinds.filter((k) => !p.evidence.intelligenceKinds.includes(k)).forEach((k) => err(['rules', i, 'when'], `reads intelligence kind "${k}" which is not listed in evidence.intelligenceKinds`));
      if (c.kind === 'adviserJudgement' && !p.evidence.inputs.includes(c.input)) err(['rules', i, 'when'], `reads input "${c.input}" which is not listed in evidence.inputs`);
      if (c.kind === 'concernIndicators' && !p.indicators) err(['rules', i, 'when'], 'counts concern indicators but the policy lists none under "indicators"');
      // A withdrawn input cannot be in force after the year its publisher last set it.
      if (c.kind === 'belowFloorStandard' && r.withdrawn)
        c.yearsInForce.filter((y) => y > r.withdrawn!.lastYear).forEach((y) => err(['rules', i, 'when', 'yearsInForce'], `${y} is after ${r.withdrawn!.lastYear}, the last year of the withdrawn input`));
    });
    if (r.withdrawn && measuresRead(r.when).length === 0) err(['rules', i, 'withdrawn'], 'only a rule that reads published measures can mark its input withdrawn');
    for (const era of erasRead(r.when)) {
      const handling = p.ofstedEraHandling.eras[era];
      if (!handling.ruleIds.includes(r.id)) err(['ofstedEraHandling', 'eras', era, 'ruleIds'], `rule "${r.id}" reads the ${era} era but is not listed here, so its reading of that era would be silent`);
    }
  });

  const ruleIds = new Set(p.rules.map((r) => r.id));
  for (const [era, h] of Object.entries(p.ofstedEraHandling.eras)) {
    h.ruleIds.forEach((id, j) => !ruleIds.has(id) && err(['ofstedEraHandling', 'eras', era, 'ruleIds', j], `no rule "${id}"`));
    if (h.reading === 'not-read' && h.ruleIds.length > 0) err(['ofstedEraHandling', 'eras', era, 'reading'], 'an era marked not-read cannot list rules');
  }

  const categories = new Set(p.categories.map((c) => c.code));
  const used = new Set<string>();
  const checkNum = (n: Num, path: PropertyKey[], what: string) => {
    if (typeof n === 'number') return;
    used.add(n.setting);
    const s = p.settings[n.setting];
    if (!s) return err(path, `no setting "${n.setting}" under "settings"`);
    if (!Number.isInteger(s.value) || s.value < 1) err(['settings', n.setting, 'value'], `${what} must be a whole number of at least 1`);
  };
  const checkCombination = (c: Policy['combination'], path: PropertyKey[]) => {
    if (c.kind === 'highest-concern') return;
    if (c.kind === 'best-fit') {
      if (!categories.has(c.otherwise)) err([...path, 'otherwise'], `no category "${c.otherwise}"`);
      unique(c.profiles.map((x) => x.category), (i) => [...path, 'profiles', i, 'category'], 'profile for category');
      c.profiles.forEach((prof, i) => {
        const at = [...path, 'profiles', i];
        if (!categories.has(prof.category)) err([...at, 'category'], `no category "${prof.category}"`);
        if (prof.whenShort !== undefined && !categories.has(prof.whenShort)) err([...at, 'whenShort'], `no category "${prof.whenShort}"`);
        checkNum(prof.enough, [...at, 'enough'], `the number of characteristics of category ${prof.category} needed`);
        const own = new Set(p.rules.filter((r) => r.assign.dimension === 'category' && r.assign.atLeast === prof.category).map((r) => r.id));
        if (!own.size) err([...at, 'category'], `no rule assigns category "${prof.category}", so it has no characteristics`);
        prof.decisive.forEach((id, j) => !own.has(id) && err([...at, 'decisive', j], `"${id}" is not a rule assigning category "${prof.category}"`));
      });
      const profiled = new Set(c.profiles.map((x) => x.category));
      p.rules.forEach((r, i) => {
        if (r.assign.dimension === 'category' && !profiled.has(r.assign.atLeast))
          err(['rules', i, 'assign', 'atLeast'], `best fit has no profile for category "${r.assign.atLeast}", so this characteristic would count for nothing`);
      });
      return;
    }
    if (c.kind === 'map') {
      const values = dimensionCodes(p, c.dimension);
      if (!values) return err([...path, 'dimension'], `no dimension "${c.dimension}"`);
      values.filter((v) => !(v in c.map)).forEach((v) => err([...path, 'map'], `no category for ${c.dimension} "${v}"`));
      Object.entries(c.map).forEach(([k, v]) => !categories.has(v) && err([...path, 'map', k], `no category "${v}"`));
      return;
    }
    const rows = dimensionCodes(p, c.rows);
    const cols = dimensionCodes(p, c.columns);
    if (!rows) err([...path, 'rows'], `no dimension "${c.rows}"`);
    if (!cols) err([...path, 'columns'], `no dimension "${c.columns}"`);
    for (const r of rows ?? []) {
      if (!c.cells[r]) { err([...path, 'cells'], `no row for ${c.rows} "${r}"`); continue; }
      for (const col of cols ?? []) {
        if (!(col in c.cells[r])) err([...path, 'cells', r], `no cell for ${c.columns} "${col}"`);
        else if (c.cells[r][col] !== null && !categories.has(c.cells[r][col] as string)) err([...path, 'cells', r, col], `no category "${c.cells[r][col]}"`);
      }
    }
  };
  checkCombination(p.combination, ['combination']);
  if (p.combination.kind === 'highest-concern' && p.rules.every((r) => r.assign.dimension !== 'category'))
    err(['combination'], 'highest-concern needs at least one rule assigning a category');

  // Settings: each one named exists, its value meets the bounds of every place that uses it, and none is unused.
  p.rules.forEach((r, i) => {
    const names = settingsRead(r.when);
    names.forEach((n) => {
      used.add(n);
      if (!p.settings[n]) err(['rules', i, 'when'], `no setting "${n}" under "settings"`);
    });
    if (!names.length) return;
    const check = conditionSchema.safeParse(resolveCondition(r.when, Object.fromEntries(Object.entries(p.settings).map(([k, s]) => [k, s.value]))));
    if (!check.success)
      for (const issue of check.error.issues) err(['settings', ...names.slice(0, 1), 'value'], `as used by rule "${r.id}" (${jsonPath(issue.path).slice(2)}): ${issue.message}`);
  });

  const categoryValues = dimensionCodes(p, 'category') ?? [];
  if (p.missingEvidence.defaultAction.kind === 'hold-at-least' && !categoryValues.includes(p.missingEvidence.defaultAction.value))
    err(['missingEvidence', 'defaultAction', 'value'], `no category "${p.missingEvidence.defaultAction.value}"`);
  p.specialHandling.forEach((s, i) => {
    Object.keys(s.engagementOverrides).forEach((k) => !categories.has(k) && err(['specialHandling', i, 'engagementOverrides', k], `no category "${k}"`));
    if (s.combination) checkCombination(s.combination, ['specialHandling', i, 'combination']);
  });
  Object.keys(p.settings).forEach((k) => !used.has(k) && err(['settings', k], `setting "${k}" is not used by any rule or combination`));
  return errors;
}

/** Parses a policy (already JSON-decoded, or a JSON string) and returns it or readable errors with paths. */
export function parsePolicy(json: unknown): ParseResult {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (e) {
      return { ok: false, errors: [{ path: '$', message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const shaped = policySchema.safeParse(input);
  if (!shaped.success) return { ok: false, errors: fromZod(shaped.error) };
  const errors = crossCheck(shaped.data);
  return errors.length ? { ok: false, errors } : { ok: true, policy: shaped.data };
}
