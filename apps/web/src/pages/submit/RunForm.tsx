import type { FormEvent } from 'react';
import { api } from '../../api/client';
import { useEstimators } from '../../hooks/useEstimators';
import { RUN_PRESETS, runRequestBody } from '../../lib/experiment-form';
import { EstimatorFields, estimatorFieldPaths } from './EstimatorFields';
import { FormError } from './FormError';
import { PresetSelect } from './PresetSelect';
import { SubmitButton } from './SubmitButton';
import { usePresetForm } from './usePresetForm';
import { useSubmit } from './useSubmit';

/** POST /runs from a form; the api's 400 appears under the field it names. */
export function RunForm() {
  const { form, change, presetSelect } = usePresetForm(RUN_PRESETS);
  const estimators = useEstimators();
  const { formRef, submit, submitting, error, errorAt } = useSubmit(api.runs.submit, (id) => `/runs/${id}`);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(runRequestBody(form));
  };
  return (
    <form ref={formRef} className="card form-card" onSubmit={onSubmit} noValidate aria-label="New training run">
      <PresetSelect {...presetSelect} />
      <FormError error={error} shownAtField={estimatorFieldPaths(form, estimators.models)} />
      <EstimatorFields form={form} onChange={change} errorAt={errorAt} estimators={estimators} />
      <SubmitButton submitting={submitting} label="Start run" />
    </form>
  );
}
