/**
 * The scorer names a search accepts, as scikit-learn spells them (`sklearn.metrics.get_scorer`).
 * Plain data, so that request validation can check a `scoring` without loading the metrics.
 */
export const SCORER_NAMES = [
  'accuracy',
  'balanced_accuracy',
  'f1_macro',
  'f1_weighted',
  'precision_macro',
  'recall_macro',
  'neg_log_loss',
  'roc_auc_ovr',
] as const;

export type ScorerName = (typeof SCORER_NAMES)[number];

export function isScorerName(value: unknown): value is ScorerName {
  return (SCORER_NAMES as readonly unknown[]).includes(value);
}
