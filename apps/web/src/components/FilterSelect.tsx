interface FilterSelectProps {
  label: string;
  value: string;
  options: readonly string[];
  format?: (value: string) => string;
  onChange: (value: string) => void;
}

/** A list filter: "All" or one of `options`. */
export function FilterSelect({ label, value, options, format = (option) => option, onChange }: FilterSelectProps) {
  const id = `filter-${label.toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {format(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
