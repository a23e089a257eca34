import { useState } from 'react';
import type { Preset } from '../../lib/experiment-form';

/** A form's state, started from the first preset; choosing another preset replaces it. */
export function usePresetForm<T>(presets: readonly Preset<T>[]) {
  const [presetId, setPresetId] = useState(presets[0].id);
  const [form, setForm] = useState<T>(presets[0].form);
  const change = (patch: Partial<T>) => setForm((current) => ({ ...current, ...patch }));
  const presetSelect = {
    presets,
    value: presetId,
    onSelect: (preset: Preset<T>) => {
      setPresetId(preset.id);
      setForm(preset.form);
    },
  };
  return { form, change, presetSelect };
}
