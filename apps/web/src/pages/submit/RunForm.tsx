import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { RUN_PRESETS, runRequestBody, type EstimatorForm } from '../../lib/experiment-form';
import { EstimatorFields, estimatorFieldPaths } from './EstimatorFields';
import { FormError } from './FormError';
import { PresetSelect } from './PresetSelect';
import { useSubmit } from './useSubmit';

const DEFAULT_PRESET = RUN_PRESETS[0];

/** POST /runs from a form; the api's 400 appears under the field it names. */
export function RunForm() {
  const [presetId, setPresetId] = useState(DEFAULT_PRESET.id);
  const [form, setForm] = useState<EstimatorForm>(DEFAULT_PRESET.form);
  const { formRef, submit, submitting, error, errorAt } = useSubmit(api.runs.submit, (id) => `/runs/${id}`);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(runRequestBody(form));
  };
  return (
    <form ref={formRef} className="card form-card" onSubmit={onSubmit} noValidate aria-label="New training run">
      <PresetSelect
        presets={RUN_PRESETS}
        value={presetId}
        onSelect={(preset) => {
          setPresetId(preset.id);
          setForm(preset.form);
        }}
      />
      <FormError error={error} shownAtField={estimatorFieldPaths(form)} />
      <EstimatorFields form={form} onChange={(patch) => setForm({ ...form, ...patch })} errorAt={errorAt} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={submitting}>
          {submitting ? 'Submitting…' : 'Start run'}
        </button>
      </div>
    </form>
  );
}
