import type { FormEvent } from 'react';
import { api } from '../../api/client';
import { CheckboxField, Field } from '../../components/Field';
import { useEstimators } from '../../hooks/useEstimators';
import { SWEEP_PRESETS, fieldPaths, sweepRequestBody } from '../../lib/experiment-form';
import { EstimatorFields, TextField, estimatorFieldPaths } from './EstimatorFields';
import { FormError } from './FormError';
import { PresetSelect } from './PresetSelect';
import { usePresetForm } from './usePresetForm';
import { useSubmit } from './useSubmit';

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
            hint="JSON: parameter names as step__param, each with a list of values to sample from"
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
            <TextField
              label="n_iter"
              hint="Candidates sampled; default 10"
              value={form.nIter}
              error={errorAt(paths.nIter)}
              onChange={(nIter) => change({ nIter })}
            />
            <TextField label="cv" hint="Stratified folds; default 5" value={form.cv} error={errorAt(paths.cv)} onChange={(cv) => change({ cv })} />
            <TextField
              label="random_state"
              hint="Seed of the sampling"
              value={form.searchRandomState}
              error={errorAt(paths.searchRandomState)}
              onChange={(searchRandomState) => change({ searchRandomState })}
            />
          </div>
          <CheckboxField
            label="Refit the best candidate on the whole training set"
            checked={form.refit}
            error={errorAt(paths.refit)}
            onChange={(refit) => change({ refit })}
          />
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={submitting}>
          {submitting ? 'Submitting…' : 'Start sweep'}
        </button>
      </div>
    </form>
  );
}
