import { SelectField } from '../../components/SelectField';
import type { Preset } from '../../lib/experiment-form';

interface PresetSelectProps<T> {
  presets: readonly Preset<T>[];
  value: string;
  onSelect: (preset: Preset<T>) => void;
}

export function PresetSelect<T>({ presets, value, onSelect }: PresetSelectProps<T>) {
  return (
    <SelectField
      id="preset"
      className="field preset-field"
      label="Start from"
      value={value}
      options={presets.map((preset) => ({ value: preset.id, label: preset.label }))}
      onChange={(id) => {
        const preset = presets.find((candidate) => candidate.id === id);
        if (preset) onSelect(preset);
      }}
    />
  );
}
