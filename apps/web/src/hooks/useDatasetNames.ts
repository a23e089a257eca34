import { api } from '../api/client';
import { useApi } from './useApi';

/** The names of the datasets a run may name (GET /datasets: built-in and uploaded); empty until loaded. */
export function useDatasetNames(): string[] {
  const { data } = useApi('datasets', (signal) => api.datasets.list(signal));
  return data?.map((dataset) => dataset.name) ?? [];
}
