import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedPolicies, SHIPPED_POLICY_DIR } from './load.js';
import { parsePolicy } from './parse.js';

const raw = (id: string) => JSON.parse(readFileSync(join(SHIPPED_POLICY_DIR, `${id}.json`), 'utf8'));

function errorsOf(json: unknown) {
  const r = parsePolicy(json);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('parsePolicy', () => {
  it('accepts the four shipped policies with the ids the product uses', () => {
    expect([...loadShippedPolicies().keys()].sort()).toEqual(['staffordshire-2008', 'staffordshire-2014', 'wales-nscs', 'walsall-2014']);
  });

  it('accepts a JSON string as well as a decoded object', () => {
    const text = readFileSync(join(SHIPPED_POLICY_DIR, 'walsall-2014.json'), 'utf8');
    expect(parsePolicy(text).ok).toBe(true);
  });

  it('reports invalid JSON at the root', () => {
    expect(errorsOf('{ "id": ')[0].path).toBe('$');
  });

  it('reports a wrong type with its JSON path', () => {
    const p = raw('staffordshire-2014');
    p.version = 'one';
    expect(errorsOf(p)).toContainEqual(expect.objectContaining({ path: '$.version' }));
  });

  it('reports a condition with an unknown grade deep inside a rule', () => {
    const p = raw('staffordshire-2014');
    p.rules[1].when.grades = [5];
    expect(errorsOf(p).map((e) => e.path)).toContain('$.rules[1].when.grades[0]');
  });

  it('reports a rule assigning a category that does not exist', () => {
    const p = raw('staffordshire-2014');
    p.rules[0].assign.atLeast = 'E';
    const errors = errorsOf(p);
    expect(errors).toContainEqual({ path: '$.rules[0].assign.atLeast', message: expect.stringContaining('"E" is not a value of category') });
  });

  it('requires every Ofsted era to be stated, so no era is handled silently', () => {
    const p = raw('walsall-2014');
    delete p.ofstedEraHandling.eras['report-card'];
    expect(errorsOf(p).map((e) => e.path)).toContain('$.ofstedEraHandling.eras["report-card"]');
  });

  it('rejects a rule that reads an era the era handling does not list', () => {
    const p = raw('staffordshire-2014');
    p.ofstedEraHandling.eras['report-card'].ruleIds = p.ofstedEraHandling.eras['report-card'].ruleIds.filter((id: string) => id !== 'report-card-urgent-improvement');
    expect(errorsOf(p)).toContainEqual(
      expect.objectContaining({ path: '$.ofstedEraHandling.eras["report-card"].ruleIds', message: expect.stringContaining('report-card-urgent-improvement') }),
    );
  });

  it('rejects a rule reading a measure the policy does not list as evidence', () => {
    const p = raw('walsall-2014');
    p.rules.push({ ...p.rules[0], id: 'extra', when: { kind: 'worseThanComparator', measure: 'ks5.aps', comparator: 'la', by: 1 } });
    expect(errorsOf(p)).toContainEqual(expect.objectContaining({ path: `$.rules[${p.rules.length - 1}].when`, message: expect.stringContaining('ks5.aps') }));
  });

  it('rejects duplicate rule ids and category codes', () => {
    const p = raw('staffordshire-2014');
    p.rules[1].id = p.rules[0].id;
    p.categories[1].code = 'A';
    const paths = errorsOf(p).map((e) => e.path);
    expect(paths).toContain('$.rules[1].id');
    expect(paths).toContain('$.categories[1].code');
  });

  it('rejects a matrix with a missing cell', () => {
    const p = raw('wales-nscs');
    delete p.combination.cells['3'].D;
    expect(errorsOf(p)).toContainEqual(expect.objectContaining({ path: '$.combination.cells["3"]', message: expect.stringContaining('"D"') }));
  });

  it('checks a withdrawn input against the rule: no year in force after its last year, a dated source', () => {
    const p = raw('staffordshire-2014');
    const i = p.rules.findIndex((r: { id: string }) => r.id === 'ks2-below-floor');
    p.rules[i].when.yearsInForce.push('2018/19');
    expect(errorsOf(p).map((e) => `${e.path} ${e.message}`)).toContain(`$.rules[${i}].when.yearsInForce 2018/19 is after 2017/18, the last year of the withdrawn input`);
    const q = raw('staffordshire-2014');
    q.rules[i].withdrawn.source.published = 'May 2019';
    expect(errorsOf(q)[0].path).toBe(`$.rules[${i}].withdrawn.source.published`);
  });

  it('rejects unknown fields, so a typo in an edited file is not ignored', () => {
    const p = raw('staffordshire-2008');
    p.rules[0].assing = p.rules[0].assign;
    expect(errorsOf(p).some((e) => e.path === '$.rules[0]' && /assing/.test(e.message))).toBe(true);
  });

  it('checks a best fit against the rules: a decisive characteristic of another category, a category without a profile', () => {
    const p = raw('staffordshire-2008');
    p.combination.profiles[0].decisive.push('ofsted-grade-3');
    p.combination.profiles = p.combination.profiles.filter((x: { category: string }) => x.category !== '2');
    const errors = errorsOf(p);
    expect(errors).toContainEqual(expect.objectContaining({ path: '$.combination.profiles[0].decisive[5]', message: '"ofsted-grade-3" is not a rule assigning category "4"' }));
    expect(errors.some((e) => /best fit has no profile for category "2"/.test(e.message))).toBe(true);
    expect(errors.some((e) => e.path === '$.settings["category-2-characteristics"]' && /not used/.test(e.message))).toBe(true);
  });
});
