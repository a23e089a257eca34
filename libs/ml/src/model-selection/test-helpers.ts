/** Fixtures shared by the model-selection specs (not exported from the package). */

/** The messages of the process warnings `fn` emits, once they have been delivered. */
export async function collectWarnings(fn: () => void): Promise<string[]> {
  const warnings: string[] = [];
  const listener = (warning: Error) => warnings.push(warning.message);
  process.on('warning', listener);
  try {
    fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  return warnings;
}
