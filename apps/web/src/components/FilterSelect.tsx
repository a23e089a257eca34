import { useEstimators } from '../hooks/useEstimators';
import { formatModelType } from '../lib/format';
import { SelectField } from './SelectField';

interface FilterSelectProps {
  label: string;
  value: string;
  options: readonly string[];
  format?: (value: string) => string;
  onChange: (value: string) => void;
}

/** A list filter: "All" or one of `options`. */
export function FilterSelect({ label, value, options, format = (option) => option, onChange }: FilterSelectProps) {
  return (
    <SelectField
      id={`filter-${label.toLowerCase()}`}
      label={label}
      value={value}
      options={[{ value: '', label: 'All' }, ...options.map((option) => ({ value: option, label: format(option) }))]}
      onChange={onChange}
    />
  );
}

/** The "Model" filter: the models GET /estimators lists. */
export function ModelTypeFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { models } = useEstimators();
  return <FilterSelect label="Model" value={value} options={models.map((model) => model.type)} format={formatModelType} onChange={onChange} />;
}
