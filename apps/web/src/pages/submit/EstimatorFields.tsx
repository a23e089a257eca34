import type { EstimatorInfo, Json } from '../../api/types';
import { CheckboxField, Field } from '../../components/Field';
import { ErrorAlert, Loading } from '../../components/LoadState';
import { DATASETS } from '../../lib/catalog';
import { fieldPaths, paramField, type EstimatorForm, type ParamField } from '../../lib/experiment-form';
import { formatModelType, formatParam } from '../../lib/format';

interface EstimatorFieldsProps<T extends EstimatorForm> {
  form: T;
  onChange: (patch: Partial<EstimatorForm>) => void;
  errorAt: (path: string) => string | undefined;
  /** GET /estimators' models (modelChoices), with its loading state. */
  estimators: { models: EstimatorInfo[]; error: Error | undefined };
}

/** The form's model as GET /estimators describes it, once loaded. */
export const selectedModel = (form: EstimatorForm, models: readonly EstimatorInfo[]) => models.find((model) => model.type === form.modelType);

/** The request paths these fields stand for, so that an error for any other field is shown above the form. */
export function estimatorFieldPaths(form: EstimatorForm, models: readonly EstimatorInfo[]): string[] {
  const paths = fieldPaths(form);
  return [
    paths.dataset,
    paths.nSamples,
    paths.testSize,
    paths.splitRandomState,
    paths.stratify,
    paths.modelType,
    ...(selectedModel(form, models)?.params ?? []).map((param) => paths.param(param.name)),
  ];
}

/** Data, split and model fields shared by the run and the sweep forms. */
export function EstimatorFields<T extends EstimatorForm>({ form, onChange, errorAt, estimators }: EstimatorFieldsProps<T>) {
  const paths = fieldPaths(form);
  const model = selectedModel(form, estimators.models);
  return (
    <>
      <fieldset>
        <legend>Data</legend>
        <div className="stack">
          <div className="form-grid">
            <Field label="Dataset" error={errorAt(paths.dataset)}>
              {(control) => (
                <select {...control} className="select" value={form.dataset} onChange={(event) => onChange({ dataset: event.target.value })}>
                  {DATASETS.map((dataset) => (
                    <option key={dataset}>{dataset}</option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label="Samples (n_samples)"
              hint="Empty: all 70,000"
              value={form.nSamples}
              error={errorAt(paths.nSamples)}
              onChange={(nSamples) => onChange({ nSamples })}
            />
            <TextField
              label="Test size"
              hint="Fraction (0, 1) or a count"
              value={form.testSize}
              error={errorAt(paths.testSize)}
              onChange={(testSize) => onChange({ testSize })}
            />
            <TextField
              label="Split random_state"
              hint="Empty: a different split each time"
              value={form.splitRandomState}
              error={errorAt(paths.splitRandomState)}
              onChange={(splitRandomState) => onChange({ splitRandomState })}
            />
          </div>
          <CheckboxField
            label="Stratify (same class proportions in train and test)"
            checked={form.stratify}
            error={errorAt(paths.stratify)}
            onChange={(stratify) => onChange({ stratify })}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Model</legend>
        <div className="stack">
          <CheckboxField label="Scale the pixels first (StandardScaler step)" checked={form.scale} onChange={(scale) => onChange({ scale })} />
          <div className="form-grid">
            <Field label="Estimator" error={errorAt(paths.modelType)}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={form.modelType}
                  onChange={(event) => onChange({ modelType: event.target.value, params: {} })}
                >
                  {(estimators.models.length > 0 ? estimators.models.map((choice) => choice.type) : [form.modelType]).map((type) => (
                    <option key={type} value={type}>
                      {formatModelType(type)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {(model?.params ?? []).map(paramField).map((field) => (
              <ParamInput
                key={`${form.modelType}.${field.name}`}
                field={field}
                value={form.params[field.name] ?? ''}
                error={errorAt(paths.param(field.name))}
                onChange={(value) => onChange({ params: { ...form.params, [field.name]: value } })}
              />
            ))}
          </div>
          {estimators.error && <ErrorAlert error={estimators.error} what="the estimators' parameters" />}
          {!model && !estimators.error && <Loading what="the estimators' parameters" />}
        </div>
      </fieldset>
    </>
  );
}

interface TextFieldProps {
  label: string;
  hint?: string;
  title?: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

/** Free text, so that whatever is typed reaches the api, which says what is wrong with it. */
export function TextField({ label, hint, title, value, error, onChange }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} title={title} error={error}>
      {(control) => (
        <input {...control} className="input" type="text" inputMode="decimal" autoComplete="off" value={value} onChange={(event) => onChange(event.target.value)} />
      )}
    </Field>
  );
}

function ParamInput({ field, value, error, onChange }: { field: ParamField; value: string; error?: string; onChange: (value: string) => void }) {
  if (!field.choices) return <TextField label={field.name} hint={field.hint} title={field.description} value={value} error={error} onChange={onChange} />;
  return (
    <Field label={field.name} hint={field.hint} title={field.description} error={error}>
      {(control) => (
        <select {...control} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">default</option>
          {(field.choices ?? []).map((choice: Json) => (
            <option key={JSON.stringify(choice)} value={JSON.stringify(choice)}>
              {formatParam(choice)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
