// Thin typed wrapper around ml-xgboost (XGBoost compiled to WebAssembly). The library is CommonJS and
// initialises its WASM asynchronously, so it is loaded once and shared.
import { createRequire } from 'node:module';

export interface SerializedBooster {
  name: 'ml-xgboost';
  options: Record<string, string | number>;
  /** The booster's binary model, base64. */
  modelBase64: string;
}

interface XGBoostInstance {
  train(X: number[][], y: number[]): void;
  predict(X: number[][]): number[];
  toJSON(): { name: string; model: number[]; options: Record<string, string | number> };
  free(): void;
}

interface XGBoostClass {
  new (options: Record<string, string | number>): XGBoostInstance;
  load(model: { name: string; model: number[]; options: Record<string, string | number> }): XGBoostInstance;
}

/** The library cannot take NaN (its C API was built without missing=NaN), so missing is this sentinel. */
export const MISSING = -9999;

let loading: Promise<XGBoostClass> | undefined;

export function loadXGBoost(): Promise<XGBoostClass> {
  if (!loading) {
    const require = createRequire(import.meta.url);
    // The Emscripten loader warns that it falls back from streaming compilation under Node; that is
    // expected and harmless, so keep it off the console (it captures console.warn when it loads).
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      const first = String(args[0] ?? '');
      if (first.startsWith('wasm streaming compile failed') || first.startsWith('falling back to ArrayBuffer')) return;
      warn(...args);
    };
    try {
      loading = require('ml-xgboost') as Promise<XGBoostClass>;
    } finally {
      console.warn = warn;
    }
  }
  return loading;
}

/** A fitted learner; `S` is what it saves as (trees here, a logistic regression in logistic.ts). */
export interface Booster<S = SerializedBooster> {
  /** Raw (uncalibrated) probability for each row. */
  predict(rows: number[][]): number[];
  serialize(): S;
  free(): void;
}

function wrap(inst: XGBoostInstance): Booster {
  return {
    predict(rows) {
      if (rows.length === 0) return [];
      return inst.predict(rows).map(Number);
    },
    serialize() {
      const json = inst.toJSON();
      const bytes = Uint8Array.from(json.model.map((b) => b & 0xff));
      return { name: 'ml-xgboost', options: json.options, modelBase64: Buffer.from(bytes).toString('base64') };
    },
    free() {
      inst.free();
    },
  };
}

export async function trainBooster(
  X: number[][],
  y: readonly (0 | 1)[],
  params: Record<string, string | number>,
): Promise<Booster> {
  const XGBoost = await loadXGBoost();
  const inst = new XGBoost({ ...params, objective: 'binary:logistic', silent: 1 });
  inst.train(X, [...y]);
  return wrap(inst);
}

export async function restoreBooster(s: SerializedBooster): Promise<Booster> {
  const XGBoost = await loadXGBoost();
  const model = Array.from(Buffer.from(s.modelBase64, 'base64'));
  return wrap(XGBoost.load({ name: s.name, model, options: s.options }));
}
