import { api } from '../api/client';
import { modelChoices } from '../lib/experiment-form';
import { useApi } from './useApi';

/** GET /estimators, and the models the forms and filters offer (see modelChoices). */
export function useEstimators() {
  const estimators = useApi('estimators', (signal) => api.estimators.list(signal));
  return { ...estimators, models: estimators.data ? modelChoices(estimators.data) : [] };
}
