import type { EstimatorInfo, Json } from '../../api/types';
import { CheckboxField, Field } from '../../components/Field';
import { ErrorAlert, Loading } from '../../components/LoadState';
import { useDatasetNames } from '../../hooks/useDatasetNames';
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
  const datasets = useDatasetNames();
  return (
    <>
      <fieldset>
        <legend>Data</legend>
        <div className="stack">
          <div className="form-grid">
            <Field label="Dataset" error={errorAt(paths.dataset)}>
              {(control) => (
                <select {...control} className="select" value={form.dataset} onChange={(event) => onChange({ dataset: event.target.value })}>
                  {(datasets.length > 0 ? datasets : [form.dataset]).map((dataset) => (
                    <option key={dataset}>{dataset}</option>
                  ))}
                </select>
              )}
            </Field>
            <FormInputs inputs={SPLIT_INPUTS} form={form} onChange={onChange} errorAt={(name) => errorAt(paths[name])} />
          </div>
          <FormInputs inputs={[STRATIFY_INPUT]} form={form} onChange={onChange} errorAt={(name) => errorAt(paths[name])} />
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

/** The names of a form's fields that hold text or a flag. */
type InputKey<T> = { [K in keyof T]: T[K] extends string | boolean ? K : never }[keyof T] & string;

/** An input for one of a form's fields: a text input for text, a checkbox for a flag. */
export interface FormInput<T> {
  name: InputKey<T>;
  label: string;
  hint?: string;
}

const SPLIT_INPUTS: readonly FormInput<EstimatorForm>[] = [
  { name: 'nSamples', label: 'Samples (n_samples)', hint: 'Empty: all 70,000' },
  { name: 'testSize', label: 'Test size', hint: 'Fraction (0, 1) or a count' },
  { name: 'splitRandomState', label: 'Split random_state', hint: 'Empty: a different split each time' },
];

const STRATIFY_INPUT: FormInput<EstimatorForm> = { name: 'stratify', label: 'Stratify (same class proportions in train and test)' };

interface FormInputsProps<T> {
  inputs: readonly FormInput<T>[];
  form: T;
  onChange: (patch: Partial<T>) => void;
  /** The api's error for the request field an input stands for. */
  errorAt: (name: InputKey<T>) => string | undefined;
}

export function FormInputs<T>({ inputs, form, onChange, errorAt }: FormInputsProps<T>) {
  return inputs.map(({ name, label, hint }) => {
    const value = form[name];
    const change = (next: string | boolean) => onChange({ [name]: next } as Partial<T>);
    if (typeof value === 'boolean') return <CheckboxField key={name} label={label} checked={value} error={errorAt(name)} onChange={change} />;
    return <TextField key={name} label={label} hint={hint} value={String(value)} error={errorAt(name)} onChange={change} />;
  });
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
