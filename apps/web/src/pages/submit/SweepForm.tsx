import type { FormEvent } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useEstimators } from '../../hooks/useEstimators';
import { SWEEP_PRESETS, fieldPaths, searchableParams, sweepRequestBody, type SweepForm as SweepFormState } from '../../lib/experiment-form';
import type { EstimatorInfo } from '../../api/types';
import { EstimatorFields, FormInputs, estimatorFieldPaths, selectedModel, type FormInput } from './EstimatorFields';
import { FormError } from './FormError';
import { PresetSelect } from './PresetSelect';
import { SubmitButton } from './SubmitButton';
import { usePresetForm } from './usePresetForm';
import { useSubmit } from './useSubmit';

const SEARCH_INPUTS: readonly FormInput<SweepFormState>[] = [
  { name: 'nIter', label: 'n_iter', hint: 'Candidates sampled; default 10' },
  { name: 'cv', label: 'cv', hint: 'Stratified folds; default 5' },
  { name: 'searchRandomState', label: 'random_state', hint: 'Seed of the sampling' },
];
const REFIT_INPUT: FormInput<SweepFormState> = { name: 'refit', label: 'Refit the best candidate on the whole training set' };

function searchableHint(model: EstimatorInfo | undefined): string {
  const hint = 'JSON: parameter names as step__param, each with a list of values to sample from';
  return model ? `${hint}. ${model.name}'s: ${searchableParams(model).join(', ')}` : hint;
}

/** POST /sweeps: RandomizedSearchCV over a search space written as scikit-learn's param_distributions. */
export function SweepForm() {
  const { form, change, presetSelect } = usePresetForm(SWEEP_PRESETS);
  const estimators = useEstimators();
  const { formRef, submit, submitting, error, setError, errorAt } = useSubmit(api.sweeps.submit, (id) => `/sweeps/${id}`);

  const paths = fieldPaths(form);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    let body;
    try {
      body = sweepRequestBody(form);
    } catch (reason) {
      setError({ field: paths.paramDistributions, message: `Not valid JSON: ${reason instanceof Error ? reason.message : String(reason)}` });
      return;
    }
    void submit(body);
  };
  const shownAtField = [...estimatorFieldPaths(form, estimators.models), paths.paramDistributions, paths.nIter, paths.cv, paths.searchRandomState, paths.refit];

  return (
    <form ref={formRef} className="card form-card" onSubmit={onSubmit} noValidate aria-label="New sweep">
      <PresetSelect {...presetSelect} />
      <FormError error={error} shownAtField={shownAtField} />
      <EstimatorFields form={form} onChange={change} errorAt={errorAt} estimators={estimators} />
      <fieldset>
        <legend>Search</legend>
        <div className="stack">
          <Field
            label="param_distributions"
            hint={searchableHint(selectedModel(form, estimators.models))}
            error={errorAt(paths.paramDistributions, true)}
          >
            {(control) => (
              <textarea
                {...control}
                className="textarea"
                spellCheck={false}
                value={form.paramDistributions}
                onChange={(event) => change({ paramDistributions: event.target.value })}
              />
            )}
          </Field>
          <div className="form-grid">
            <FormInputs inputs={SEARCH_INPUTS} form={form} onChange={change} errorAt={(name) => errorAt(paths[name])} />
          </div>
          <FormInputs inputs={[REFIT_INPUT]} form={form} onChange={change} errorAt={(name) => errorAt(paths[name])} />
        </div>
      </fieldset>
      <SubmitButton submitting={submitting} label="Start sweep" />
    </form>
  );
}
