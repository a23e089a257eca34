import type { Preset } from '../../lib/experiment-form';

interface PresetSelectProps<T> {
  presets: readonly Preset<T>[];
  value: string;
  onSelect: (preset: Preset<T>) => void;
}

export function PresetSelect<T>({ presets, value, onSelect }: PresetSelectProps<T>) {
  return (
    <div className="field preset-field">
      <label htmlFor="preset">Start from</label>
      <select
        id="preset"
        className="select"
        value={value}
        onChange={(event) => {
          const preset = presets.find((candidate) => candidate.id === event.target.value);
          if (preset) onSelect(preset);
        }}
      >
        {presets.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {preset.label}
          </option>
        ))}
      </select>
    </div>
  );
}
