// Plain words for the categorisation letter to the head teacher and chair of governors.
import type { Policy } from './policy/schema.js';
import type { CategorisationResult } from './result-types.js';

export interface LetterSummary {
  categoryCode: string | null;
  categoryLabel: string;
  meaning: string;
  engagement: string;
  status: string;
  /** Other outputs the policy reports, e.g. "Stage of concern: Stage 2 – light touch". */
  otherOutputs: string[];
  policyTitle: string;
}

export function summariseForLetter(result: CategorisationResult, policy: Policy): LetterSummary {
  const cat = policy.categories.find((c) => c.code === result.category);
  const possible = result.possibleCategories
    .map((code) => policy.categories.find((c) => c.code === code)?.label ?? code)
    .join(', ');
  const status =
    result.status === 'confirmed'
      ? 'This category is confirmed on the evidence available.'
      : result.status === 'provisional'
        ? 'This category is provisional until the gaps listed with it are filled or the category has been moderated with the school.'
        : 'There is not enough evidence to confirm a category; it will be reviewed with the school.';
  const otherOutputs = policy.dimensions
    .filter((d) => d.reported && result.dimensions[d.id])
    .map((d) => {
      const v = result.dimensions[d.id];
      const meaning = d.values.find((x) => x.code === v.value)?.meaning;
      return `${d.label}: ${v.label ?? 'not yet determined'}${meaning ? ` – ${meaning}` : ''}`;
    });
  return {
    categoryCode: result.category,
    categoryLabel: cat ? `${cat.code} – ${cat.label}` : `Not yet set${possible ? ` (possible: ${possible})` : ''}`,
    meaning: cat?.meaning ?? 'The category will be set once the missing judgement or evidence has been supplied.',
    engagement: result.engagement?.description ?? 'Your link officer will contact you to agree the next steps.',
    status,
    otherOutputs,
    policyTitle: policy.title,
  };
}
